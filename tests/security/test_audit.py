"""Item 4 of issue 12: every kind of event leaves one audit entry, and the trail cannot be rewritten."""

import json
import logging
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, Role
from audit.models import Action, AuditEntry, Outcome
from audit.services import purge, record
from programme.models import PeriodExtension, PeriodState
from reporting.services.imports import values_import
from reporting.services.review import row_approve, row_return
from tests.factories import PASSWORD, UserFactory
from tests.reporting.fixtures import save_value

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def _post_login(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_sign_in_succeeded_failed_locked_and_sign_out(viewer):
    client = Client()
    _post_login(client, "viewer", "wrong", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="curl/8")
    (failed,) = entries(Action.SIGNIN_FAILED)
    assert (failed.username, failed.user_id, failed.outcome) == ("viewer", None, Outcome.FAILURE)
    assert (failed.ip, failed.user_agent, failed.path) == ("192.0.2.7", "curl/8", "/accounts/login/")

    _post_login(client, "viewer", PASSWORD)
    (succeeded,) = entries(Action.SIGNIN_SUCCEEDED)
    assert succeeded.user_id == viewer.pk and succeeded.outcome == Outcome.SUCCESS

    client.post("/accounts/logout/")
    (signout,) = entries(Action.SIGNOUT)
    assert signout.user_id == viewer.pk

    for _ in range(5):
        _post_login(client, "viewer", "wrong")
    _post_login(client, "viewer", PASSWORD)
    locked = entries(Action.SIGNIN_LOCKED)
    assert len(locked) == 2  # the fifth failure locks; the right password afterwards is refused
    assert all(e.outcome == Outcome.REFUSED and e.username == "viewer" for e in locked)


def test_ip_is_the_proxys_last_forwarded_address_only_behind_the_proxy(viewer, settings):
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.6.6.6, 203.0.113.9"}
    _post_login(Client(), "viewer", "wrong", **forwarded)
    settings.BEHIND_TLS_PROXY = True
    _post_login(Client(), "viewer", "wrong", **forwarded)
    assert [e.ip for e in entries(Action.SIGNIN_FAILED)] == ["127.0.0.1", "203.0.113.9"]


def test_a_refused_page_and_api_call_are_one_entry_and_one_info_line(officer_client, caplog):
    caplog.set_level(logging.INFO)
    assert officer_client.get("/audit/").status_code == 403
    assert officer_client.post("/api/v1/values/bulk/", {}, content_type="application/json").status_code in (403, 400)
    refused = entries(Action.ACCESS_REFUSED)
    assert refused[0].path == "/audit/" and refused[0].username == "taif-officer"
    assert refused[0].outcome == Outcome.REFUSED
    audit_lines = [r for r in caplog.records if r.name == "audit"]
    assert len(audit_lines) == len(refused)
    assert all(r.levelno == logging.INFO and "/audit/" in audit_lines[0].getMessage() for r in audit_lines[:1])
    assert not [r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", 0) == 403]


def test_an_api_403_is_recorded_with_its_path(entry_programme, officer, token_client):
    client = token_client(officer)
    body = {"values": [{"secretariat": "jazan", "indicator": "satisfaction", "period": "2018-Q2", "value": "1"}]}
    response = client.post("/api/v1/values/bulk/", body, content_type="application/json")
    assert response.status_code == 403
    (refused,) = entries(Action.ACCESS_REFUSED)
    assert refused.path == "/api/v1/values/bulk/" and refused.username == "taif-officer"


def test_approval_and_return(entry_programme, officer, reviewer, secretariat, open_period):
    p = entry_programme
    approved, _ = save_value(
        by=officer,
        secretariat=secretariat,
        indicator=p["percent"],
        period=open_period,
        value=Decimal("70"),
        submit=True,
    )
    row_approve(row=approved, by=reviewer, version=approved.version)
    returned, _ = save_value(
        by=officer, secretariat=secretariat, indicator=p["count"], period=open_period, value=Decimal("3"), submit=True
    )
    row_return(row=returned, by=reviewer, reason="Missing source", version=returned.version)
    (a,) = entries(Action.FIGURE_APPROVED)
    (r,) = entries(Action.FIGURE_RETURNED)
    assert (a.username, a.object_type, a.object_id) == ("reviewer", "indicators.IndicatorValue", str(approved.pk))
    assert (r.username, r.object_id, r.detail["reason"]) == ("reviewer", str(returned.pk), "Missing source")


def test_period_close_reopen_and_extension_in_the_admin(admin_client_, open_period, secretariat):
    url = f"/admin/programme/reportingperiod/{open_period.pk}/change/"
    form = {
        "opens_on": open_period.opens_on.isoformat(),
        "closes_on": open_period.closes_on.isoformat(),
        "extensions-TOTAL_FORMS": "0",
        "extensions-INITIAL_FORMS": "0",
    }
    assert admin_client_.post(url, {**form, "state": PeriodState.CLOSED}).status_code == 302
    assert admin_client_.post(url, {**form, "state": PeriodState.OPEN}).status_code == 302
    (closed,) = entries(Action.PERIOD_CLOSED)
    (reopened,) = entries(Action.PERIOD_REOPENED)
    assert closed.username == "programme-admin" and closed.path == url and closed.object_repr == open_period.key
    assert reopened.detail == {"from": "closed", "to": "open"}
    PeriodExtension.objects.create(period=open_period, secretariat=secretariat, until=date(2030, 1, 1))
    (extended,) = entries(Action.PERIOD_EXTENDED)
    assert extended.detail["secretariat"] == "taif"


def test_user_creation_and_role_change(admin_client_, viewer):
    created = entries(Action.USER_CREATED)
    assert [e.object_repr for e in created][-1] == "viewer"
    viewer.role = Role.REVIEWER
    viewer.save()
    viewer.last_login = timezone.now()
    viewer.save(update_fields=["last_login"])  # a sign-in is not an access change
    (changed,) = entries(Action.USER_CHANGED)
    assert changed.detail == {"changed": {"role": ["viewer", "reviewer"]}}


def test_token_issue_first_use_and_revoke(viewer):
    token, key = ApiToken.issue(user=viewer, name="pull")
    client = Client(headers={"Authorization": f"Token {key}"})
    client.get("/api/v1/axes/")
    client.get("/api/v1/axes/")
    token.revoke()
    assert [e.object_id for e in entries(Action.TOKEN_ISSUED)] == [str(token.pk)]
    (first,) = entries(Action.TOKEN_FIRST_USE)
    assert first.username == "viewer" and first.path == "/api/v1/axes/"
    assert [e.object_id for e in entries(Action.TOKEN_REVOKED)] == [str(token.pk)]


def test_export_names_the_table_and_who(api_programme, viewer_client):
    response = viewer_client.get("/api/v1/values/?format=csv&period=2018-Q1")
    assert response.status_code == 200
    (export,) = entries(Action.EXPORT)
    assert (export.username, export.object_repr) == ("viewer", "api-value-list")
    assert export.detail["query"] == "format=csv&period=2018-Q1"


def test_import_records_who_and_how_many_rows(entry_programme, officer):
    rows = [{"secretariat": "taif", "indicator": "satisfaction", "period": "2018-Q2", "value": "75"}]
    values_import(rows=rows, by=officer, dry_run=True)
    values_import(rows=rows, by=officer, dry_run=False)
    (entry,) = entries(Action.IMPORT)
    assert entry.username == "taif-officer" and entry.detail["rows"] == 1 and entry.detail["created"] == 1


def test_an_entry_cannot_be_saved_twice_or_deleted():
    entry = record(action=Action.EXPORT, label="x")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_but_lets_the_purge_through(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = record(action=Action.EXPORT, label="old")
    new = record(action=Action.EXPORT, label="new")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditentry SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=31), old.pk]
        )
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    for statement in ("UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert purge() == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [new.pk]
    # The purge's permission ended with its transaction.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()


def test_purge_command_deletes_only_past_the_retention(settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 30
    kept = record(action=Action.EXPORT, label="kept")
    assert purge(now=timezone.now()) == 0
    assert purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not AuditEntry.objects.filter(pk=kept.pk).exists()
    call_command("audit_purge")
    assert "deleted" in capsys.readouterr().out


def test_audit_log_command_prints_json_lines(viewer):
    start = timezone.now()
    _post_login(Client(), "viewer", "wrong")
    _post_login(Client(), "nobody", "wrong")
    out = StringIO()
    call_command("audit_log", "--since", start.isoformat(), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(row["action"], row["username"]) for row in lines] == [
        ("signin.failed", "viewer"),
        ("signin.failed", "nobody"),
    ]
    assert {"at", "ip", "user_agent", "outcome", "path", "object_repr"} <= set(lines[0])
    out = StringIO()
    call_command("audit_log", "--since", start.isoformat(), "--json", "--user", "nobody", stdout=out)
    assert len(out.getvalue().splitlines()) == 1


def test_the_page_is_for_programme_admins_only(viewer_client, reviewer_client, admin_client_):
    assert viewer_client.get("/audit/").status_code == 403
    assert reviewer_client.get("/audit/").status_code == 403
    assert admin_client_.get("/audit/").status_code == 200
    assert Client().get("/audit/").status_code == 302


def test_the_page_filters_and_its_queries_do_not_grow(admin_client_, django_assert_num_queries):
    for n in range(60):
        record(action=Action.EXPORT if n % 2 else Action.SIGNIN_FAILED, username=f"user{n % 3}", label=f"t{n}")
    # session, user, count, one page of entries (the audit entry itself is written only on a refusal)
    with django_assert_num_queries(4):
        response = admin_client_.get("/audit/?user=user1&action=export")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") == 1 + 10  # header + user1's exports (n odd and n % 3 == 1)
    csv = admin_client_.get("/audit/?action=export&format=csv")
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("at,username,action,outcome")
    # The 30 exports, and this download's own entry: the file streams after the middleware recorded it.
    assert len(body.splitlines()) == 1 + 30 + 1


def test_the_page_rejects_a_bad_date_range_without_500(admin_client_):
    response = admin_client_.get("/audit/?since=2018-05-01&until=2018-04-01")
    assert response.status_code == 200
    assert admin_client_.get("/audit/?since=not-a-date").status_code == 200


def test_deleting_a_user_keeps_their_entries(db):
    user = UserFactory(username="leaver")
    record(action=Action.EXPORT, user=user, label="t")
    user.delete()
    assert AuditEntry.objects.filter(username="leaver", action=Action.EXPORT).exists()
