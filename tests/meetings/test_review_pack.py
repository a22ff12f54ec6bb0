"""The review pack gains the review cycle: earlier meetings' actions with their status, this meeting's decisions
once held, and the figures of the frozen snapshot instead of the live ones, with what was revised since."""

import re

import pytest

from indicators.models import IndicatorValue
from meetings.models import Action, Meeting
from meetings.models.actions import OPEN_STATUSES
from tests.scoring_counts import SINGLE

pytestmark = pytest.mark.django_db

PACK = "/review-pack/?period=2018-Q1&group=2"


def section(html: str, name: str) -> str:
    start = html.index(f'id="{name}"')
    return html[start : html.index("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def correct_jazan(admin_user) -> IndicatorValue:
    value = IndicatorValue.objects.get(
        secretariat__code="jazan", period__year=2018, period__quarter=1, indicator__code="complaint-handling"
    )
    value.value, value._history_user, value._change_reason = value.value + 3, admin_user, "تصحيح بعد اللقاء"
    value.save()
    return value


def test_the_pack_lists_earlier_actions_and_this_meetings_decisions(demo_data, viewer_client):
    html = viewer_client.get(PACK).content.decode()
    order = [html.index(f'id="{name}"') for name in ("pack-support", "pack-follow-up", "pack-decisions")]
    assert order == sorted(order)
    follow_up = section(html, "pack-follow-up")
    meeting = Meeting.objects.get(group=2, number=2)
    for carried in meeting.carried_actions.select_related("action"):
        assert carried.action.text_ar in follow_up
    assert 'data-testid="action-status"' in follow_up
    decisions = section(html, "pack-decisions")
    assert decisions.count('data-testid="pack-decision"') == meeting.decisions.count()
    for action in Action.objects.filter(decision__meeting=meeting):
        assert action.text_ar in decisions


def test_a_planned_meetings_pack_waits_for_its_decisions(demo_data, viewer_client):
    html = viewer_client.get("/review-pack/?period=2018-Q2&group=2").content.decode()
    assert 'data-testid="pack-not-held"' in section(html, "pack-decisions")
    follow_up = section(html, "pack-follow-up")
    for action in Action.objects.filter(status__in=OPEN_STATUSES):
        assert action.text_ar in follow_up


def test_the_pack_from_the_snapshot_keeps_the_frozen_figures_and_lists_the_revision(
    demo_data, viewer_client, admin_user
):
    live_before = viewer_client.get(PACK).content.decode()
    frozen_before = viewer_client.get(PACK + "&snapshot=1").content.decode()
    assert 'data-testid="pack-frozen-link"' in live_before
    assert 'data-testid="pack-frozen"' in frozen_before and 'id="pack-revised"' in frozen_before
    assert 'data-testid="revised-none"' in frozen_before
    # Until a correction, the frozen pack and the live pack show the same figures.
    assert section(frozen_before, "pack-targets") == section(live_before, "pack-targets")

    correct_jazan(admin_user)
    live_after = viewer_client.get(PACK).content.decode()
    frozen_after = viewer_client.get(PACK + "&snapshot=1").content.decode()
    assert section(frozen_after, "pack-targets") == section(frozen_before, "pack-targets")
    assert section(live_after, "pack-targets") != section(live_before, "pack-targets")
    revised = section(frozen_after, "pack-revised")
    assert 'data-secretariat="jazan" data-indicator="complaint-handling"' in revised
    assert "تصحيح بعد اللقاء" in text(revised)


@pytest.mark.parametrize(("query", "status"), [("&snapshot=maybe", 400), ("&snapshot=1&period=2018-Q2", 404)])
def test_a_malformed_or_missing_snapshot_is_a_friendly_error(demo_data, viewer_client, query, status):
    url = PACK + query if "period=2018-Q2" not in query else "/review-pack/?group=2&period=2018-Q2&snapshot=1"
    assert viewer_client.get(url).status_code == status


def test_the_pack_from_the_snapshot_costs_a_fixed_number_of_queries(
    demo_data, viewer_client, admin_user, django_assert_num_queries
):
    # session, user, the period (twice: the pack, the snapshot by its key), the frozen card's secretariats, indicators, axes; initiatives;
    # unified risks, their merged entries; open requests; open ideas; the review cycle's four; the live
    # scorecard for revised_since; the picker's quarters
    with django_assert_num_queries(17 + SINGLE):
        assert viewer_client.get(PACK + "&snapshot=1").status_code == 200
    correct_jazan(admin_user)
    # ... and the history of values and of progress once something was revised.
    with django_assert_num_queries(17 + SINGLE + 2):
        assert viewer_client.get(PACK + "&snapshot=1").status_code == 200
