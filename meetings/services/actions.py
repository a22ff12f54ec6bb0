"""Follow-up actions: a reviewer gives a decision its actions; the owner reports progress with notes.

An officer updates the actions owned by their own secretariat, a reviewer any (issue 14, item 2).
Each update leaves a progress note with who and when, and the action's history keeps the change.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madinati.errors import Refused
from meetings.models import Action, ActionNote, ActionStatus, Decision, MinistryUnit
from meetings.permissions import can_update_action
from meetings.services.common import clean_text, require_reviewer, require_some_text, save_with_history
from programme.models import Secretariat


def _check_owner(owner_secretariat: Secretariat | None, owner_unit: MinistryUnit | None) -> None:
    if (owner_secretariat is None) == (owner_unit is None):
        raise Refused(_("An action has one owner: a secretariat or a ministry unit."), field="owner")


@transaction.atomic
def action_create(
    *,
    decision: Decision,
    by,
    due_on: datetime.date,
    text_ar: str = "",
    text_en: str = "",
    owner_secretariat: Secretariat | None = None,
    owner_unit: MinistryUnit | None = None,
    is_demo: bool = False,
) -> Action:
    require_reviewer(by)
    text_ar, text_en = require_some_text(text_ar, text_en)
    _check_owner(owner_secretariat, owner_unit)
    if due_on is None:
        raise Refused(_("Give a due date."), field="due_on")
    action = Action(
        decision=decision,
        text_ar=text_ar,
        text_en=text_en,
        owner_secretariat=owner_secretariat,
        owner_unit=owner_unit,
        due_on=due_on,
        is_demo=is_demo,
        created_by=by,
    )
    save_with_history(action, by=by, reason=_("Action recorded"))
    return action


@transaction.atomic
def action_edit(
    *,
    action: Action,
    by,
    due_on: datetime.date,
    text_ar: str = "",
    text_en: str = "",
    owner_secretariat: Secretariat | None = None,
    owner_unit: MinistryUnit | None = None,
) -> Action:
    """Reword an action, change its owner or its due date (reviewers)."""
    require_reviewer(by)
    text_ar, text_en = require_some_text(text_ar, text_en)
    _check_owner(owner_secretariat, owner_unit)
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.text_ar, action.text_en, action.due_on = text_ar, text_en, due_on
    action.owner_secretariat, action.owner_unit = owner_secretariat, owner_unit
    save_with_history(action, by=by, reason=_("Action edited"))
    return action


@transaction.atomic
def action_update(*, action: Action, by, status: str, note: str = "", drop_reason: str = "") -> ActionNote:
    """Report progress: a note, a new status, or both. Dropping says why; the note keeps who and when."""
    if not can_update_action(by, action):
        raise Refused(
            _("Only an officer of the owner secretariat or a ministry reviewer may update this action."), forbidden=True
        )
    if status not in ActionStatus.values:
        raise Refused(_("Choose a status."), field="status")
    action = Action.objects.select_for_update().get(pk=action.pk)
    note, drop_reason = clean_text(note), clean_text(drop_reason)
    if status == ActionStatus.DROPPED and not (drop_reason or action.drop_reason):
        raise Refused(_("Say why the action is dropped."), field="drop_reason")
    if status == action.status and not note:
        raise Refused(_("Write a progress note or change the status."), field="note")
    previous = action.status
    action.status = status
    if status == ActionStatus.DROPPED:
        action.drop_reason = drop_reason or action.drop_reason
    elif drop_reason:
        raise Refused(_("A reason is given only when dropping the action."), field="drop_reason")
    else:
        action.drop_reason = ""
    reason = note or drop_reason
    if status != previous:
        reason = f"{ActionStatus(previous).label} → {ActionStatus(status).label}" + (f": {reason}" if reason else "")
    save_with_history(action, by=by, reason=reason)
    return ActionNote.objects.create(
        action=action, text=note or drop_reason or str(reason), status=status, by=by, at=timezone.now()
    )
