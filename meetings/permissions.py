"""Who may do what in the review cycle (issue 14): every signed-in user reads; reviewers run the meetings.

Reviewers and programme admins create and edit meetings, decisions, actions and workshops, and
freeze snapshots. An officer updates the actions owned by their own secretariat; a reviewer any.
"""


def can_run_meetings(user) -> bool:
    return bool(user.is_authenticated and user.is_reviewer)


def can_update_action(user, action) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_reviewer:
        return True
    return bool(user.is_officer and action.owner_secretariat_id and action.owner_secretariat_id == user.secretariat_id)
