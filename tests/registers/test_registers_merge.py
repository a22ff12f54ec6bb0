"""Unifying duplicate risks raised by several secretariats, and undoing it."""

import pytest
from django.urls import reverse
from django.utils import translation

from madinati.errors import Refused
from registers import selectors, services
from registers.models import Risk
from registers.selectors import RegisterFilters
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Services speak the active language; a page request earlier in this thread may have left Arabic active."""
    with translation.override("en"):
        yield


def test_reviewer_merges_the_same_risk_from_three_secretariats_through_the_page(
    reviewer_client, reviewer, same_risk_three_times
):
    taif, jazan, asir = same_risk_three_times
    ids = [r.pk for r in same_risk_three_times]
    page = reviewer_client.get(reverse("risk-merge"), {"risks": ids})
    assert page.status_code == 200
    assert all(r.title in page.content.decode() for r in same_risk_three_times)

    response = reviewer_client.post(
        reverse("risk-merge"),
        {"risks": ids, "canonical": jazan.pk, "title": "تأخر صرف مستحقات المقاولين", "reason": "ورشة التوحيد"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("risk-detail", args=[jazan.pk])
    jazan.refresh_from_db()
    assert jazan.title == "تأخر صرف مستحقات المقاولين" and jazan.canonical_id is None
    assert set(jazan.duplicates.values_list("pk", flat=True)) == {taif.pk, asir.pk}
    merged = Risk.history.filter(id=taif.pk).first()
    assert (merged.canonical_id, merged.history_user, merged.history_change_reason) == (
        jazan.pk,
        reviewer,
        "ورشة التوحيد",
    )

    detail = reviewer_client.get(reverse("risk-detail", args=[jazan.pk])).content.decode()
    assert 'data-testid="secretariat-count"><span class="num">3</span>' in detail


def test_register_lists_unified_entries_first_by_reach(unified_risk, secretariat, other_secretariat):
    severe = RiskFactory(secretariat=secretariat, likelihood=5, impact=5)
    pair_head = RiskFactory(secretariat=secretariat, likelihood=1, impact=1)
    RiskFactory(secretariat=other_secretariat, canonical=pair_head)
    # The same secretariat raising it twice still counts once.
    RiskFactory(secretariat=secretariat, canonical=pair_head)
    rows = selectors.risk_register()
    assert [r.pk for r in rows] == [unified_risk.pk, pair_head.pk, severe.pk]
    assert [r.secretariat_count for r in rows] == [3, 2, 1]
    assert [s.code for s in rows[1].affected_secretariats] == ["taif", "jazan"]
    # Merged entries appear under their unified entry, not on their own.
    assert len(rows) == Risk.objects.filter(canonical__isnull=True).count()


def test_filtering_by_secretariat_finds_a_unified_entry_through_its_duplicates(unified_risk, third_secretariat):
    rows = selectors.risk_register(filters=RegisterFilters(secretariat=third_secretariat))
    assert [r.pk for r in rows] == [unified_risk.pk]


def test_unmerge_of_the_unified_entry_releases_every_duplicate(reviewer_client, unified_risk):
    response = reviewer_client.post(reverse("risk-unmerge", args=[unified_risk.pk]), {"reason": "ليست متطابقة"})
    assert response.status_code == 302
    assert not Risk.objects.filter(canonical__isnull=False).exists()
    assert [r.secretariat_count for r in selectors.risk_register()] == [1, 1, 1]


def test_unmerge_of_one_duplicate_releases_only_it(reviewer, unified_risk, third_secretariat):
    asir_entry = unified_risk.duplicates.get(secretariat=third_secretariat)
    released = services.risk_unmerge(risk=asir_entry, by=reviewer)
    assert released == [asir_entry]
    assert unified_risk.duplicates.count() == 1
    assert selectors.risk_detail(pk=unified_risk.pk).secretariat_count == 2


def test_merge_then_unmerge_restores_the_register(reviewer, same_risk_three_times):
    before = [(r.pk, r.secretariat_count) for r in selectors.risk_register()]
    canonical, *duplicates = same_risk_three_times
    services.risks_merge(canonical=canonical, duplicates=duplicates, by=reviewer)
    assert [r.secretariat_count for r in selectors.risk_register()] == [3]
    services.risk_unmerge(risk=canonical, by=reviewer)
    assert sorted(before) == sorted((r.pk, r.secretariat_count) for r in selectors.risk_register())


def test_merge_refusals(reviewer, unified_risk, secretariat):
    duplicate = unified_risk.duplicates.first()
    free = RiskFactory(secretariat=secretariat)
    with pytest.raises(Refused, match="merge"):
        services.risks_merge(canonical=free, duplicates=[free], by=reviewer)
    with pytest.raises(Refused, match="already merged"):
        services.risks_merge(canonical=free, duplicates=[duplicate], by=reviewer)
    with pytest.raises(Refused, match="undo its merge first"):
        services.risks_merge(canonical=free, duplicates=[unified_risk], by=reviewer)
    with pytest.raises(Refused, match="merged into another entry"):
        services.risks_merge(canonical=duplicate, duplicates=[free], by=reviewer)
    with pytest.raises(Refused, match="not merged"):
        services.risk_unmerge(risk=free, by=reviewer)
    assert free.duplicates.count() == 0 and unified_risk.duplicates.count() == 2


def test_adding_a_fourth_entry_to_a_unified_one(reviewer, unified_risk, group_one_secretariat):
    late = RiskFactory(secretariat=group_one_secretariat)
    services.risks_merge(canonical=unified_risk, duplicates=[late], by=reviewer)
    assert selectors.risk_detail(pk=unified_risk.pk).secretariat_count == 4
    # The group-one entry brings the unified entry into group one's list too.
    assert [r.pk for r in selectors.top_unified_risks(group=1)] == [unified_risk.pk]


def test_a_merged_entry_takes_its_status_from_the_unified_one(reviewer, unified_risk):
    duplicate = unified_risk.duplicates.first()
    with pytest.raises(Refused, match="unified entry"):
        services.risk_set_status(risk=duplicate, status="closed", reason="x", by=reviewer)
    services.risk_set_status(risk=unified_risk, status="closed", reason="عولجت", by=reviewer)
    registers = selectors.secretariat_open_registers(secretariat=duplicate.secretariat)
    assert registers.risks == []
