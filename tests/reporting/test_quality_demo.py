"""Done when, on the demo data: the reviewer's queue flags the suspicious figures, each with its reasons in words."""

import re

import pytest

from demo.quality import RULES, TRIPPING_FIGURES
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from reporting.models import QualityRule


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def queue(demo_data, reviewer_client, english):
    english(reviewer_client)
    return reviewer_client.get("/review/?flagged=1").content.decode()


def flags_of(html: str, secretariat: str, indicator: str) -> list[str]:
    row = html.split(f'data-testid="review-value-{secretariat}-{indicator}"')[1].split("</tr>")[0]
    return re.findall(r'data-flag="([a-z_]+)"', row)


def test_every_demo_indicator_has_a_rule_marked_as_demo(demo_data):
    rules = QualityRule.objects.select_related("indicator")
    assert sorted(r.indicator.code for r in rules) == sorted(RULES)
    assert all(r.is_demo for r in rules)


def test_the_queue_flags_the_tripping_demo_figures_with_reasons(queue):
    listed = sorted(re.findall(r'data-testid="review-value-([a-z-]+?)-([a-z]+-[a-z-]+)"', queue))
    assert listed == sorted((s, i) for s, i, _q in TRIPPING_FIGURES)
    assert flags_of(queue, "jazan", "beneficiary-satisfaction") == ["range_high", "change", "outlier"]
    assert flags_of(queue, "najran", "financial-resources") == ["change"]
    assert flags_of(queue, "jazan", "complaint-handling") == ["outlier"]
    words = text(queue)
    assert "99.5 is above 98, the highest plausible figure for this indicator." in words
    assert "Up 76.9% on Q4 2017 (7066157): a change above 60% in a quarter is unusual." in words
    assert "16 is 5.02 away from 10.98, the median of the 5 figures of group 2 this quarter" in words


def test_each_tripping_figure_is_submitted_demo_data_with_its_note(demo_data):
    for (secretariat, indicator, (year, quarter)), figure in TRIPPING_FIGURES.items():
        row = IndicatorValue.objects.get(
            secretariat__code=secretariat, indicator__code=indicator, period__year=year, period__quarter=quarter
        )
        assert (row.value, row.note, row.workflow_status, row.is_demo) == (
            figure["value"],
            figure["note"],
            WorkflowStatus.SUBMITTED,
            True,
        )
