"""The dashboard pages answer an ETag and honour If-None-Match with a 304, like the API (madinati.middleware)."""

import re

import pytest
from django.urls import reverse

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("home"),
    reverse("secretariat-detail", args=["taif"]),
    reverse("axis-detail", args=["B"]),
    reverse("initiative-detail", args=["B-01"]),
    reverse("indicator-detail", args=["complaint-handling"]),
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')


@pytest.mark.parametrize("url", PAGES)
def test_an_unchanged_page_is_a_304(viewer_client, demo_data, url):
    first = viewer_client.get(url)
    second = viewer_client.get(url)
    # Each answer masks its forms' CSRF token afresh: the ETag must not see that.
    assert TOKEN.search(first.content.decode())[1] != TOKEN.search(second.content.decode())[1]
    assert first["ETag"] == second["ETag"]
    assert first["ETag"].startswith('"') and first["ETag"].endswith('"')
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]

    again = viewer_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert viewer_client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_the_page_etag_changes_with_a_figure_and_with_the_language(viewer_client, demo_data):
    url = reverse("secretariat-detail", args=["taif"])
    etag = viewer_client.get(url)["ETag"]
    row = IndicatorValue.objects.filter(secretariat__code="taif", workflow_status=WorkflowStatus.APPROVED).latest(
        "period_id"
    )
    row.value += 1
    row.save()
    changed = viewer_client.get(url, {"period": row.period.key}, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    viewer_client.cookies["madinati_language"] = "en"
    assert (
        viewer_client.get(url, {"period": row.period.key}, headers={"If-None-Match": changed["ETag"]}).status_code
        == 200
    )


def test_a_new_csrf_secret_is_a_new_etag(viewer_client, demo_data):
    """A cached copy whose forms carry tokens of an older secret would fail on submit: never a 304 for it."""
    url = reverse("home")
    etag = viewer_client.get(url)["ETag"]
    assert viewer_client.get(url, headers={"If-None-Match": etag}).status_code == 304
    del viewer_client.cookies["csrftoken"]
    fresh = viewer_client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_downloads_are_conditional_and_errors_are_not(viewer_client, demo_data):
    url = reverse("home")
    download = viewer_client.get(url, {"export": "csv"})
    assert download.status_code == 200
    assert viewer_client.get(url, {"export": "csv"}, headers={"If-None-Match": download["ETag"]}).status_code == 304
    missing = viewer_client.get(reverse("secretariat-detail", args=["nowhere"]))
    assert missing.status_code == 404
    assert not missing.has_header("ETag")
