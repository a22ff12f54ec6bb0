"""Figures that seed_demo invented say so in every API answer and CSV that carries them (issue 16, item 6)."""

import csv
import io

import pytest

from indicators.models import IndicatorValue, InitiativeProgress
from tests.api.test_exports_api import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"


def rows_of(raw: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize(("model", "list_path"), [(IndicatorValue, "values/"), (InitiativeProgress, "progress/")])
def test_a_demo_row_is_marked_in_json_in_the_lists_csv_and_in_the_export(
    api_programme, viewer, token_client, model, list_path
):
    demo = model.objects.filter(workflow_status="approved").order_by("pk").first()
    model.objects.filter(pk=demo.pk).update(is_demo=True)
    client = token_client(viewer)
    period = demo.period.key
    secretariat = demo.secretariat.code

    results = client.get(API + list_path, {"period": period, "secretariat": secretariat}).json()["results"]
    marks = {row["is_demo"] for row in results}
    assert marks == ({True} if len(results) == 1 else {True, False})

    listed = rows_of(client.get(API + list_path, {"period": period, "format": "csv"}).content)
    exported = rows_of(body(client.get(API + list_path.rstrip("/") + "/export.csv", {"period": period})))
    for rows in (listed, exported):
        mine = [row for row in rows if row["secretariat"] == secretariat]
        assert "true" in {row["is_demo"] for row in mine}
        assert {row["is_demo"] for row in rows} <= {"true", "false"}
        assert sum(row["is_demo"] == "true" for row in rows) == 1
