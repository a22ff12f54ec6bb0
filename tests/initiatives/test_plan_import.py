"""Importing the plans from a spreadsheet: all rows or none, each error named by row and column."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import PlannedProgress
from reporting.services.plans import PlanImportRefused, plans_import
from reporting.services.refusals import NotAllowed
from tests.factories import InitiativeFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(db):
    taif, jazan = SecretariatFactory(code="taif"), SecretariatFactory(code="jazan")
    InitiativeFactory(code="A-01", participants=[taif, jazan])
    InitiativeFactory(code="B-01", participants=[taif])
    for quarter in (1, 2):
        ReportingPeriodFactory(year=2018, quarter=quarter)


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("plans.csv", text.encode("utf-8"), content_type="text/csv")


def _plans():
    return {
        (p.initiative.code, p.secretariat.code, p.period.key): p.planned_percent
        for p in PlannedProgress.objects.select_related("initiative", "secretariat", "period")
    }


GOOD = "initiative,secretariat,period,planned_percent\nA-01,taif,2018-Q1,40\nA-01,jazan,2018-Q1,35.5\nB-01,taif,2018-Q2,٦٠\n"


def test_a_good_file_creates_then_updates(pairs, admin_client_, english):
    response = admin_client_.post("/plans/import/", {"file": _csv(GOOD)})
    assert response.status_code == 302
    assert _plans() == {
        ("A-01", "taif", "2018-Q1"): Decimal("40"),
        ("A-01", "jazan", "2018-Q1"): Decimal("35.5"),
        ("B-01", "taif", "2018-Q2"): Decimal("60"),
    }
    again = GOOD.replace("A-01,taif,2018-Q1,40", "A-01,taif,2018-Q1,45")
    response = english(admin_client_).post("/plans/import/", {"file": _csv(again)}, follow=True)
    assert _plans()[("A-01", "taif", "2018-Q1")] == Decimal("45")
    messages = [str(m) for m in response.context["messages"]]
    assert messages[-1] == "Plans imported: 0 created, 1 updated, 2 unchanged."


def test_the_import_page_reads_nothing_but_who_asks(admin_client_, django_assert_num_queries):
    # session, user
    with django_assert_num_queries(2):
        assert admin_client_.get("/plans/import/").status_code == 200


def test_an_xlsx_file_with_numbers_in_cells(pairs, admin_client_):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["initiative", "secretariat", "period", "planned_percent"])
    sheet.append(["A-01", "taif", "2018-Q1", 40])
    sheet.append(["A-01", "jazan", "2018-Q2", 35.5])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("plans.xlsx", buffer.getvalue())
    assert admin_client_.post("/plans/import/", {"file": upload}).status_code == 302
    assert _plans() == {("A-01", "taif", "2018-Q1"): Decimal("40"), ("A-01", "jazan", "2018-Q2"): Decimal("35.5")}


def test_a_bad_row_rejects_the_file_and_writes_nothing(pairs, admin_client_, english):
    admin_client_.post("/plans/import/", {"file": _csv(GOOD)})
    before = _plans()
    bad = (
        "initiative,secretariat,period,planned_percent\n"
        "A-01,taif,2018-Q1,50\n"  # would change a plan: must not
        "B-01,jazan,2018-Q1,20\n"  # jazan does not take part in B-01
        "A-01,taif,2018-Q3,20\n"  # no such period
        "A-01,jazan,2018-Q2,120\n"  # not a percentage
    )
    response = english(admin_client_).post("/plans/import/", {"file": _csv(bad)})
    assert response.status_code == 400
    errors = [(e["line"], e["column"]) for e in response.context["errors"]]
    assert errors == [(3, "secretariat"), (4, "period"), (5, "planned_percent")]
    body = response.content.decode()
    assert "This secretariat does not take part in this initiative." in body
    assert "A percentage is between 0 and 100." in body
    assert _plans() == before


def test_a_refused_file_writes_nothing(pairs, admin_client_):
    formula = "initiative,secretariat,period,planned_percent\nA-01,taif,2018-Q1,=1+1\n"
    response = admin_client_.post("/plans/import/", {"file": _csv(formula)})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    missing = "initiative,secretariat,planned_percent\nA-01,taif,40\n"
    response = admin_client_.post("/plans/import/", {"file": _csv(missing)})
    assert "period" in response.context["form"].errors["file"][0]
    assert not PlannedProgress.objects.exists()


def test_only_a_programme_admin_imports_plans(pairs, officer, officer_client, viewer_client):
    assert officer_client.post("/plans/import/", {"file": _csv(GOOD)}).status_code == 403
    assert viewer_client.get("/plans/import/").status_code == 403
    with pytest.raises(NotAllowed):
        plans_import(rows=[], by=officer)
    assert not PlannedProgress.objects.exists()


def test_a_plan_twice_in_the_file_is_refused(pairs, admin_user):
    rows = [{"initiative": "A-01", "secretariat": "taif", "period": "2018-Q1", "planned_percent": "40"}] * 2
    with pytest.raises(PlanImportRefused) as refused:
        plans_import(rows=rows, by=admin_user)
    assert [(e.index, e.field) for e in refused.value.result.errors] == [(1, "period")]


@pytest.mark.parametrize("extra", [0, 20])
def test_the_import_costs_the_same_whatever_the_number_of_rows(pairs, admin_user, extra):
    rows = [{"initiative": "A-01", "secretariat": "taif", "period": "2018-Q1", "planned_percent": "10"}]
    for n in range(extra):
        secretariat = SecretariatFactory(code=f"x{n}")
        InitiativeFactory(code="A-01", participants=[secretariat])
        rows.append(
            {"initiative": "A-01", "secretariat": secretariat.code, "period": "2018-Q2", "planned_percent": "5"}
        )
    with CaptureQueriesContext(connection) as queries:
        result = plans_import(rows=rows, by=admin_user)
    assert result.created == 1 + extra
    # savepoint, the codes (initiatives, secretariats, periods), the participations, the existing plans,
    # one insert, release
    assert len(queries) == 8
