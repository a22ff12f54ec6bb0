"""Who reads what through the API: the role rules of the pages (madinati/permissions.py), for tokens and sessions."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"
ENDPOINTS = [
    "secretariats/",
    "axes/",
    "initiatives/",
    "indicators/",
    "periods/",
    "targets/",
    "values/",
    "progress/",
    "summary/secretariats/",
    "summary/axes/",
    "risks/",
    "support-requests/",
    "ideas/",
]


def keys(client, path, fields, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return sorted(tuple(row[f] for f in fields) for row in response.json()["results"])


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_is_refused_with_401(api_programme, path):
    response = Client().get(API + path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token not-a-key", "Bearer abc", "Token", "Basic dmlld2VyOnB3"])
def test_a_wrong_authorization_header_is_refused(api_programme, header):
    response = Client(headers={"Authorization": header}).get(API + "values/")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_a_revoked_token_is_refused(api_programme, viewer, token_client):
    from accounts.models import ApiToken

    client = token_client(viewer)
    assert client.get(API + "values/").status_code == 200
    ApiToken.objects.get(user=viewer).revoke()
    assert client.get(API + "values/").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(api_programme, viewer, token_client):
    client = token_client(viewer)
    viewer.is_active = False
    viewer.save()
    assert client.get(API + "values/").status_code == 401


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_browser_session_works_too(api_programme, viewer_client, path):
    assert viewer_client.get(API + path).status_code == 200


VALUE = ("secretariat", "period", "workflow_status")
PROGRESS = ("initiative", "secretariat", "period", "workflow_status")


def test_an_officer_sees_own_drafts_and_only_visible_rows_of_others(api_programme, officer, token_client):
    client = token_client(officer)
    assert keys(client, "values/", VALUE) == [
        ("jazan", "2018-Q1", "submitted"),
        ("taif", "2018-Q1", "approved"),
        ("taif", "2018-Q2", "draft"),
    ]
    # Jazan's 2018-Q2 draft does not exist for Taif's officer, whatever the filter.
    assert keys(client, "values/", VALUE, secretariat="jazan", period="2018-Q2") == []
    assert keys(client, "values/", VALUE, status="draft") == [("taif", "2018-Q2", "draft")]
    assert keys(client, "progress/", PROGRESS) == [
        ("A-01", "jazan", "2018-Q1", "approved"),
        ("B-01", "jazan", "2018-Q1", "submitted"),
        ("B-01", "taif", "2018-Q1", "approved"),
    ]


def test_the_other_officer_sees_the_mirror_image(api_programme, other_officer, token_client):
    client = token_client(other_officer)
    assert ("jazan", "2018-Q2", "draft") in keys(client, "values/", VALUE)
    assert ("taif", "2018-Q2", "draft") not in keys(client, "values/", VALUE)
    assert ("B-01", "jazan", "2018-Q2", "draft") in keys(client, "progress/", PROGRESS)


@pytest.mark.parametrize("user", ["viewer", "reviewer"])
def test_ministry_users_see_no_draft(api_programme, token_client, request, user):
    client = token_client(request.getfixturevalue(user))
    assert all(row[2] != "draft" for row in keys(client, "values/", VALUE))
    assert all(row[3] != "draft" for row in keys(client, "progress/", PROGRESS))


def test_a_programme_admin_sees_everything(api_programme, admin_user, token_client):
    client = token_client(admin_user)
    assert len(keys(client, "values/", VALUE)) == 4
    assert len(keys(client, "progress/", PROGRESS)) == 4


def test_summaries_do_not_count_drafts_even_for_their_officer(api_programme, officer, viewer, token_client):
    # 2018-Q2 holds only drafts: nobody's score moves, not even for the officer who typed them.
    as_officer = token_client(officer).get(API + "summary/secretariats/", {"period": "2018-Q2"}).json()
    as_viewer = token_client(viewer).get(API + "summary/secretariats/", {"period": "2018-Q2"}).json()
    assert as_officer == as_viewer
    taif = next(row for row in as_officer if row["secretariat"] == "taif")
    assert taif["indicators"]["complaint-handling"]["value"] is None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_lists_are_read_only(api_programme, officer, token_client, method):
    response = getattr(token_client(officer), method)(API + "values/", {}, content_type="application/json")
    assert response.status_code == 405
