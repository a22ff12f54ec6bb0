import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-2018\n"


def create_user(monkeypatch, *args, password=PASSWORD, language="en"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password))
    out = io.StringIO()
    with translation.override(language):
        call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_officer_of_a_secretariat(monkeypatch, secretariat):
    output = create_user(monkeypatch, "ali", "--role", "officer", "--secretariat", "taif", "--password-stdin")
    user = User.objects.get(username="ali")
    assert (user.role, user.secretariat, user.is_staff) == (Role.OFFICER, secretariat, False)
    assert user.check_password(PASSWORD.strip())
    assert "Created officer ali of taif." in output


def test_admin_gets_the_django_admin(monkeypatch):
    create_user(monkeypatch, "root2", "--role", "admin", "--password-stdin")
    user = User.objects.get(username="root2")
    assert user.is_staff and user.is_superuser and user.role == Role.ADMIN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "officer"], "An officer must belong to a secretariat"),
        (["--role", "chief"], "Unknown role chief"),
        (["--role", "officer", "--secretariat", "atlantis"], "Unknown secretariat code atlantis"),
        (["--role", "viewer", "--secretariat", "taif"], "Only an officer belongs to a secretariat"),
    ],
)
def test_errors_are_clear_and_nothing_is_created(monkeypatch, secretariat, args, message):
    with pytest.raises(CommandError, match=message):
        create_user(monkeypatch, "bad", *args, "--password-stdin")
    assert not User.objects.filter(username="bad").exists()


def test_password_must_come_from_stdin(monkeypatch):
    with pytest.raises(CommandError, match="--password-stdin"):
        create_user(monkeypatch, "nopass", "--role", "viewer")
    with pytest.raises(CommandError, match="No password"):
        create_user(monkeypatch, "nopass", "--role", "viewer", "--password-stdin", password="")


def test_weak_password_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="too short|too common"):
        create_user(monkeypatch, "weak", "--role", "viewer", "--password-stdin", password="123\n")


def test_duplicate_username(monkeypatch):
    create_user(monkeypatch, "dup", "--role", "viewer", "--password-stdin")
    with pytest.raises(CommandError, match="already exists"):
        create_user(monkeypatch, "dup", "--role", "viewer", "--password-stdin")


def test_errors_speak_arabic_by_default(monkeypatch):
    with pytest.raises(CommandError, match="يجب أن يتبع موظف الأمانة أمانةً محددة"):
        create_user(monkeypatch, "bad", "--role", "officer", "--password-stdin", language="ar")
