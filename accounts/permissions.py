"""Who may write a secretariat's records (DESIGN §2)."""


def can_write_secretariat(user, secretariat_id: int) -> bool:
    """Only an officer of that secretariat enters its figures (admins use the Django admin)."""
    return user.is_authenticated and user.is_officer and user.secretariat_id == secretariat_id
