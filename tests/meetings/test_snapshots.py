"""Frozen quarterly snapshots: canonical JSON and its SHA-256, immutability down to the database, revised figures."""

import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from indicators import scoring, summaries
from indicators.models import IndicatorValue, InitiativeProgress
from madinati.errors import Refused
from meetings.models import Meeting, MeetingStatus, Snapshot
from meetings.services import meetings as meeting_services
from meetings.services.snapshots import snapshot_freeze
from meetings.snapshots import frozen_scorecard, revised_since

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(programme):
    return programme(5)


@pytest.fixture
def frozen(figures, reviewer):
    return snapshot_freeze(period=figures["periods"][1], group=2, by=reviewer)


def test_sha256_is_of_exactly_the_stored_canonical_bytes(frozen):
    stored = Snapshot.objects.get(pk=frozen.pk)
    assert stored.sha256 == hashlib.sha256(stored.body.encode("utf-8")).hexdigest()
    data = json.loads(stored.body)
    # Canonical: sorted keys, no spaces, Arabic and other text as written.
    assert stored.body == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored.is_intact


def test_the_body_is_the_summary_of_the_period_and_group(frozen, figures):
    card = scoring.scorecard(period=figures["periods"][1], group=2)
    data = frozen.data
    assert (data["period"], data["group"], data["approved_only"]) == ("2018-Q1", 2, False)
    # The same building function as summary/secretariats/ and summary/axes/.
    assert data["secretariats"] == summaries.secretariat_rows(card)
    assert data["axes"] == summaries.axis_rows(card)
    assert [row["secretariat"] for row in data["secretariats"]] == [s.secretariat.code for s in card.secretariats]
    first = data["secretariats"][0]
    assert set(first) == {"secretariat", "period", "score", "rank", "progress", "axes", "indicators"}
    assert set(first["indicators"]["complaint-handling"]) == {"value", "target", "achievement", "status"}
    assert len(first["indicators"]) == 7


def test_the_model_refuses_to_change_or_delete_a_snapshot(frozen):
    frozen.body = frozen.body.replace("2018-Q1", "2018-Q2")
    with pytest.raises(ValidationError):
        frozen.save()
    with pytest.raises(ValidationError):
        frozen.delete()
    with pytest.raises(ValidationError):
        Snapshot.objects.filter(pk=frozen.pk).update(group=3)
    with pytest.raises(ValidationError):
        Snapshot.objects.filter(pk=frozen.pk).delete()


def _raw(sql: str, pk: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def test_the_database_refuses_an_update_of_a_snapshot(frozen):
    """Past the ORM: a hand-typed UPDATE is refused by a trigger (PostgreSQL and SQLite)."""
    with pytest.raises(IntegrityError, match="never changes"):
        _raw("UPDATE meetings_snapshot SET body = '{}' WHERE id = %s", frozen.pk)
    assert Snapshot.objects.get(pk=frozen.pk).body == frozen.body


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's (SQLite's test flush deletes)"
)
def test_postgresql_refuses_a_delete_of_a_snapshot(frozen):
    with pytest.raises(IntegrityError, match="never changes"):
        _raw("DELETE FROM meetings_snapshot WHERE id = %s", frozen.pk)
    assert Snapshot.objects.filter(pk=frozen.pk).exists()


def test_postgresql_has_the_trigger_on_the_snapshot_table(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'meetings_snapshot'::regclass AND NOT tgisinternal"
        )
        assert [row[0] for row in cursor.fetchall()] == ["meetings_snapshot_immutable"]


def test_a_second_freeze_of_the_same_quarter_and_group_is_refused(frozen, reviewer, figures):
    with translation.override("en"), pytest.raises(Refused, match="already frozen"):
        snapshot_freeze(period=figures["periods"][1], group=2, by=reviewer)
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_only_reviewers_freeze(request, role, figures):
    with pytest.raises(Refused) as refused:
        snapshot_freeze(period=figures["periods"][1], group=2, by=request.getfixturevalue(role))
    assert refused.value.forbidden
    assert not Snapshot.objects.exists()


def test_holding_a_meeting_freezes_its_quarter_or_keeps_the_snapshot_already_frozen(figures, reviewer, plan):
    meeting = plan(period=figures["periods"][1])
    assert meeting.snapshot is None
    held = meeting_services.meeting_mark_held(meeting=meeting, by=reviewer)
    assert held.status == MeetingStatus.HELD and held.snapshot is not None
    again = plan(period=figures["periods"][1])
    assert meeting_services.meeting_mark_held(meeting=again, by=reviewer).snapshot == held.snapshot
    assert Snapshot.objects.count() == 1
    with translation.override("en"), pytest.raises(Refused, match="already marked"):
        meeting_services.meeting_mark_held(meeting=Meeting.objects.get(pk=held.pk), by=reviewer)


