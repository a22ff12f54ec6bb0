"""``bench_scoring`` builds its synthetic programme and prints its figures; it refuses to write next to real data."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from indicators.models import IndicatorValue
from programme.models import ReportingPeriod, Secretariat
from tests.factories import SecretariatFactory

pytestmark = pytest.mark.django_db

TIMED = [
    "scorecard() one quarter, all groups",
    "scorecard() one quarter, group 1",
    "scorecards() trend of 4 quarters, group 1",
    "whole page (Arabic): overview (group)",
    "whole page (Arabic): secretariat (group)",
    "whole page (Arabic): axis (group)",
    "whole page (Arabic): initiative (group)",
    "whole page (Arabic): indicator (group)",
    "whole page (Arabic): review_pack (group)",
    "API: summary/secretariats",
    "API: summary/axes",
    "API: values",
    "API: progress",
]
PAGES = {"overview", "secretariat", "axis", "initiative", "indicator", "review_pack"}


def run(**options) -> str:
    out = io.StringIO()
    call_command("bench_scoring", stdout=out, **options)
    return out.getvalue()


def test_builds_a_tiny_programme_and_prints_median_timings():
    output = run(secretariats=3, indicators=3, quarters=4, runs=2)
    assert "3 secretariats, 3 indicators, 4 quarters, 60 initiatives" in output
    assert "36 targets, 12 values" in output  # 3 × 3 × 4 targets; 3 × 1 manual × 4 values
    for label in TIMED:
        assert re.search(rf"^{re.escape(label)}: median \d+\.\d ms over 2 runs$", output, re.M), label
    assert Secretariat.objects.count() == 3
    assert ReportingPeriod.objects.filter(year__gte=2100).count() == 4


def test_a_second_run_replaces_the_synthetic_programme():
    run(secretariats=3, indicators=3, quarters=4, runs=1)
    run(secretariats=2, indicators=3, quarters=2, runs=1)
    assert Secretariat.objects.count() == 2
    assert IndicatorValue.objects.count() == 2 * 1 * 2


def test_refuses_a_database_with_real_data_unless_told():
    SecretariatFactory(code="taif")
    with pytest.raises(CommandError, match="scratch database"):
        run(secretariats=2, indicators=3, quarters=2, runs=1)
    assert not ReportingPeriod.objects.exists()
    output = run(secretariats=2, indicators=3, quarters=2, runs=1, yes=True)
    assert "median" in output
    assert Secretariat.objects.filter(code="taif").exists()  # real rows are never touched


def test_no_build_times_the_programme_already_there():
    with pytest.raises(CommandError, match="without --no-build"):
        run(runs=1, no_build=True)
    run(secretariats=2, indicators=3, quarters=2, runs=1)
    output = run(runs=2, no_build=True)
    assert "built in" not in output
    assert re.search(r"^scorecard\(\) one quarter, all groups: median \d+\.\d ms over 2 runs$", output, re.M)


def test_json_prints_every_figure_on_the_last_line():
    output = run(secretariats=3, indicators=3, quarters=4, runs=1, json=True)
    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) == {
        "scorecard_ms",
        "scorecard_group_ms",
        "trend_ms",
        "pages_ms",
        "pages_cached_ms",
        "pages_all_groups_ms",
        "pages_all_groups_cached_ms",
        "api_ms",
        "export_rows_per_s",
        "export_peak_rss_mb",
        "floor_ms",
        "values",
        "ratios",
    }
    assert set(figures["pages_ms"]) == set(figures["pages_cached_ms"]) == PAGES
    assert (
        set(figures["pages_all_groups_ms"])
        == set(figures["pages_all_groups_cached_ms"])
        == {
            "overview",
            "axis",
            "initiative",
            "indicator",
        }
    )
    assert set(figures["api_ms"]) == {"summary/secretariats", "summary/axes", "values", "progress"}
    assert figures["values"] == 12
    assert figures["export_peak_rss_mb"] > 0
    assert set(figures["ratios"]) == {"scorecard", "scorecard_group", "trend"}
    for key in ("scorecard_ms", "scorecard_group_ms", "trend_ms", "export_rows_per_s"):
        assert isinstance(figures[key], float), key
    # The floor is PostgreSQL's own time: there is none on SQLite, and then no ratios either.
    on_postgresql = connection.vendor == "postgresql"
    assert (figures["floor_ms"] is not None) is on_postgresql
    assert (figures["ratios"]["scorecard"] is not None) is on_postgresql
