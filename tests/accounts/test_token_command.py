"""``manage.py issue_token``: a hashed, revocable token that acts with its user's role."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, _hash_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]


def issue(*args):
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_prints_the_key_as_its_last_line_and_stores_only_its_hash(viewer):
    lines = issue("viewer", "--name", "ministry BI")
    key = lines[-1]
    token = ApiToken.objects.get(user=viewer)
    assert token.name == "ministry BI"
    assert token.key_hash == _hash_key(key)
    assert key not in token.key_hash
    assert token.prefix == key[: ApiToken.PREFIX_LENGTH]
    assert " " not in key and len(key) >= 40


def test_the_token_authenticates_and_records_its_last_use(api_programme, viewer):
    key = issue("viewer")[-1]
    token = ApiToken.objects.get(user=viewer)
    assert token.last_used_at is None
    response = Client(headers={"Authorization": f"Token {key}"}).get("/api/v1/values/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timezone.timedelta(minutes=1)


def test_the_token_acts_with_its_users_role(api_programme, officer):
    key = issue("taif-officer")[-1]
    client = Client(headers={"Authorization": f"Token {key}"})
    statuses = {row["workflow_status"] for row in client.get("/api/v1/values/").json()["results"]}
    assert "draft" in statuses  # Taif's own 2018-Q2 draft
    body = '{"values": [{"secretariat": "jazan", "indicator": "complaint-handling", "period": "2018-Q2", "value": 1}]}'
    assert client.post("/api/v1/values/bulk/", body, content_type="application/json").status_code == 403


def test_every_issue_is_a_new_key(viewer):
    assert issue("viewer")[-1] != issue("viewer")[-1]
    assert ApiToken.objects.filter(user=viewer).count() == 2


def test_an_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user named"):
        issue("nobody")


def test_an_inactive_user_gets_no_token(viewer):
    viewer.is_active = False
    viewer.save()
    with pytest.raises(CommandError, match="inactive"):
        issue("viewer")
    assert not ApiToken.objects.exists()


def test_tokens_are_listed_and_revoked_in_the_admin(admin_client_, viewer):
    issue("viewer", "--name", "to revoke")
    token = ApiToken.objects.get(user=viewer)
    listing = admin_client_.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200
    assert "to revoke" in listing.content.decode()
    response = admin_client_.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
