"""Reads of the registers (risks and obstacles, support requests, ideas).

Every function here runs a fixed number of queries whatever the number of
rows: filters and counts are done by the database, related rows are joined
or prefetched once.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from programme.models import Secretariat
from registers.models import Idea, IdeaStatus, Risk, RiskStatus, SupportRequest, SupportStatus

OPEN_RISK_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING)
OPEN_REQUEST_STATUSES = (SupportStatus.OPEN, SupportStatus.IN_PROGRESS)
OPEN_IDEA_STATUSES = (IdeaStatus.SUBMITTED, IdeaStatus.UNDER_STUDY)
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RegisterFilters:
    """The filters shared by the three registers; ``None`` means "any"."""

    group: int | None = None
    secretariat: Secretariat | None = None
    axis_id: int | None = None
    kind: str | None = None
    status: str | None = None
    category: str | None = None


def _duplicates_prefetch() -> Prefetch:
    return Prefetch(
        "duplicates",
        queryset=Risk.objects.select_related("secretariat").order_by("secretariat__group", "secretariat__code", "id"),
    )


def _with_reach(queryset: QuerySet) -> QuerySet:
    """Annotate how many entries were merged in and how many secretariats the entry affects.

    ``secretariat_count`` counts the entry's own secretariat once plus every
    other secretariat among its duplicates (two duplicates from one
    secretariat count once).
    """
    return queryset.annotate(
        duplicate_count=Count("duplicates", distinct=True),
        other_secretariats=Count(
            "duplicates__secretariat", distinct=True, filter=~Q(duplicates__secretariat=F("secretariat"))
        ),
    ).annotate(
        secretariat_count=F("other_secretariats") + 1,
        is_unified=Case(When(duplicate_count__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField()),
        severity_score=F("likelihood") * F("impact"),
    )


def _with_affected(risks: list[Risk]) -> list[Risk]:
    """Attach ``affected_secretariats``: the entry's own secretariat, then each other one of its duplicates once."""
    for risk in risks:
        seen = {risk.secretariat_id}
        affected = [risk.secretariat]
        for duplicate in risk.duplicates.all():
            if duplicate.secretariat_id not in seen:
                seen.add(duplicate.secretariat_id)
                affected.append(duplicate.secretariat)
        risk.affected_secretariats = affected
    return risks


def _involving(*, secretariat: Secretariat | None = None, group: int | None = None) -> Q:
    """Top-level entries raised by, or merged from an entry raised by, the secretariat (or group)."""
    if secretariat is not None:
        own, duplicate = Q(secretariat=secretariat), Q(secretariat=secretariat)
    else:
        own, duplicate = Q(secretariat__group=group), Q(secretariat__group=group)
    return own | Q(Exists(Risk.objects.filter(duplicate, canonical=OuterRef("pk"))))


def _filtered_top_level_risks(filters: RegisterFilters) -> QuerySet:
    queryset = Risk.objects.filter(canonical__isnull=True)
    if filters.secretariat is not None:
        queryset = queryset.filter(_involving(secretariat=filters.secretariat))
    if filters.group is not None:
        queryset = queryset.filter(_involving(group=filters.group))
    if filters.axis_id is not None:
        queryset = queryset.filter(axis_id=filters.axis_id)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def risk_register_queryset(*, filters: RegisterFilters = RegisterFilters()) -> QuerySet:  # noqa: B008
    """The register as a lazy queryset (for paginated lists such as the API): top-level entries
    annotated with ``duplicate_count``, ``secretariat_count``, ``is_unified`` and ``severity_score``,
    unified first, by reach then severity; merged duplicates prefetched in one more query.
    """
    return (
        _with_reach(_filtered_top_level_risks(filters))
        .select_related("secretariat", "axis", "initiative")
        .prefetch_related(_duplicates_prefetch())
        .order_by("-is_unified", "-secretariat_count", "-severity_score", "-created_at", "-id")
    )


def risk_register(*, filters: RegisterFilters = RegisterFilters()) -> list[Risk]:  # noqa: B008 - frozen dataclass
    """Top-level entries (standalone or unified), unified first, by reach then severity.

    Two queries: the entries with their reach, and their merged duplicates.
    """
    return _with_affected(list(risk_register_queryset(filters=filters)))


def risk_heatmap(*, filters: RegisterFilters = RegisterFilters()) -> list[list[int]]:  # noqa: B008
    """5×5 counts of top-level entries: ``grid[likelihood - 1][impact - 1]``. One query."""
    grid = [[0 for _ in LEVELS] for _ in LEVELS]
    rows = (
        _filtered_top_level_risks(filters)
        .order_by()
        .values("likelihood", "impact")
        .annotate(n=Count("id"))
        .values_list("likelihood", "impact", "n")
    )
    for likelihood, impact, n in rows:
        if likelihood in LEVELS and impact in LEVELS:
            grid[likelihood - 1][impact - 1] = n
    return grid


