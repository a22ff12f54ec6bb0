"""/history/value/<pk>/ and /history/progress/<pk>/: who, when, old → new, transitions with reasons."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from reporting.services.review import row_return
from reporting.services.rules import ProgressInput
from tests.factories import PASSWORD
from tests.reporting.fixtures import save_progress, save_value


@pytest.fixture
def p(entry_programme):
    return entry_programme


def english_client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["madinati_language"] = "en"
    return client


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def returned_value(p, officer, reviewer, secretariat, open_period):
    row, _ = save_value(
        by=officer, secretariat=secretariat, indicator=p["percent"], period=open_period, value=Decimal("70")
    )
    row, _ = save_value(
        by=officer,
        secretariat=secretariat,
        indicator=p["percent"],
        period=open_period,
        value=Decimal("72.5"),
        version=1,
        submit=True,
    )
    row_return(row=row, by=reviewer, reason="Source of the survey missing", version=row.version)
    return row


def test_value_history_shows_every_change_for_the_officer(returned_value, officer):
    response = english_client(officer).get(f"/history/value/{returned_value.pk}/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Value: 70 → 72.5" in page
    assert "Draft → Submitted" in page
    assert "Submitted → Returned" in page
    assert "Source of the survey missing" in page
    assert "reviewer" in page and "taif-officer" in page


def test_others_see_the_history_without_the_drafts(returned_value, reviewer):
    page = text(english_client(reviewer).get(f"/history/value/{returned_value.pk}/").content.decode())
    assert "Drafts belong to the secretariat until submitted" in page
    assert "Submitted → Returned" in page
    assert "Value: — → 72.5" in page  # the first visible record: earlier drafts are not shown
    assert "70 →" not in page


def test_progress_history(p, officer, secretariat, open_period):
    row, _ = save_progress(
        by=officer,
        secretariat=secretariat,
        initiative=p["B-01"],
        period=open_period,
        data=ProgressInput(percent_complete=Decimal("20"), quantity_achieved=Decimal("3")),
    )
    save_progress(
        by=officer,
        secretariat=secretariat,
        initiative=p["B-01"],
        period=open_period,
        data=ProgressInput(percent_complete=Decimal("40"), quantity_achieved=Decimal("6"), status="at_risk"),
        version=1,
    )
    page = text(english_client(officer).get(f"/history/progress/{row.pk}/").content.decode())
    assert "Percent complete: 20 → 40" in page
    assert "Quantity achieved: 3 → 6" in page
    assert "Reported status: On track → At risk" in page


def test_history_of_another_secretariats_draft_is_a_404(
    returned_value, p, other_officer, other_secretariat, open_period, officer
):
    jazan, _ = save_value(
        by=other_officer, secretariat=other_secretariat, indicator=p["percent"], period=open_period, value=Decimal("1")
    )
    assert english_client(officer).get(f"/history/value/{jazan.pk}/").status_code == 404
    assert english_client(other_officer).get(f"/history/value/{jazan.pk}/").status_code == 200
    assert english_client(officer).get("/history/value/999999/").status_code == 404


def test_entry_page_links_each_row_to_its_history(returned_value, officer):
    html = english_client(officer).get("/entry/?period=2018-Q2").content.decode()
    assert f'href="/history/value/{returned_value.pk}/"' in html
