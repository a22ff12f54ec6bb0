"""The named demo people who submitted and approved the seeded figures, so their history reads as it happened.

Accounts that cannot sign in (inactive, no usable password): they exist to be named in the history, on
the locks and in the queue ("approved by demo-reviewer on 25 April 2018"), never to be used. The demo
users one signs in with (``seed_demo --with-demo-users``) are others.
"""

import datetime
from dataclasses import dataclass

from django.db import models

from accounts.models import Role, User
from indicators.choices import WorkflowStatus
from programme.models import Secretariat

REVIEWER = "demo-reviewer"
#: A reviewer approves a figure a few days after it was submitted.
REVIEW_DELAY = datetime.timedelta(days=5)


def officer_name(code: str) -> str:
    return f"demo-officer-{code}"


@dataclass(frozen=True)
class People:
    officers: dict[str, User]  # secretariat code → its demo officer
    reviewer: User


def _person(username: str, role: str, secretariat: Secretariat | None = None) -> tuple[User, int]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, 0
    user = User(username=username, role=role, secretariat=secretariat, is_active=False)
    user.set_unusable_password()
    user.save()
    return user, 1


def seed_people(codes: list[str]) -> tuple[People, int]:
    written = 0
    officers = {}
    for secretariat in Secretariat.objects.filter(code__in=codes).order_by("code"):
        officers[secretariat.code], changed = _person(officer_name(secretariat.code), Role.OFFICER, secretariat)
        written += changed
    reviewer, changed = _person(REVIEWER, Role.REVIEWER)
    return People(officers=officers, reviewer=reviewer), written + changed


def date_history(row: models.Model, *, people: People) -> int:
    """A figure just created by the seed gets the history it would have had: submitted, then approved.

    The seed writes a row in its final state, which leaves one history entry dated now by nobody. It
    becomes the officer's submission at ``submitted_at``, followed, for an approved figure, by the
    reviewer's approval at ``reviewed_at``. A row with any other history is left as it is.
    """
    records = list(type(row).history.model.objects.filter(id=row.pk).order_by("history_id"))
    if len(records) != 1 or records[0].history_type != "+" or records[0].history_user_id is not None:
        return 0
    submitted = records[0]
    submitted.history_date = row.submitted_at
    submitted.history_user = people.officers[row.secretariat.code]
    submitted.workflow_status = WorkflowStatus.SUBMITTED
    submitted.reviewed_at = None
    submitted.reviewed_by = None
    submitted.save()
    if row.workflow_status != WorkflowStatus.APPROVED:
        return 1
    approved = submitted
    approved.pk = None  # a second entry: the approval
    approved.history_type = "~"
    approved.history_date = row.reviewed_at
    approved.history_user = people.reviewer
    approved.workflow_status = WorkflowStatus.APPROVED
    approved.reviewed_at = row.reviewed_at
    approved.reviewed_by = people.reviewer
    approved.save()
    return 2
