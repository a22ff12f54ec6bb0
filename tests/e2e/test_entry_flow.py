"""The quarter's round trip in a real browser on the demo data.

The Taif officer fills 2018-Q2 (Arabic-Indic digits included) and submits; a
reviewer approves everything Taif sent; the approved figure is then what the
ministry sees.
"""

from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress
from tests.e2e.conftest import click_and_settle
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = {
    "measurement-efficiency": "82",
    "financial-resources": "٣٢٬٥٠٠٬٠٠٠",  # typed with Arabic-Indic digits and separators
    "complaint-handling": "6",
    "beneficiary-satisfaction": "77٫5",
    "innovation-index": "64",
}


def sign_in(page, user):
    """Like the shared ``login`` fixture, but clicks the login form's button, not the language switch's."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    click_and_settle(page, "main form button[type=submit]")


def sign_out(page):
    click_and_settle(page, "form[action='/accounts/logout/'] button")


def test_officer_submits_2018_q2_and_reviewer_approves(demo_data, officer, reviewer, page, artifacts):
    from indicators.models import Indicator

    sign_in(page, officer)
    page.goto("/entry/?period=2018-Q2")
    page.screenshot(path=str(artifacts / "entry-2018-Q2.png"), full_page=True)
    ids = dict(Indicator.objects.values_list("code", "pk"))
    for code, typed in FIGURES.items():
        page.fill(f"input[name=v{ids[code]}-value]", typed)
    b01 = InitiativeProgress.objects.filter(
        secretariat__code="taif", initiative__code="B-01", period__year=2018, period__quarter=1
    ).get()
    page.fill(f"input[name=p{b01.initiative_id}-percent]", "100")
    page.fill(f"textarea[name=p{b01.initiative_id}-narrative]", "تمت معالجة العناصر الخمسة عشر")
    page.screenshot(path=str(artifacts / "entry-2018-Q2-filled.png"), full_page=True)
    click_and_settle(page, "[data-testid=submit]")
    assert page.locator(".alert-success").count() == 1
    page.screenshot(path=str(artifacts / "entry-2018-Q2-submitted.png"), full_page=True)

    taif_q2 = IndicatorValue.objects.filter(secretariat__code="taif", period__year=2018, period__quarter=2)
    assert taif_q2.count() == 5
    assert set(taif_q2.values_list("workflow_status", flat=True)) == {WorkflowStatus.SUBMITTED}
    assert taif_q2.get(indicator__code="financial-resources").value == Decimal("32500000")
    assert taif_q2.get(indicator__code="beneficiary-satisfaction").value == Decimal("77.5")

    sign_out(page)
    sign_in(page, reviewer)
    page.goto("/review/?period=2018-Q2&secretariat=taif")
    boxes = page.locator("input[name=selected]")
    assert boxes.count() == 6  # five values and one progress row
    for i in range(boxes.count()):
        boxes.nth(i).check()
    click_and_settle(page, "[data-testid=approve-selected]")
    page.screenshot(path=str(artifacts / "review-approved.png"), full_page=True)

    page.goto("/review/?period=2018-Q2")
    assert page.locator("[data-testid=review-empty]").count() == 1
    assert set(taif_q2.values_list("workflow_status", flat=True)) == {WorkflowStatus.APPROVED}
    assert taif_q2.filter(reviewed_by=reviewer).count() == 5

    try:
        detail = reverse("secretariat-detail", args=["taif"])
    except NoReverseMatch:
        detail = None
    if detail:
        page.goto(f"{detail}?period=2018-Q2")
        page.screenshot(path=str(artifacts / "secretariat-taif-2018-Q2.png"), full_page=True)
        # The approved figures are now the secretariat's figures for the quarter.
        satisfaction = page.locator("tr", has=page.locator("a", has_text="رضى المستفيدين")).first.inner_text()
        assert "77.50" in satisfaction
        revenue = page.locator("tr", has=page.locator("a", has_text="الموارد المالية")).first.inner_text()
        assert "32,500,000" in revenue