def correct(value: IndicatorValue, new: Decimal, *, by, reason: str) -> None:
    """What the admin (or the workflow) does: a save with who and why in the history."""
    value.value = new
    value._history_user = by
    value._change_reason = reason
    value.save()


def test_revised_since_names_a_figure_corrected_after_the_freeze(frozen, figures, admin_user):
    assert revised_since(frozen) == []
    body = frozen.body
    s001 = figures["secretariats"][1]
    value = IndicatorValue.objects.get(
        secretariat=s001, period=figures["periods"][1], indicator__code="complaint-handling"
    )
    before = frozen.data["secretariats"]
    frozen_row = next(row for row in before if row["secretariat"] == s001.code)["indicators"]["complaint-handling"]
    correct(value, value.value + 20, by=admin_user, reason="تصحيح بعد اللقاء")

    revisions = revised_since(Snapshot.objects.select_related("period").get(pk=frozen.pk))
    assert [(r.secretariat, r.indicator) for r in revisions] == [(s001.code, "complaint-handling")]
    revision = revisions[0]
    assert revision.frozen == frozen_row
    assert revision.live["value"] == float(value.value)
    assert revision.live != revision.frozen
    assert [(c.by, c.reason, c.value) for c in revision.changes] == [
        ("programme-admin", "تصحيح بعد اللقاء", value.value)
    ]
    # The snapshot itself is unchanged, byte for byte.
    assert Snapshot.objects.get(pk=frozen.pk).body == body


def test_a_correction_of_progress_revises_the_derived_indicators(frozen, figures, admin_user):
    s000 = figures["secretariats"][0]
    row = InitiativeProgress.objects.get(secretariat=s000, period=figures["periods"][1], initiative__code="A-01")
    row.percent_complete = Decimal("99")
    row._history_user, row._change_reason = admin_user, "progress corrected"
    row.save()
    revised = {(r.secretariat, r.indicator): r for r in revised_since(frozen)}
    assert (s000.code, "initiative-progress") in revised
    # s000 leads A-01, so its led-initiative progress moves too, with the same change behind it.
    led = revised[(s000.code, "led-initiative-progress")]
    assert [c.reason for c in led.changes] == ["progress corrected"]


def test_a_draft_after_the_freeze_is_not_a_revision(frozen, figures, admin_user):
    """Rule 1: drafts never count, so an edit that is not yet visible changes nothing frozen."""
    value = IndicatorValue.objects.filter(period=figures["periods"][1]).first()
    value.workflow_status = "draft"
    value.value += 5
    value.save()
    revised = revised_since(frozen)
    assert len(revised) == 1  # the value left the scorecard: frozen → no data, which is a revision
    assert revised[0].live["status"] == scoring.NO_DATA


def test_the_frozen_scorecard_reads_back_the_stored_figures(frozen, figures):
    card = frozen_scorecard(frozen)
    live = scoring.scorecard(period=figures["periods"][1], group=2)
    assert summaries.secretariat_rows(card) == summaries.secretariat_rows(live)
    assert summaries.axis_rows(card) == summaries.axis_rows(live)
    assert card.progress == live.progress  # every digit: the exact rows read back as they were
    assert [(s.secretariat.code, s.score, s.indicators) for s in card.secretariats] == [
        (s.secretariat.code, s.score, s.indicators) for s in live.secretariats
    ]


def test_freeze_dates_are_aware_and_in_utc(frozen):
    assert frozen.frozen_at.tzinfo is not None
    assert abs(frozen.frozen_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)


def test_a_revisions_trail_never_shows_a_draft(frozen, figures, admin_user):
    """DESIGN §4 rule 1: a draft is its officer's own; the trail of a revised figure, shown to every reader of
    the snapshot and the pack, lists what was submitted, returned or approved, not the drafts between."""
    value = IndicatorValue.objects.get(
        secretariat=figures["secretariats"][2], period=figures["periods"][1], indicator__code="innovation-index"
    )
    for figure, status in ((Decimal(71), "returned"), (Decimal(72), "draft"), (Decimal(73), "submitted")):
        value.value, value.workflow_status, value._history_user = figure, status, admin_user
        value.save()
    (revision,) = [r for r in revised_since(frozen) if r.indicator == "innovation-index"]
    assert [(change.value, change.workflow_status) for change in revision.changes] == [
        (Decimal(71), "returned"),
        (Decimal(73), "submitted"),
    ]
