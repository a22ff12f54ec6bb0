"""Who may read which quarterly figures (DESIGN §2), as a queryset filter.

Every page and API view starts from this, so the rule lives in one place
and is enforced in the database query, never only by hiding a link.
"""

from django.db.models import Q, QuerySet

from indicators.choices import WorkflowStatus


def workflow_rows_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Indicator values or progress rows ``user`` may read.

    Drafts belong to their secretariat until submitted: an officer sees every
    row of their own secretariat and only the non-draft rows of the others;
    ministry users see every non-draft row; programme admins see everything.
    """
    if not user.is_authenticated:
        return queryset.none()
    if user.is_programme_admin:
        return queryset
    not_draft = ~Q(workflow_status=WorkflowStatus.DRAFT)
    if user.is_officer:
        return queryset.filter(not_draft | Q(secretariat_id=user.secretariat_id))
    return queryset.filter(not_draft)
