"""Writes to the registers: risks and obstacles, support requests, creative ideas.

Every function is keyword-only, runs in one transaction and checks who may
do it, so the pages and the API share one set of rules:

- an officer raises and edits entries of their own secretariat only;
- reviewers (and programme admins) set statuses, merge and unmerge risks,
  answer support requests and decide ideas, always with a reason.

Refusals raise :class:`madinati.errors.Refused` with a translated message,
the field at fault, and ``forbidden`` when the user may not do this at all.
Each write records who made it and why in the history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_write_secretariat
from initiatives.models import Initiative, Participation
from madinati.errors import Refused
from madinati.text import NOTE_MAX_LENGTH, user_text
from programme.models import Axis, Secretariat
from registers.models import (
    Idea,
    IdeaStatus,
    Risk,
    RiskKind,
    RiskStatus,
    SupportCategory,
    SupportRequest,
    SupportStatus,
)

#: Where an idea may go from each status (DESIGN §3: submitted → under study → adopted or declined).
IDEA_TRANSITIONS: dict[str, tuple[str, ...]] = {
    IdeaStatus.SUBMITTED: (IdeaStatus.UNDER_STUDY,),
    IdeaStatus.UNDER_STUDY: (IdeaStatus.ADOPTED, IdeaStatus.DECLINED),
    IdeaStatus.ADOPTED: (),
    IdeaStatus.DECLINED: (),
}
#: A decision that needs its reason written down.
IDEA_DECISIONS = (IdeaStatus.ADOPTED, IdeaStatus.DECLINED)

RISK_FIELDS = ("kind", "title", "description", "axis", "initiative", "likelihood", "impact", "mitigation", "owner")
REQUEST_FIELDS = ("category", "title", "description", "axis", "initiative")
IDEA_FIELDS = ("title", "description", "axis")


# --- shared checks -------------------------------------------------------------------------------------------------


def _require_writer(by, secretariat_id: int) -> None:
    if not can_write_secretariat(by, secretariat_id):
        raise Refused(_("Only an officer of this secretariat may write its entries."), forbidden=True)


def _require_reviewer(by) -> None:
    if not (by.is_authenticated and by.is_reviewer):
        raise Refused(_("Only a ministry reviewer may do this."), forbidden=True)


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give a reason."), field=field)
    return reason


def _check_axis_initiative(axis: Axis | None, initiative: Initiative | None, *, secretariat_id: int) -> Axis | None:
    """The initiative's axis wins when no axis is given; a contradicting pair is refused.

    An entry can be about an initiative only if its secretariat takes part in it.
    """
    if initiative is None:
        return axis
    if not Participation.objects.filter(initiative=initiative, secretariat_id=secretariat_id).exists():
        raise Refused(_("This secretariat does not take part in this initiative."), field="initiative")
    if axis is None:
        return initiative.axis
    if initiative.axis_id != axis.pk:
        raise Refused(_("This initiative belongs to another axis."), field="initiative")
    return axis


def _check_level(value, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise Refused(_("Choose a level from 1 to 5."), field=field)
    return value


def _check_choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise Refused(_("“%(value)s” is not a valid choice.") % {"value": value}, field=field)
    return value


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise Refused(_("Give a title."), field="title")
    return title


def _check_editable_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})


def _save_edit(entry, fields: dict, *, by) -> None:
    """The raising secretariat's edit: the axis and initiative checked together where the entry has both."""
    if hasattr(entry, "initiative"):
        axis = fields.pop("axis", entry.axis)
        initiative = fields.pop("initiative", entry.initiative)
        entry.axis = _check_axis_initiative(axis, initiative, secretariat_id=entry.secretariat_id)
        entry.initiative = initiative
    for name, value in fields.items():
        setattr(entry, name, value)
    _save(entry, by=by, reason=_("Edited by the secretariat"))


def _save(obj, *, by, reason: str) -> None:
    """Save with the history's who and why (also outside a request, e.g. from the API or a command)."""
    obj._history_user = by
    obj._change_reason = str(reason)
    obj.save()


# --- risks and obstacles -------------------------------------------------------------------------------------------


def _clean_risk_fields(fields: dict) -> dict:
    cleaned = dict(fields)
    if "kind" in cleaned:
        _check_choice(cleaned["kind"], RiskKind, "kind")
    if "title" in cleaned:
        cleaned["title"] = _check_title(cleaned["title"])
    for level in ("likelihood", "impact"):
        if level in cleaned:
            _check_level(cleaned[level], level)
    return cleaned