def risk_detail(*, pk: int) -> Risk:
    """One entry with its reach, its duplicates and what it was merged into. Two queries."""
    risk = (
        _with_reach(Risk.objects.all())
        .select_related("secretariat", "axis", "initiative", "created_by", "canonical", "canonical__secretariat")
        .prefetch_related(_duplicates_prefetch())
        .get(pk=pk)
    )
    return _with_affected([risk])[0]


def risks_by_ids(*, ids: list[int]) -> list[Risk]:
    """Entries picked for a merge, with their reach. Two queries."""
    # The likeliest unified entry first: one that already unifies others, then the widest, then the most severe.
    return _with_affected(
        list(
            _with_reach(Risk.objects.filter(pk__in=ids))
            .select_related("secretariat", "canonical")
            .prefetch_related(_duplicates_prefetch())
            .order_by("-is_unified", "-secretariat_count", "-severity_score", "secretariat__code", "id")
        )
    )


def top_unified_risks(*, group: int | None = None, limit: int | None = 5, open_only: bool = True) -> list[Risk]:
    """Unified entries (with at least one duplicate merged in) by reach, then severity. Two queries."""
    queryset = _with_reach(Risk.objects.filter(canonical__isnull=True)).filter(duplicate_count__gt=0)
    if group is not None:
        queryset = queryset.filter(_involving(group=group))
    if open_only:
        queryset = queryset.filter(status__in=OPEN_RISK_STATUSES)
    queryset = (
        queryset.select_related("secretariat", "axis", "initiative")
        .prefetch_related(_duplicates_prefetch())
        .order_by("-secretariat_count", "-severity_score", "-created_at", "-id")
    )
    if limit is not None:
        queryset = queryset[:limit]
    return _with_affected(list(queryset))


def _raised_by(queryset, filters: RegisterFilters):
    """The filters a support request and an idea share: the secretariat that raised it, its group, axis and status."""
    if filters.secretariat is not None:
        queryset = queryset.filter(secretariat=filters.secretariat)
    if filters.group is not None:
        queryset = queryset.filter(secretariat__group=filters.group)
    if filters.axis_id is not None:
        queryset = queryset.filter(axis_id=filters.axis_id)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def _board(entries: list, statuses) -> list[tuple[str, str, list]]:
    """The entries in one column per status, in the workflow's order."""
    columns: dict[str, list] = {value: [] for value in statuses.values}
    for entry in entries:
        columns[entry.status].append(entry)
    return [(value, label, columns[value]) for value, label in statuses.choices]


def support_requests(*, filters: RegisterFilters = RegisterFilters()) -> list[SupportRequest]:  # noqa: B008
    """Support requests, newest first. One query."""
    queryset = SupportRequest.objects.select_related("secretariat", "axis", "initiative", "responded_by")
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    return list(_raised_by(queryset, filters).order_by("-created_at", "-id"))


def support_request_board(*, filters: RegisterFilters = RegisterFilters()) -> list[tuple[str, str, list]]:  # noqa: B008
    """``[(status, label, requests)]`` in workflow order, one column per status. One query."""
    return _board(support_requests(filters=filters), SupportStatus)


def ideas(*, filters: RegisterFilters = RegisterFilters()) -> list[Idea]:  # noqa: B008
    """Ideas, newest first. One query."""
    queryset = Idea.objects.select_related("secretariat", "axis", "decided_by")
    return list(_raised_by(queryset, filters).order_by("-created_at", "-id"))


def idea_board(*, filters: RegisterFilters = RegisterFilters()) -> list[tuple[str, str, list]]:  # noqa: B008
    """``[(status, label, ideas)]`` in workflow order. One query."""
    return _board(ideas(filters=filters), IdeaStatus)


@dataclass(frozen=True)
class SecretariatRegisters:
    risks: list[Risk]
    support_requests: list[SupportRequest]
    ideas: list[Idea]

    @property
    def is_demo(self) -> bool:
        return any(row.is_demo for row in (*self.risks, *self.support_requests, *self.ideas))


def secretariat_open_registers(*, secretariat: Secretariat) -> SecretariatRegisters:
    """A secretariat's open risks (its own, merged or not), requests and ideas. Three queries."""
    risks = list(
        # A merged entry is as open as the unified entry it was merged into.
        Risk.objects.filter(secretariat=secretariat)
        .filter(
            Q(canonical__isnull=True, status__in=OPEN_RISK_STATUSES)
            | Q(canonical__isnull=False, canonical__status__in=OPEN_RISK_STATUSES)
        )
        .select_related("axis", "canonical")
        .order_by("-likelihood", "-impact", "-created_at", "-id")
    )
    requests = list(
        SupportRequest.objects.filter(secretariat=secretariat, status__in=OPEN_REQUEST_STATUSES)
        .select_related("axis")
        .order_by("-created_at", "-id")
    )
    open_ideas = list(
        Idea.objects.filter(secretariat=secretariat, status__in=OPEN_IDEA_STATUSES)
        .select_related("axis")
        .order_by("-created_at", "-id")
    )
    return SecretariatRegisters(risks=risks, support_requests=requests, ideas=open_ideas)
