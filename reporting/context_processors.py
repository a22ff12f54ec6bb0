"""Per-request figures every page shows (the officer's returned-items count)."""

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress


def returned_count(secretariat_id: int) -> int:
    """Values and progress rows of the secretariat waiting for a fix: one ``COUNT`` over a ``UNION ALL``."""
    values = IndicatorValue.objects.filter(secretariat_id=secretariat_id, workflow_status=WorkflowStatus.RETURNED)
    progress = InitiativeProgress.objects.filter(secretariat_id=secretariat_id, workflow_status=WorkflowStatus.RETURNED)
    return values.order_by().values_list("pk").union(progress.order_by().values_list("pk"), all=True).count()


def workflow(request):
    """``returned_count`` for an officer (one query); nothing, and no query, for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_officer:
        return {}
    return {"returned_count": returned_count(user.secretariat_id)}