@transaction.atomic
def risk_create(
    *,
    by,
    secretariat: Secretariat,
    kind: str,
    title: str,
    likelihood: int,
    impact: int,
    description: str = "",
    axis: Axis | None = None,
    initiative: Initiative | None = None,
    mitigation: str = "",
    owner: str = "",
) -> Risk:
    """An officer records a risk or obstacle for their own secretariat."""
    _require_writer(by, secretariat.pk)
    fields = _clean_risk_fields(
        {
            "kind": kind,
            "title": title,
            "likelihood": likelihood,
            "impact": impact,
            "description": description,
            "mitigation": mitigation,
            "owner": owner,
        }
    )
    risk = Risk(
        secretariat=secretariat,
        axis=_check_axis_initiative(axis, initiative, secretariat_id=secretariat.pk),
        initiative=initiative,
        **fields,
    )
    risk.created_by = by
    _save(risk, by=by, reason=_("Recorded"))
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, by, **fields) -> Risk:
    """The raising secretariat's officer edits the description, levels, mitigation or owner (not the status)."""
    _require_writer(by, risk.secretariat_id)
    _check_editable_fields(fields, RISK_FIELDS)
    fields = _clean_risk_fields(fields)
    _save_edit(risk, fields, by=by)
    return risk


@transaction.atomic
def risk_set_status(*, risk: Risk, status: str, reason: str, by) -> Risk:
    """A reviewer moves an entry to open / being mitigated / closed, saying why."""
    _require_reviewer(by)
    _check_choice(status, RiskStatus, "status")
    reason = _require_reason(reason)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.canonical_id:
        raise Refused(
            _("This entry was merged into another one; change the status of the unified entry."), field="status"
        )
    if risk.status == status:
        raise Refused(_("The entry already has this status."), field="status")
    risk.status = status
    risk.status_reason = reason
    _save(risk, by=by, reason=reason)
    return risk


@transaction.atomic
def risks_merge(*, canonical: Risk, duplicates: list[Risk], by, reason: str = "", title: str = "") -> Risk:
    """Merge duplicates raised by several secretariats into ``canonical``; each keeps its link to it.

    The unified entry may be retitled. An entry that is itself a unified entry
    or already merged elsewhere is refused: undo that merge first, so an undo
    always restores exactly what was there before.
    """
    _require_reviewer(by)
    ids = {risk.pk for risk in duplicates} - {canonical.pk}
    if not ids:
        raise Refused(_("Choose at least one other entry to merge."), field="duplicates")
    locked = {risk.pk: risk for risk in Risk.objects.select_for_update().filter(pk__in=ids | {canonical.pk})}
    canonical = locked.get(canonical.pk)
    if canonical is None or len(locked) != len(ids) + 1:
        raise Refused(_("One of the entries no longer exists."))
    if canonical.canonical_id:
        raise Refused(_("“%(title)s” is merged into another entry.") % {"title": canonical.title}, field="canonical")
    reason = (reason or "").strip() or _("Merged as a duplicate")
    already_unified = set(Risk.objects.filter(canonical_id__in=ids).values_list("canonical_id", flat=True).distinct())
    for pk in sorted(ids):
        duplicate = locked[pk]
        if duplicate.canonical_id and duplicate.canonical_id != canonical.pk:
            raise Refused(
                _("“%(title)s” is already merged into another entry.") % {"title": duplicate.title}, field="duplicates"
            )
        if pk in already_unified:
            raise Refused(
                _("“%(title)s” is itself a unified entry; undo its merge first.") % {"title": duplicate.title},
                field="duplicates",
            )
    title = (title or "").strip()
    if title and title != canonical.title:
        canonical.title = title
        _save(canonical, by=by, reason=reason)
    for pk in sorted(ids):
        duplicate = locked[pk]
        if duplicate.canonical_id == canonical.pk:
            continue
        duplicate.canonical = canonical
        _save(duplicate, by=by, reason=reason)
    return canonical


#: The reason given for undoing a merge, kept in the history.
REASON_MAX_LENGTH = NOTE_MAX_LENGTH


