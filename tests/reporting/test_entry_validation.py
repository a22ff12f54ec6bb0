"""Entry form validation by unit, Arabic-Indic digits, and errors beside the field in the user's language."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import IndicatorValue, InitiativeProgress
from reporting.services.rules import unit_error
from tests.factories import InitiativeProgressFactory


@pytest.fixture
def p(entry_programme):
    return entry_programme


def post(client, **fields):
    return client.post("/entry/", {"secretariat": "taif", "period": "2018-Q2", **fields})


def error_beside(html: str, name: str) -> str:
    """The crispy-bootstrap5 feedback that follows the input named ``name``."""
    block = html.split(f'name="{name}"', 1)[1].split("</td>", 1)[0]
    found = re.search(r'class="invalid-feedback"[^>]*>.*?<strong>(.*?)</strong>', block, re.S)
    return found.group(1).strip() if found else ""


@pytest.mark.parametrize(
    ("indicator", "typed", "message"),
    [
        ("percent", "100.5", "A percentage is between 0 and 100."),
        ("percent", "-3", "A percentage is between 0 and 100."),
        ("count", "4.5", "A count is a whole number, 0 or more."),
        ("count", "-1", "A count is a whole number, 0 or more."),
        ("sar", "-100", "An amount in riyals cannot be negative."),
        ("sar", "lots", "“lots” is not a number."),
        ("percent", "1,5", "“1,5” is not a number."),
    ],
)
def test_values_out_of_range_for_their_unit(p, officer_client, english, indicator, typed, message):
    english(officer_client)
    field = f"v{p[indicator].pk}-value"
    response = post(officer_client, **{field: typed})
    assert response.status_code == 400
    assert error_beside(response.content.decode(), field) == message
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("indicator", "typed", "stored"),
    [
        ("percent", "٧٥٫٥", Decimal("75.5")),
        ("percent", "۹۹", Decimal("99")),
        ("count", "١٢", Decimal("12")),
        ("sar", "١٬٢٥٠٬٠٠٠٫٧٥", Decimal("1250000.75")),
        ("sar", "1,250,000", Decimal("1250000")),
        ("score", " 64 ", Decimal("64")),
    ],
)
def test_arabic_indic_digits_and_separators_are_numbers(p, officer_client, indicator, typed, stored):
    response = post(officer_client, **{f"v{p[indicator].pk}-value": typed})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == stored


def test_errors_are_in_arabic_by_default(p, officer_client):
    field = f"v{p['percent'].pk}-value"
    response = post(officer_client, **{field: "١٥٠"})
    assert error_beside(response.content.decode(), field) == "النسبة المئوية بين 0 و100."


def test_progress_drop_needs_a_narrative_beside_the_narrative(p, officer_client, english, secretariat, closed_period):
    english(officer_client)
    InitiativeProgressFactory(initiative=p["B-01"], secretariat=secretariat, period=closed_period, percent_complete=60)
    pk = p["B-01"].pk
    response = post(officer_client, **{f"p{pk}-percent": "55", f"p{pk}-status": "at_risk"})
    assert response.status_code == 400
    assert (
        error_beside(response.content.decode(), f"p{pk}-narrative")
        == "Progress went down from 60% in Q1 2018: explain why in the narrative."
    )
    assert not InitiativeProgress.objects.filter(period__quarter=2).exists()

    ok = post(officer_client, **{f"p{pk}-percent": "55", f"p{pk}-status": "at_risk", f"p{pk}-narrative": "Re-measured"})
    assert ok.status_code == 302
    assert InitiativeProgress.objects.get(period__quarter=2).percent_complete == Decimal("55")


def test_progress_percent_range_and_negative_quantity(p, officer_client, english):
    english(officer_client)
    pk = p["F-01"].pk
    html = post(officer_client, **{f"p{pk}-percent": "120", f"p{pk}-quantity": "-2"}).content.decode()
    assert error_beside(html, f"p{pk}-percent") == "A percentage is between 0 and 100."
    html = post(officer_client, **{f"p{pk}-percent": "20", f"p{pk}-quantity": "-2"}).content.decode()
    assert error_beside(html, f"p{pk}-percent") == "The quantity achieved cannot be negative."


def test_an_initiative_the_secretariat_is_not_in_is_not_on_the_form(p, officer_client, other_officer):
    from django.test import Client

    from tests.factories import PASSWORD

    jazan = Client()
    jazan.login(username=other_officer.username, password=PASSWORD)
    html = jazan.get("/entry/?period=2018-Q2").content.decode()
    assert f'name="p{p["B-01"].pk}-percent"' in html
    assert f'name="p{p["F-01"].pk}-percent"' not in html
    # A forged field for it is ignored: nothing is written for Jazan on F-01.
    jazan.post("/entry/", {"secretariat": "jazan", "period": "2018-Q2", f"p{p['F-01'].pk}-percent": "10"})
    assert not InitiativeProgress.objects.exists()


@pytest.mark.parametrize(("unit", "value"), [("days", "-0.5"), ("hours", "-2")])
def test_a_negative_duration_is_refused(unit, value):
    with translation.override("en"):
        assert unit_error(Decimal(value), unit) == "A duration cannot be negative."
    assert unit_error(Decimal("7.5"), unit) is None
