"""The reporting workflow's states (they apply to indicator values and initiative progress alike)."""

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
