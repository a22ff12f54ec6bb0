"""The groups side by side (issue 15): ``/groups/``, the national rank and the overview's default group."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.choices import VISIBLE_STATUSES
from indicators.models import InitiativeProgress
from indicators.scoring import scorecard
from initiatives.models import Participation
from programme.models import ReportingPeriod
from tests.dashboards.fixtures import build_programme
from tests.scoring_counts import SINGLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_viewer(viewer_client, english):
    return english(viewer_client)


@pytest.fixture
def two_groups(db):
    """Group 1 (three secretariats) and group 2 (four), both with figures in 2018-Q1."""
    build_programme(3, group=1, prefix="g")
    return build_programme(4, group=2, prefix="s")


def independent_axis_progress(period: ReportingPeriod, group: int, axis: str) -> Decimal | None:
    """DESIGN §4 rule 9 for one group, straight from the rows: each pair's latest visible row at or before P."""
    total = weights = Decimal(0)
    pairs = Participation.objects.filter(secretariat__group=group, initiative__axis__code=axis).select_related(
        "initiative"
    )
    for pair in pairs:
        latest = (
            InitiativeProgress.objects.filter(
                initiative=pair.initiative,
                secretariat=pair.secretariat,
                period_id__lte=period.pk,
                workflow_status__in=VISIBLE_STATUSES,
            )
            .order_by("-period_id")
            .first()
        )
        percent = latest.percent_complete if latest else Decimal(0)
        total += percent * pair.initiative.weight
        weights += pair.initiative.weight
    return total / weights if weights else None


def test_group_means_agree_with_an_independent_computation(two_groups, viewer_client):
    response = viewer_client.get(reverse("groups"), {"period": "2018-Q1"})
    assert response.status_code == 200
    q1 = ReportingPeriod.objects.by_key("2018-Q1")
    rows = {row.group: row for row in response.context["rows"]}
    assert set(rows) == {1, 2}
    for group, size in [(1, 3), (2, 4)]:
        scores = [s.score for s in scorecard(period=q1, group=group).secretariats if s.score is not None]
        row = rows[group]
        assert row.size == row.reported == size
        assert row.score == sum(scores) / len(scores)
        for axis in ("A", "B"):
            assert row.axes[axis] == independent_axis_progress(q1, group, axis)
        assert row.best.score == max(scores)
        assert row.weakest.score == min(scores)
    table = response.context["tables"]["groups"]
    assert [row[0].text for row in table.rows] == ["المجموعة 1", "المجموعة 2"]


def competition_ranks(scores: dict[str, Decimal]) -> dict[str, int]:
    """1 + how many scored higher: 1, 2, 2, 4."""
    return {code: 1 + sum(other > score for other in scores.values()) for code, score in scores.items()}


def test_national_rank_sits_beside_the_rank_in_the_group(two_groups, viewer_client):
    q1 = ReportingPeriod.objects.by_key("2018-Q1")
    everyone = scorecard(period=q1)
    expected = competition_ranks({s.secretariat.code: s.score for s in everyone.secretariats})
    assert sorted(expected.values())[0] == 1 and len(expected) == 7
    response = viewer_client.get(reverse("groups"), {"period": "2018-Q1"})
    for group in (1, 2):
        members = response.context["tables"][f"group-{group}"]
        for rank_cell, national_cell, secretariat_cell, _score in members.rows:
            code = secretariat_cell.href.split("/")[2]
            assert national_cell.value == expected[code]
            assert rank_cell.value == everyone.secretariat(code).rank
    # The overview of one group shows the national rank too, from every group's scorecard.
    overview = viewer_client.get(reverse("home"), {"period": "2018-Q1", "group": "1"})
    ranking = overview.context["tables"]["ranking"]
    assert ranking.headers[2] == "الترتيب على مستوى المملكة"
    assert {row[1].href.split("/")[2]: row[2].value for row in ranking.rows} == {
        code: rank for code, rank in expected.items() if code.startswith("g")
    }


def test_demo_compares_the_three_groups_and_says_which_have_no_figures(english_viewer, demo_data):
    response = english_viewer.get(reverse("groups"))
    html = response.content.decode()
    assert response.context["period"].key == "2018-Q1"
    assert [row.group for row in response.context["rows"]] == [1, 2, 3]
    assert response.context["without_data"] == [1, 3]
    assert "Groups 1, 3 have no figures for Q1 2018 yet." in html
    table = response.context["tables"]["groups"]
    assert len(table.rows) == 1  # no row of dashes for groups 1 and 3
    assert table.rows[0][1].text == "5 of 5"
    assert "group-1" not in response.context["tables"]


def test_demo_groups_for_the_year(english_viewer, demo_data):
    response = english_viewer.get(reverse("groups"), {"year": "2017"})
    html = response.content.decode()
    assert response.context["year"] == 2017
    assert "The year to date, through Q4 2017" in html
    assert "Groups 1, 3 have no figures for 2017 yet." in html
    two = next(row for row in response.context["rows"] if row.group == 2)
    assert two.reported == 5 and two.best is not None and two.weakest is not None


def test_arabic_groups_page(viewer_client, demo_data):
    html = viewer_client.get(reverse("groups"), {"period": "2018-Q1"}).content.decode()
    assert "المجموعات جنباً إلى جنب" in html
    assert "لا توجد أرقام للمجموعتين 1, 3 في الربع الأول 2018 بعد." in html


def test_overview_opens_on_the_group_with_figures(viewer_client, demo_data):
    assert viewer_client.get(reverse("home")).context["group"] == 2
    # Asking for every group explicitly (the selector's empty choice) keeps every group, and names the empty ones.
    everyone = viewer_client.get(reverse("home"), {"group": ""})
    assert everyone.context["group"] is None
    assert everyone.context["without_data"] == [1, 3]
    ranking = everyone.context["tables"]["ranking"]
    assert {row[3].value for row in ranking.rows} == {2}  # no rows of dashes for groups 1 and 3


def test_overview_of_a_group_without_figures_says_so(english_viewer, demo_data):
    response = english_viewer.get(reverse("home"), {"group": "1", "period": "2018-Q1"})
    html = response.content.decode()
    assert response.context["nothing_to_show"] is True
    assert "Group 1 has no figures for Q1 2018 yet." in html
    assert 'data-testid="programme-progress"' not in html


def test_overview_with_every_group_reporting_opens_on_all_groups(two_groups, viewer_client):
    assert viewer_client.get(reverse("home"), {"period": "2018-Q1"}).context["group"] is None


def test_a_malformed_year_or_period_is_a_friendly_400(viewer_client, demo_data):
    assert viewer_client.get(reverse("groups"), {"year": "1999"}).status_code == 400
    assert viewer_client.get(reverse("groups"), {"period": "2018-Q9"}).status_code == 400


# Session, user; the selector's periods and groups.
FRAME = 4
QUARTER = FRAME + 1 + SINGLE + 1 + 1  # ?period=; the scorecard; who reported (one UNION); initiatives → axes
YEAR = FRAME + 5 + SINGLE + 1  # the year's card (five, and its quarter's scorecard); initiatives → axes


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(("url", "queries"), [("/groups/?period=2018-Q1", QUARTER), ("/groups/?year=2018", YEAR)])
def test_groups_page_queries_do_not_grow_with_secretariats(viewer_client, django_assert_num_queries, n, url, queries):
    build_programme(n, group=1, prefix="g")
    build_programme(3, group=2, prefix="s")
    with django_assert_num_queries(queries):
        response = viewer_client.get(url)
    assert response.status_code == 200
    assert len(response.context["tables"]["group-1"].rows) == n
