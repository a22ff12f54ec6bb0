"""REST API v1: the year and the groups side by side (issue 15; DESIGN §5.1).

``summary/annual/`` is :func:`indicators.annual.annual_card` per secretariat; ``summary/groups/`` is
:func:`indicators.groups.compare_groups` over a quarter's scorecard or a year's card. Both are scoped
like the other summaries: any signed-in caller, and only visible figures count (DESIGN §4 rule 1), so
every caller gets the same figures. Not paginated: one row per secretariat or group.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import IF_NONE_MATCH, ApiViewMixin, CSVRenderer, EdgeNumberField, edge_number
from indicators import annual, groups, scoring
from indicators.models import YearRule
from programme.filters import PERIOD_PATTERN
from programme.models import ReportingPeriod

YEAR_HELP = gettext_lazy("Calendar year, e.g. 2017; default: the year of the latest period with visible data.")


class YearQuerySerializer(serializers.Serializer):
    """The query string of the year's summaries; an error names the parameter."""

    year = serializers.IntegerField(required=False, min_value=2000, max_value=2999, help_text=YEAR_HELP)
    group = serializers.IntegerField(
        required=False, min_value=1, max_value=32767, help_text=gettext_lazy("Only this programme group.")
    )
    approved_only = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Count approved figures only (default: submitted and approved)."),
    )


class GroupsQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(
        PERIOD_PATTERN,
        required=False,
        help_text=gettext_lazy("Reporting period YYYY-Qn; default: the latest period with visible data."),
        error_messages={"invalid": gettext_lazy("Use the form YYYY-Qn for a period, e.g. 2018-Q1.")},
    )
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2999,
        help_text=gettext_lazy(
            "A calendar year instead of a quarter, e.g. 2017; given with period, the year is shown."
        ),
    )
    approved_only = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Count approved figures only (default: submitted and approved)."),
    )

    def validate(self, attrs):
        if "year" in attrs:  # the year wins over a quarter, as ?year= does on the pages
            attrs.pop("period", None)
        # Asked once every parameter is well formed: a quarter with no reporting period names nothing (a 404).
        if "period" in attrs:
            try:
                attrs["period"] = ReportingPeriod.objects.by_key(attrs["period"])
            except ReportingPeriod.DoesNotExist:
                raise exceptions.NotFound({"period": [_("No such reporting period.")]}) from None
        return attrs


def _query(request) -> dict:
    """The query string without its empty values: an empty parameter is the same as leaving it out."""
    return {key: value for key, value in request.query_params.items() if value != ""}


def _card(year: int, approved_only: bool):
    card = annual.annual_card(year=year, approved_only=approved_only)
    if card is None:  # well formed, but no quarter of that year is set up: it names nothing
        raise exceptions.NotFound({"year": [_("No reporting period is set up in that year.")]})
    return card


# --- the shapes (documentation and rendering) ------------------------------------------------------------


class YearResultSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(
        choices=YearRule.choices, read_only=True, help_text=gettext_lazy("How the quarters make the year.")
    )
    quarters = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Quarters with a visible value that made the figure (0 for progress).")
    )
    value = EdgeNumberField(help_text=gettext_lazy("The year's figure so far; null if none."))
    target = EdgeNumberField(help_text=gettext_lazy("The annual target; null if none."))
    achievement = EdgeNumberField(help_text=gettext_lazy("Percent of the annual target achieved, 0–100; null if none."))
    status = serializers.ChoiceField(
        choices=scoring.STATUSES,
        read_only=True,
        help_text=gettext_lazy("Status of the achievement: on_track, at_risk, off_track or no_data."),
    )


class AnnualRowSerializer(serializers.Serializer):
    secretariat = serializers.CharField(read_only=True, help_text=gettext_lazy("Secretariat code."))
    year = serializers.IntegerField(read_only=True)
    through = serializers.CharField(
        read_only=True, allow_null=True, help_text=gettext_lazy("The latest quarter the year to date covers, YYYY-Qn.")
    )
    score = EdgeNumberField(help_text=gettext_lazy("Weighted mean of the year's achievements; null when none."))
    rank = serializers.IntegerField(read_only=True, allow_null=True, help_text=gettext_lazy("Rank within its group."))
    national_rank = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Rank among every secretariat of the programme.")
    )
    reported = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("A visible value or progress report in the year.")
    )
    progress = EdgeNumberField(
        help_text=gettext_lazy("Progress over all its initiatives at the end of the year so far.")
    )
    axes = serializers.DictField(child=EdgeNumberField(), read_only=True)
    indicators = serializers.DictField(child=YearResultSerializer(), read_only=True)


class NamedScoreSerializer(serializers.Serializer):
    secretariat = serializers.CharField(read_only=True)
    score = EdgeNumberField()


class MemberSerializer(NamedScoreSerializer):
    rank = serializers.IntegerField(read_only=True, allow_null=True)
    national_rank = serializers.IntegerField(read_only=True, allow_null=True)


