from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from programme.models import Secretariat


@transaction.atomic
def user_create(
    *, username: str, role: str, password: str, secretariat_code: str | None = None, validate: bool = False
) -> User:
    """Create a user with a role; an officer must name an existing secretariat."""
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s; choose one of: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("A user named %(name)s already exists.") % {"name": username})
    secretariat = None
    if secretariat_code:
        secretariat = Secretariat.objects.filter(code=secretariat_code).first()
        if secretariat is None:
            raise ValidationError(_("Unknown secretariat code %(code)s.") % {"code": secretariat_code})
    if role == Role.OFFICER and secretariat is None:
        raise ValidationError(_("An officer must belong to a secretariat: pass --secretariat CODE."))
    if role != Role.OFFICER and secretariat is not None:
        raise ValidationError(_("Only an officer belongs to a secretariat."))
    user = User(username=username, role=role, secretariat=secretariat)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.save()
    return user