@transaction.atomic
def risk_unmerge(*, risk: Risk, by, reason: str = "") -> list[Risk]:
    """Undo a merge: a unified entry releases all its duplicates, a duplicate releases itself.

    Returns the entries that stand alone again.
    """
    _require_reviewer(by)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    reason = user_text(reason, field="reason", max_length=REASON_MAX_LENGTH) or _("Merge undone")
    if risk.canonical_id:
        released = [risk]
    else:
        released = list(Risk.objects.select_for_update().filter(canonical=risk).order_by("id"))
        if not released:
            raise Refused(_("This entry is not merged with any other."))
    for duplicate in released:
        duplicate.canonical = None
        _save(duplicate, by=by, reason=reason)
    return released


# --- support requests ----------------------------------------------------------------------------------------------


@transaction.atomic
def support_request_create(
    *,
    by,
    secretariat: Secretariat,
    category: str,
    title: str,
    description: str = "",
    axis: Axis | None = None,
    initiative: Initiative | None = None,
) -> SupportRequest:
    """An officer asks the ministry for support on behalf of their own secretariat."""
    _require_writer(by, secretariat.pk)
    _check_choice(category, SupportCategory, "category")
    request = SupportRequest(
        secretariat=secretariat,
        category=category,
        title=_check_title(title),
        description=description,
        axis=_check_axis_initiative(axis, initiative, secretariat_id=secretariat.pk),
        initiative=initiative,
        created_by=by,
    )
    _save(request, by=by, reason=_("Raised"))
    return request


@transaction.atomic
def support_request_update(*, request: SupportRequest, by, **fields) -> SupportRequest:
    """The raising secretariat's officer edits a request the ministry has not answered yet."""
    _require_writer(by, request.secretariat_id)
    _check_editable_fields(fields, REQUEST_FIELDS)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.responded_at is not None or request.status != SupportStatus.OPEN:
        raise Refused(_("The ministry has already answered this request; it can no longer be edited."))
    if "category" in fields:
        _check_choice(fields["category"], SupportCategory, "category")
    if "title" in fields:
        fields["title"] = _check_title(fields["title"])
    _save_edit(request, fields, by=by)
    return request


@transaction.atomic
def support_request_respond(*, request: SupportRequest, status: str, response: str, by) -> SupportRequest:
    """A reviewer answers for the ministry: the new status and the response, signed and dated."""
    _require_reviewer(by)
    _check_choice(status, SupportStatus, "status")
    response = _require_reason(response, "response")
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    request.status = status
    request.response = response
    request.responded_by = by
    request.responded_at = timezone.now()
    _save(request, by=by, reason=response)
    return request


# --- creative ideas ------------------------------------------------------------------------------------------------


@transaction.atomic
def idea_create(*, by, secretariat: Secretariat, title: str, description: str = "", axis: Axis | None = None) -> Idea:
    """An officer puts forward a creative idea of their own secretariat."""
    _require_writer(by, secretariat.pk)
    idea = Idea(secretariat=secretariat, title=_check_title(title), description=description, axis=axis, created_by=by)
    _save(idea, by=by, reason=_("Proposed"))
    return idea


@transaction.atomic
def idea_update(*, idea: Idea, by, **fields) -> Idea:
    """The proposing secretariat's officer edits an idea still waiting to be studied."""
    _require_writer(by, idea.secretariat_id)
    _check_editable_fields(fields, IDEA_FIELDS)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status != IdeaStatus.SUBMITTED:
        raise Refused(_("This idea is already being studied or decided; it can no longer be edited."))
    if "title" in fields:
        fields["title"] = _check_title(fields["title"])
    _save_edit(idea, fields, by=by)
    return idea


def idea_allowed_transitions(idea: Idea) -> tuple[str, ...]:
    return IDEA_TRANSITIONS.get(idea.status, ())


@transaction.atomic
def idea_transition(*, idea: Idea, to: str, by, reason: str = "") -> Idea:
    """A reviewer moves an idea on: submitted → under study → adopted or declined (the last two with a reason)."""
    _require_reviewer(by)
    _check_choice(to, IdeaStatus, "status")
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if to not in IDEA_TRANSITIONS[idea.status]:
        raise Refused(
            _("An idea cannot go from “%(current)s” to “%(new)s”.")
            % {"current": IdeaStatus(idea.status).label, "new": IdeaStatus(to).label},
            field="status",
        )
    reason = _require_reason(reason) if to in IDEA_DECISIONS else (reason or "").strip()
    idea.status = to
    if to in IDEA_DECISIONS:
        idea.decision_reason = reason
        idea.decided_by = by
        idea.decided_at = timezone.now()
    _save(idea, by=by, reason=reason or IdeaStatus(to).label)
    return idea