class GroupRowSerializer(serializers.Serializer):
    group = serializers.IntegerField(read_only=True)
    period = serializers.CharField(read_only=True, allow_null=True, help_text=gettext_lazy("The quarter, or null."))
    year = serializers.IntegerField(read_only=True, allow_null=True, help_text=gettext_lazy("The year, or null."))
    through = serializers.CharField(read_only=True, allow_null=True)
    secretariats = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Secretariats in the group."))
    reported = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Of which reported figures."))
    has_data = serializers.BooleanField(read_only=True)
    score = EdgeNumberField(help_text=gettext_lazy("Mean of its secretariats' scores; null when none is scored."))
    axes = serializers.DictField(
        child=EdgeNumberField(),
        read_only=True,
        help_text=gettext_lazy("Axis code → the group's progress (weighted over its secretariats' initiatives)."),
    )
    best = NamedScoreSerializer(read_only=True, allow_null=True)
    weakest = NamedScoreSerializer(read_only=True, allow_null=True)
    members = MemberSerializer(many=True, read_only=True)


# --- rows --------------------------------------------------------------------------------------------------


def _named(summary) -> dict | None:
    return None if summary is None else {"secretariat": summary.secretariat.code, "score": edge_number(summary.score)}


def annual_rows(card, *, group: int | None) -> list[dict]:
    national = groups.national_ranks(card)
    through = card.through.key if card.through else None
    return [
        {
            "secretariat": s.secretariat.code,
            "year": card.year,
            "through": through,
            "score": edge_number(s.score),
            "rank": s.rank,
            "national_rank": national[s.secretariat.code],
            "reported": s.reported,
            "progress": edge_number(s.progress),
            "axes": {code: edge_number(p) for code, p in s.axes.items()},
            "indicators": {
                code: {
                    "rule": r.rule,
                    "quarters": r.quarters,
                    "value": edge_number(r.value),
                    "target": edge_number(r.target),
                    "achievement": edge_number(r.achievement),
                    "status": r.status,
                }
                for code, r in s.indicators.items()
            },
        }
        for s in card.secretariats
        if group is None or s.secretariat.group == group
    ]


def group_rows(card, *, rows, period: str | None, year: int | None, through: str | None) -> list[dict]:
    national = groups.national_ranks(card)
    return [
        {
            "group": row.group,
            "period": period,
            "year": year,
            "through": through,
            "secretariats": row.size,
            "reported": row.reported,
            "has_data": row.has_data,
            "score": edge_number(row.score),
            "axes": {code: edge_number(p) for code, p in row.axes.items()},
            "best": _named(row.best),
            "weakest": _named(row.weakest),
            "members": [
                {**_named(s), "rank": s.rank, "national_rank": national[s.secretariat.code]} for s in row.members
            ],
        }
        for row in rows
    ]


class _YearSummaryView(ApiViewMixin, APIView):
    conditional = True
    pagination_class = None  # one row per secretariat or group, never paged
    renderer_classes = [*ApiViewMixin.renderer_classes, CSVRenderer]
    serializer_class = None

    def csv_header(self, rows):
        return None if rows else list(self.serializer_class().fields)


@extend_schema(
    summary="The year per secretariat",
    description=(
        "One row per secretariat: the year to date's score, rank in its group and national rank, and per indicator "
        "how its quarters make the year, the year's figure, the annual target and the achievement."
    ),
    parameters=[YearQuerySerializer, IF_NONE_MATCH],
    responses=AnnualRowSerializer(many=True),
)
class AnnualSummaryView(_YearSummaryView):
    serializer_class = AnnualRowSerializer

    def get(self, request):
        query = YearQuerySerializer(data=_query(request))
        query.is_valid(raise_exception=True)
        approved_only = query.validated_data["approved_only"]
        year = query.validated_data.get("year")
        if year is None:
            latest = scoring.latest_period_with_data(approved_only=approved_only)
            if latest is None:
                return Response([])
            year = latest.year
        # Every group's card: the national rank needs them all, and a secretariat's row is the same either way.
        card = _card(year, approved_only)
        rows = annual_rows(card, group=query.validated_data.get("group"))
        return Response(AnnualRowSerializer(rows, many=True).data)


@extend_schema(
    summary="The groups side by side",
    description=(
        "One row per group for a quarter (period) or a year: the mean score, progress per axis, how many "
        "secretariats reported, the best and weakest secretariat, and each member's rank in the group and nationally."
    ),
    parameters=[GroupsQuerySerializer, IF_NONE_MATCH],
    responses=GroupRowSerializer(many=True),
)
class GroupsSummaryView(_YearSummaryView):
    serializer_class = GroupRowSerializer

    def get(self, request):
        query = GroupsQuerySerializer(data=_query(request))
        query.is_valid(raise_exception=True)
        approved_only = query.validated_data["approved_only"]
        year = query.validated_data.get("year")
        initiatives = groups.initiative_axes()
        if year is not None:
            card = _card(year, approved_only)
            rows = groups.compare_groups(card=card, reported=card.reported, initiatives=initiatives)
            through = card.through.key if card.through else None
            return Response(self.render_rows(group_rows(card, rows=rows, period=None, year=year, through=through)))
        period = query.validated_data.get("period") or scoring.latest_period_with_data(approved_only=approved_only)
        if period is None:
            return Response([])
        card = scoring.scorecard(period=period, approved_only=approved_only)
        by_group = groups.reported_at(period=period, approved_only=approved_only)
        reported = set().union(*by_group.values()) if by_group else set()
        rows = groups.compare_groups(card=card, reported=reported, initiatives=initiatives)
        return Response(self.render_rows(group_rows(card, rows=rows, period=period.key, year=None, through=None)))

    def render_rows(self, rows):
        return GroupRowSerializer(rows, many=True).data
