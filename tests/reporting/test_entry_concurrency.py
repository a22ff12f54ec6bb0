"""No lost update: the second of two people saving the same figures is refused and shown the newer value."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import Role
from indicators.models import IndicatorValue
from reporting.services.refusals import EntryRefused, StaleVersion
from tests.factories import PASSWORD, UserFactory
from tests.reporting.fixtures import save_value


@pytest.fixture
def second_officer(secretariat):
    return UserFactory(username="taif-officer-2", first_name="Huda", role=Role.OFFICER, secretariat=secretariat)


def client_for(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["madinati_language"] = "en"
    return client


def test_second_save_from_an_old_page_is_refused_with_the_newer_value(
    entry_programme, officer, second_officer, secretariat, open_period
):
    pct = entry_programme["percent"]
    row, _ = save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("50"))
    first, second = client_for(officer), client_for(second_officer)
    # Both opened the page at version 1.
    saved = first.post(
        "/entry/", {"secretariat": "taif", "period": "2018-Q2", f"v{pct.pk}-value": "70", f"v{pct.pk}-version": "1"}
    )
    assert saved.status_code == 302
    refused = second.post(
        "/entry/", {"secretariat": "taif", "period": "2018-Q2", f"v{pct.pk}-value": "60", f"v{pct.pk}-version": "1"}
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "taif-officer saved this figure at" in html
    assert "it is now 70 (Draft)" in html
    assert "Your change was not saved" in html
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal("70"), 2)
    # The re-shown form carries the newer version: saving again is a deliberate choice.
    assert f'name="v{pct.pk}-version" value="2"' in html
    again = second.post(
        "/entry/", {"secretariat": "taif", "period": "2018-Q2", f"v{pct.pk}-value": "60", f"v{pct.pk}-version": "2"}
    )
    assert again.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.version, row.updated_by) == (Decimal("60"), 3, second_officer)


def test_a_refused_row_refuses_the_whole_form(entry_programme, officer, second_officer, secretariat, open_period):
    pct, cnt = entry_programme["percent"], entry_programme["count"]
    save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("50"))
    save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("51"), version=1)
    response = client_for(second_officer).post(
        "/entry/",
        {
            "secretariat": "taif",
            "period": "2018-Q2",
            f"v{pct.pk}-value": "60",
            f"v{pct.pk}-version": "1",
            f"v{cnt.pk}-value": "4",
        },
    )
    assert response.status_code == 409
    assert not IndicatorValue.objects.filter(indicator=cnt).exists()


def test_creating_a_figure_someone_else_just_created_is_refused(
    entry_programme, officer, second_officer, secretariat, open_period
):
    pct = entry_programme["percent"]
    save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("50"))
    with pytest.raises(EntryRefused) as refused:
        # The second officer saw an empty field (no version).
        save_value(by=second_officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("9"))
    stale = refused.value.errors[("value", pct.pk)]
    assert isinstance(stale, StaleVersion)
    assert stale.current.value == Decimal("50")
    assert IndicatorValue.objects.get().value == Decimal("50")


def test_compare_and_swap_refuses_a_stale_version_in_the_service(entry_programme, officer, secretariat, open_period):
    pct = entry_programme["percent"]
    save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("50"))
    save_value(by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("52"), version=1)
    with pytest.raises(EntryRefused) as refused:
        save_value(
            by=officer, secretariat=secretariat, indicator=pct, period=open_period, value=Decimal("53"), version=1
        )
    assert isinstance(refused.value.errors[("value", pct.pk)], StaleVersion)
    assert IndicatorValue.objects.get().history.count() == 2
