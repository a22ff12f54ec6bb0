"""Workshops of a held meeting and what they produced or merged in the registers (issue 14, item 3).

A merge done "in a workshop" goes through the registers' own service (``registers.services.risks_merge``,
with its checks and history) and is then attributed to the workshop.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madinati.errors import Refused
from meetings.models import Meeting, Workshop, WorkshopOutcome, WorkshopRisk, WorkshopSupportRequest, WorkshopTopic
from meetings.services.common import clean_text, require_reviewer
from registers import services as registers_services
from registers.models import Risk, SupportRequest


@transaction.atomic
def workshop_save(
    *,
    meeting: Meeting,
    by,
    topic: str,
    title_ar: str,
    title_en: str = "",
    notes_ar: str = "",
    notes_en: str = "",
    workshop: Workshop | None = None,
    is_demo: bool = False,
) -> Workshop:
    """Record a workshop of a held meeting, or edit one."""
    require_reviewer(by)
    if not meeting.is_held:
        raise Refused(_("Workshops are recorded once the meeting is held."), field="topic")
    if topic not in WorkshopTopic.values:
        raise Refused(_("Choose the workshop's topic."), field="topic")
    title_ar = clean_text(title_ar)
    if not title_ar:
        raise Refused(_("Give the workshop an Arabic title."), field="title_ar")
    workshop = workshop or Workshop(meeting=meeting, created_by=by, is_demo=is_demo)
    workshop.topic, workshop.title_ar, workshop.title_en = topic, title_ar, clean_text(title_en)
    workshop.notes_ar, workshop.notes_en = clean_text(notes_ar), clean_text(notes_en)
    workshop.save()
    return workshop


def _check_outcome(outcome: str) -> None:
    if outcome not in WorkshopOutcome.values:
        raise Refused(_("Choose whether the workshop produced or merged it."), field="outcome")


def _check_risk_group(workshop: Workshop, risk: Risk) -> None:
    """The risk, or one of the entries merged into it, was raised in the meeting's group (one query)."""
    group = workshop.meeting.group
    if (
        not Risk.objects.filter(pk=risk.pk)
        .filter(Q(secretariat__group=group) | Q(duplicates__secretariat__group=group))
        .exists()
    ):
        raise Refused(_("This entry was raised outside the meeting's group."), field="entry")


@transaction.atomic
def workshop_link_risk(*, workshop: Workshop, risk: Risk, by, outcome: str = WorkshopOutcome.PRODUCED) -> WorkshopRisk:
    """The workshop produced (or merged) this unified risk or obstacle."""
    require_reviewer(by)
    _check_outcome(outcome)
    if risk.canonical_id:
        raise Refused(_("This entry is merged into another; record the unified entry instead."), field="entry")
    _check_risk_group(workshop, risk)
    link, _created = WorkshopRisk.objects.update_or_create(
        workshop=workshop, risk=risk, defaults={"outcome": outcome, "by": by, "at": timezone.now()}
    )
    return link


@transaction.atomic
def workshop_link_support_request(
    *, workshop: Workshop, support_request: SupportRequest, by, outcome: str = WorkshopOutcome.PRODUCED
) -> WorkshopSupportRequest:
    """The workshop produced (or unified into) this support request."""
    require_reviewer(by)
    _check_outcome(outcome)
    if support_request.secretariat.group != workshop.meeting.group:
        raise Refused(_("This entry was raised outside the meeting's group."), field="entry")
    link, _created = WorkshopSupportRequest.objects.update_or_create(
        workshop=workshop,
        support_request=support_request,
        defaults={"outcome": outcome, "by": by, "at": timezone.now()},
    )
    return link


@transaction.atomic
def workshop_unlink(*, link: WorkshopRisk | WorkshopSupportRequest, by) -> None:
    require_reviewer(by)
    link.delete()


@transaction.atomic
def workshop_merge_risks(
    *, workshop: Workshop, canonical: Risk, duplicates: list[Risk], by, reason: str = "", title: str = ""
) -> Risk:
    """Merge duplicates into one unified entry during a workshop; the merge is attributed to the workshop."""
    require_reviewer(by)
    if workshop.topic != WorkshopTopic.RISKS:
        raise Refused(_("Risks are merged in an obstacles-and-risks workshop."), field="canonical")
    reason = clean_text(reason) or _("Merged in the workshop “%(title)s” of %(meeting)s") % {
        "title": workshop.title,
        "meeting": workshop.meeting,
    }
    # The registers' own merge, with its checks and history; its refusals pass through as they are.
    canonical = registers_services.risks_merge(
        canonical=canonical, duplicates=duplicates, by=by, reason=reason, title=title
    )
    return workshop_link_risk(workshop=workshop, risk=canonical, by=by, outcome=WorkshopOutcome.MERGED)
