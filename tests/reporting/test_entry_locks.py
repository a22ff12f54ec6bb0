"""Period locks: an officer edits only in an open period and only draft or returned rows; each refusal says why."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import IndicatorValue
from programme.models import PeriodState
from reporting.services.locks import period_lock_reason
from reporting.services.refusals import PeriodLocked
from tests.factories import IndicatorValueFactory, PeriodExtensionFactory, ReportingPeriodFactory
from tests.reporting.fixtures import save_value


@pytest.fixture
def p(entry_programme):
    return entry_programme


def post_value(client, p, period, value="55", version=""):
    pct = p["percent"]
    return client.post(
        "/entry/",
        {"secretariat": "taif", "period": period, f"v{pct.pk}-value": value, f"v{pct.pk}-version": version},
        follow=True,
    )


def test_closed_by_date_page_is_read_only_and_says_when(p, officer_client, english):
    english(officer_client)
    response = officer_client.get("/entry/?period=2018-Q1")
    html = response.content.decode()
    assert "Q1 2018 closed on 30 April 2018." in html
    assert 'data-testid="submit"' not in html
    assert f'name="v{p["percent"].pk}-value"' in html and "disabled" in html


def test_closed_by_date_post_is_refused_and_says_when(p, officer_client, english):
    english(officer_client)
    response = post_value(officer_client, p, "2018-Q1")
    assert "Q1 2018 closed on 30 April 2018." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_closed_early(p, officer, secretariat, open_period, settings):
    open_period.state = PeriodState.CLOSED
    open_period.state_changed_on = datetime.date(2018, 7, 10)
    open_period.save()
    from django.utils import translation

    with translation.override("en"):
        assert (
            period_lock_reason(period=open_period, secretariat=secretariat)
            == "Q2 2018 was closed early on 10 July 2018."
        )
        with pytest.raises(PeriodLocked, match="closed early"):
            save_value(
                by=officer, secretariat=secretariat, indicator=p["percent"], period=open_period, value=Decimal("5")
            )


def test_not_yet_open(p, officer_client, english):
    ReportingPeriodFactory(
        year=2031,
        quarter=1,
        opens_on=datetime.date(2031, 1, 1),
        closes_on=datetime.date(2031, 4, 30),
        state="scheduled",
    )
    english(officer_client)
    response = post_value(officer_client, p, "2031-Q1")
    assert "Q1 2031 opens on 1 January 2031." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_open_by_its_dates(p, officer, secretariat):
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        year=2030, quarter=4, opens_on=today - datetime.timedelta(days=1), closes_on=today, state="scheduled"
    )
    assert period_lock_reason(period=period, secretariat=secretariat) is None


def test_extension_opens_a_closed_period_for_one_secretariat_only(
    p, officer_client, other_officer, closed_period, secretariat, other_secretariat
):
    PeriodExtensionFactory(period=closed_period, secretariat=secretariat, until=timezone.localdate())
    response = post_value(officer_client, p, "2018-Q1")
    assert response.status_code == 200
    assert IndicatorValue.objects.get().period == closed_period
    assert period_lock_reason(period=closed_period, secretariat=other_secretariat) is not None
    with pytest.raises(PeriodLocked):
        save_value(
            by=other_officer,
            secretariat=other_secretariat,
            indicator=p["percent"],
            period=closed_period,
            value=Decimal("5"),
        )


def test_expired_extension_says_so(p, secretariat, closed_period):
    from django.utils import translation

    PeriodExtensionFactory(period=closed_period, secretariat=secretariat, until=datetime.date(2018, 5, 15))
    with translation.override("en"):
        reason = period_lock_reason(period=closed_period, secretariat=secretariat)
    assert reason == "Q1 2018 closed on 30 April 2018 (your extension ended on 15 May 2018)."


def test_reopened_period_is_open_after_its_dates(p, secretariat, closed_period):
    closed_period.state = PeriodState.OPEN
    closed_period.save()
    assert period_lock_reason(period=closed_period, secretariat=secretariat) is None


def test_approved_row_is_shown_locked_with_who_and_when(p, officer_client, english, reviewer, secretariat, open_period):
    IndicatorValueFactory(
        indicator=p["percent"],
        secretariat=secretariat,
        period=open_period,
        value=Decimal("66"),
        reviewed_by=reviewer,
        reviewed_at=datetime.datetime(2018, 7, 20, 9, tzinfo=datetime.UTC),
    )
    english(officer_client)
    html = officer_client.get("/entry/?period=2018-Q2").content.decode()
    row = html.split('data-testid="value-row-satisfaction"')[1].split("</tr>")[0]
    assert "Approved by reviewer on 20 July 2018" in row
    assert "disabled" in row
    # A forged post for the disabled field is ignored: the approved figure stays.
    post_value(officer_client, p, "2018-Q2", value="12", version="1")
    assert IndicatorValue.objects.get().value == Decimal("66")


def test_arabic_refusal(p, officer_client):
    """The default language is Arabic: the reason is translated and the date's month too."""
    html = officer_client.get("/entry/?period=2018-Q1").content.decode()
    assert "2018-Q1" in html
    assert "30 إبريل 2018" in html
