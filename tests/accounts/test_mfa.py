"""Item 2 of issue 12: a reviewer or an admin owes a one-time code (TOTP) after the password.

MFA is off for the rest of the suite (tests/settings.py); every test here turns it on for admins and reviewers.
"""

import io
import re
import runpy
from base64 import b32decode
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, Role, User
from accounts.twofactor import totp_enrol
from audit.models import Action, AuditEntry, Outcome
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
CODE_PAGE = "/accounts/mfa/"
ENROL_PAGE = "/accounts/mfa/enrol/"
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "madinati" / "settings.py"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.MFA_REQUIRED_ROLES = ["admin", "reviewer"]
    return settings


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_now(device)) + 500000) % 1000000:06d}"


def sign_in(user, *, url=LOGIN, language=None) -> tuple[Client, object]:
    client = Client()
    if language:
        client.cookies["madinati_language"] = language
    # The admin's login form carries next=/admin/ in a hidden field, as a browser posts it.
    form = {"username": user.username, "password": PASSWORD, **({"next": "/admin/"} if url == ADMIN_LOGIN else {})}
    response = client.post(url, form)
    return client, response


def verified(user) -> Client:
    """A client of ``user`` past both factors (enrolling the user first if needed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_enrol(user=user, via="test")[0]
    client, _ = sign_in(user)
    assert client.post(CODE_PAGE, {"code": code_now(device), "next": "/"}).status_code == 302
    return client


def owes_code(client: Client, path: str = "/") -> bool:
    response = client.get(path)
    return response.status_code == 302 and response["Location"].startswith(CODE_PAGE)


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


# --- who is asked ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url", "lands_on"),
    [("reviewer", LOGIN, "/"), ("admin", LOGIN, "/"), ("admin", ADMIN_LOGIN, "/admin/")],
)
def test_a_password_sign_in_of_a_reviewer_or_admin_goes_to_the_code_page(reviewer, admin_user, role, url, lands_on):
    user = reviewer if role == "reviewer" else admin_user
    totp_enrol(user=user, via="test")
    client, response = sign_in(user, url=url)
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_PAGE}?next={lands_on.replace('/', '%2F')}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="code"' in page.content.decode()


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_a_viewer_or_officer_is_not_asked_unless_their_role_is_listed(viewer, officer, mfa_on, role):
    user = viewer if role == "viewer" else officer
    client, response = sign_in(user)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    mfa_on.MFA_REQUIRED_ROLES = [role]
    assert sign_in(user)[1]["Location"].startswith(CODE_PAGE)


def test_a_superuser_of_another_role_counts_as_an_admin(db):
    root = UserFactory(username="root", role=Role.VIEWER, is_staff=True, is_superuser=True)
    assert sign_in(root)[1]["Location"].startswith(CODE_PAGE)


def test_empty_roles_turn_mfa_off(reviewer, mfa_on):
    assert sign_in(reviewer)[1]["Location"].startswith(CODE_PAGE)
    mfa_on.MFA_REQUIRED_ROLES = []
    client, response = sign_in(reviewer)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_nothing_opens_before_the_code(admin_user):
    totp_enrol(user=admin_user, via="test")
    client, _ = sign_in(admin_user)
    for path in ("/", "/review/", "/audit/", "/admin/", "/admin/accounts/user/", "/risks/"):
        assert owes_code(client, path), path
    assert client.post("/admin/accounts/user/", {"action": "unlock"}).status_code == 302
    api = client.get("/api/v1/secretariats/", headers={"Accept-Language": "en"})
    assert api.status_code == 403 and "one-time code" in api.json()["detail"]
    (refused,) = entries(Action.ACCESS_REFUSED)
    assert refused.path == "/api/v1/secretariats/" and refused.username == admin_user.username


def test_an_api_token_needs_no_code(reviewer, token_client):
    totp_enrol(user=reviewer, via="test")
    session, _ = sign_in(reviewer)
    assert session.get("/api/v1/secretariats/").status_code == 403
    assert token_client(reviewer).get("/api/v1/secretariats/").status_code == 200


# --- the code ----------------------------------------------------------------------------------------------


def test_a_right_code_opens_everything(admin_user):
    device, _ = totp_enrol(user=admin_user, via="test")
    client, _ = sign_in(admin_user, url=ADMIN_LOGIN)
    session_before = client.cookies["sessionid"].value
    response = client.post(f"{CODE_PAGE}?next=%2Fadmin%2F", {"code": code_now(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.cookies["sessionid"].value != session_before  # a new session key once verified
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/secretariats/").status_code == 200


def test_next_never_leaves_the_site(reviewer):
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer)
    response = client.post(CODE_PAGE, {"code": code_now(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_code_is_good_once(reviewer, mfa_on):
    mfa_on.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _ = totp_enrol(user=reviewer, via="test")
    code = code_now(device)
    first, _ = sign_in(reviewer)
    assert first.post(CODE_PAGE, {"code": code}).status_code == 302
    second, _ = sign_in(reviewer)
    assert second.post(CODE_PAGE, {"code": code}).status_code == 200
    assert owes_code(second)


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "هذا الرمز غير صحيح"), ("en", "That code is not right.")],
)
def test_a_wrong_code_is_refused_in_the_users_language(reviewer, language, words):
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer, language=language)
    response = client.post(CODE_PAGE, {"code": wrong_code(device)})
    assert response.status_code == 200 and words in response.content.decode()
    assert owes_code(client)
    (failed,) = entries(Action.MFA_FAILED)
    assert (failed.user_id, failed.outcome, failed.path) == (reviewer.pk, Outcome.FAILURE, CODE_PAGE)


def test_wrong_codes_in_a_row_make_the_next_check_wait(reviewer, mfa_on):
    mfa_on.OTP_TOTP_THROTTLE_FACTOR = 60  # 1 s by default; a slow machine must not outwait it
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer, language="en")
    client.post(CODE_PAGE, {"code": wrong_code(device)})
    # Soon after a wrong code even the right one is not checked: django-otp waits 1, 2, 4... seconds.
    waiting = client.post(CODE_PAGE, {"code": code_now(device)}).content.decode()
    assert re.search(r"Too many wrong codes in a row\. Wait (59|60) seconds, then enter", waiting)
    assert owes_code(client)
    assert len(entries(Action.MFA_FAILED)) == 2  # and the try counts toward the lockout


def test_five_wrong_codes_lock_the_account(reviewer, viewer):
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer)
    for _ in range(4):
        assert client.post(CODE_PAGE, {"code": wrong_code(device)}).status_code == 200
    assert sum(AccessAttempt.objects.filter(username="reviewer").values_list("failures_since_start", flat=True)) == 4
    locked = client.post(CODE_PAGE, {"code": wrong_code(device)})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session  # the half-signed-in session is over
    assert sign_in(reviewer)[1].status_code == 429  # and the right password is refused for now
    assert sign_in(viewer)[1].status_code == 302  # only that account
    outcomes = [e.outcome for e in entries(Action.MFA_FAILED)]
    assert outcomes == [Outcome.FAILURE] * 4 + [Outcome.REFUSED]


def test_a_locked_account_cannot_try_codes(reviewer):
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer)
    for _ in range(5):
        Client().post(LOGIN, {"username": "reviewer", "password": "wrong"})
    assert client.post(CODE_PAGE, {"code": code_now(device)}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(reviewer, mfa_on):
    mfa_on.OTP_STATIC_THROTTLE_FACTOR = 0
    _, codes = totp_enrol(user=reviewer, via="test")
    assert len(codes) == 10 and len(set(codes)) == 10
    first, _ = sign_in(reviewer)
    # Typed as shown in groups, upper case: still the code.
    spaced = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"
    assert first.post(CODE_PAGE, {"code": spaced}).status_code == 302
    assert first.get("/").status_code == 200
    second, _ = sign_in(reviewer)
    assert second.post(CODE_PAGE, {"code": codes[0]}).status_code == 200
    assert owes_code(second)
    assert second.post(CODE_PAGE, {"code": codes[1]}).status_code == 302
    assert StaticToken.objects.filter(device__user=reviewer).count() == 8


# --- enrolment ---------------------------------------------------------------------------------------------


def test_first_sign_in_enrols_with_a_server_drawn_qr_code_and_the_secret(reviewer, mfa_on):
    mfa_on.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    client, _ = sign_in(reviewer)
    assert client.get(CODE_PAGE)["Location"] == f"{ENROL_PAGE}?next=%2F"
    html = client.get(ENROL_PAGE).content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    secret = re.search(r'data-testid="mfa-secret">([A-Z2-7]+)<', html).group(1)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    # The page's <svg> is the QR code of the otpauth:// URI that carries that secret: drawn here, no image.
    assert f"secret={secret}" in device.config_url
    drawn = re.search(r'<path class="qrline" stroke="#000" d="([^"]+)"', html).group(1)
    assert drawn in segno.make(device.config_url, error="m").svg_inline()
    assert "<img" not in html and "<svg" in html
    assert client.get(ENROL_PAGE).content.decode().count(secret) == 1  # the same secret on a second visit
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    assert client.post(ENROL_PAGE, {"code": wrong_code(device)}).status_code == 200
    assert owes_code(client)
    done = client.post(ENROL_PAGE, {"code": code_now(device), "next": "/review/"})
    codes = re.findall(r"<li class=\"col mb-1\"><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert 'href="/review/"' in done.content.decode()
    assert client.get("/review/").status_code == 200
    (enrolled,) = entries(Action.MFA_ENROLLED)
    assert (enrolled.user_id, enrolled.detail) == (reviewer.pk, {"via": "sign-in"})


def test_the_enrolment_page_is_arabic_first_and_right_to_left(reviewer):
    client, _ = sign_in(reviewer)
    arabic = client.get(ENROL_PAGE).content.decode()
    assert 'dir="rtl"' in arabic and "إعداد التحقق بخطوتين" in arabic
    client.cookies["madinati_language"] = "en"
    english = client.get(ENROL_PAGE).content.decode()
    assert 'dir="ltr"' in english and "Set up two-factor sign-in" in english


def test_an_enrolled_user_cannot_enrol_another_authenticator(reviewer):
    device, _ = totp_enrol(user=reviewer, via="test")
    client, _ = sign_in(reviewer)
    assert client.get(ENROL_PAGE)["Location"].startswith(CODE_PAGE)
    assert client.post(ENROL_PAGE, {"code": code_now(device)})["Location"].startswith(CODE_PAGE)
    assert list(TOTPDevice.objects.filter(user=reviewer)) == [device]


# --- reset -------------------------------------------------------------------------------------------------


def test_the_admin_action_resets_two_factor(admin_user, reviewer):
    totp_enrol(user=reviewer, via="test")
    reviewer_client = verified(reviewer)
    admin = verified(admin_user)
    response = admin.post("/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [reviewer.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticDevice.objects.filter(user=reviewer).exists()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    # The reviewer's session gave its code with the removed device: it owes one again, and enrols anew.
    assert owes_code(reviewer_client)
    assert reviewer_client.get(CODE_PAGE)["Location"].startswith(ENROL_PAGE)
    (reset,) = entries(Action.MFA_RESET)
    assert (reset.user_id, reset.object_id) == (admin_user.pk, str(reviewer.pk))
    assert reset.detail == {"for": "reviewer", "devices": 2, "via": "admin"}


def test_the_admin_has_no_pages_that_show_or_forge_devices(admin_user):
    admin = verified(admin_user)
    assert admin.get("/admin/accounts/user/").status_code == 200
    for path in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/add/"):
        assert admin.get(path).status_code == 404, path


def test_reset_mfa_command(reviewer, capsys):
    totp_enrol(user=reviewer, via="test")
    call_command("reset_mfa", "reviewer")
    assert "reviewer: two-factor sign-in reset (2 device(s) removed)" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    (reset,) = entries(Action.MFA_RESET)
    assert (reset.user_id, reset.object_repr, reset.detail["via"]) == (None, "reviewer", "reset_mfa")
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_mfa", "nobody")


def test_create_user_totp_prints_the_otpauth_uri_last(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase-2018\n"))
    out = io.StringIO()
    call_command("create_user", "huda", "--role", "reviewer", "--password-stdin", "--totp", stdout=out)
    lines = out.getvalue().strip().splitlines()
    uri = lines[-1]
    assert uri.startswith("otpauth://totp/Madinati%3Ahuda?") and "secret=" in uri
    user = User.objects.get(username="huda")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    recovery = [line.strip() for line in lines if re.fullmatch(r"\s+[a-z2-7]{8}", line)]
    assert len(recovery) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    # The printed secret is the one sign-in checks: a code computed from it opens.
    client = Client()
    client.post(LOGIN, {"username": "huda", "password": "a-long-enough-passphrase-2018"})
    assert client.post(CODE_PAGE, {"code": code_now(device)}).status_code == 302
    assert entries(Action.MFA_ENROLLED)[0].detail == {"via": "create_user"}

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase-2018\n"))
    call_command("create_user", "sara", "--role", "reviewer", "--password-stdin", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user__username="sara").exists()  # without --totp, enrolled at sign-in


# --- the setting -------------------------------------------------------------------------------------------


def _roles_at_start_up(monkeypatch, *, debug: str, raw: str | None):
    monkeypatch.setenv("DEBUG", debug)
    if raw is None:
        monkeypatch.delenv("MFA_REQUIRED_ROLES", raising=False)
    else:
        monkeypatch.setenv("MFA_REQUIRED_ROLES", raw)
    return runpy.run_path(str(SETTINGS_FILE))["MFA_REQUIRED_ROLES"]


@pytest.mark.parametrize(
    ("debug", "raw", "roles"),
    [
        ("0", None, ["admin", "reviewer"]),
        ("1", None, []),
        ("0", "", []),
        ("0", "  ", []),
        ("1", "Reviewer, officer", ["reviewer", "officer"]),
    ],
)
def test_mfa_required_roles_from_the_environment(monkeypatch, debug, raw, roles):
    assert _roles_at_start_up(monkeypatch, debug=debug, raw=raw) == roles


@pytest.mark.parametrize("raw", ["admin,chief", "admin,,reviewer"])
def test_an_unknown_or_empty_role_stops_the_start_up(monkeypatch, raw):
    with pytest.raises(ImproperlyConfigured, match="MFA_REQUIRED_ROLES"):
        _roles_at_start_up(monkeypatch, debug="0", raw=raw)


def test_the_settings_know_every_role():
    assert tuple(runpy.run_path(str(SETTINGS_FILE))["MFA_ROLES"]) == tuple(Role.values)


# --- queries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("others", [1, 10])
def test_the_code_page_reads_a_fixed_number_of_rows(reviewer, django_assert_num_queries, others):
    totp_enrol(user=reviewer, via="test")
    for n in range(others):
        totp_enrol(user=UserFactory(username=f"reviewer-{n}", role=Role.REVIEWER), via="test")
    client, _ = sign_in(reviewer)
    ApiToken.issue(user=reviewer, name="unrelated")
    # session, user, the account's failed sign-ins (lockout), its authenticator
    with django_assert_num_queries(4):
        assert client.get(CODE_PAGE).status_code == 200
