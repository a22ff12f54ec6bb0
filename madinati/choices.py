"""Choices shared by both apps (the workflow applies to values and progress alike)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


#: Rows that count in a score (DESIGN §4 rule 1).
VISIBLE_STATUSES = (WorkflowStatus.SUBMITTED, WorkflowStatus.APPROVED)
#: Rows an officer may still edit.
EDITABLE_STATUSES = (WorkflowStatus.DRAFT, WorkflowStatus.RETURNED)
