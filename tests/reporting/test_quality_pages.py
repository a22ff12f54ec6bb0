"""Data-quality flags on the pages: the officer is warned after saving, must explain a flagged figure to
submit it (the service refuses, the page puts the reason on the note), and the reviewer's queue shows each
flag with last quarter's figure and the achievement, and filters to the flagged figures."""

import re

import pytest
from django.utils import translation

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from reporting.models import QualityRule
from reporting.services.refusals import EntryRefused
from tests.factories import IndicatorValueFactory, SecretariatFactory, TargetFactory
from tests.reporting.fixtures import save_value

UP_125 = "Up 125% on Q1 2018 (40): a change above 50% in a quarter is unusual."


@pytest.fixture
def p(entry_programme, secretariat, closed_period):
    """Taif's satisfaction was 40 % last quarter (approved): 90 % now is up 125 %, beyond the 50 % default."""
    IndicatorValueFactory(indicator=entry_programme["percent"], secretariat=secretariat, period=closed_period, value=40)
    return entry_programme


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def form(p, **fields):
    return {"secretariat": "taif", "period": "2018-Q2", **fields}


# --------------------------------------------------------------------------- the service


def test_a_flagged_draft_is_saved_but_not_submitted_without_a_note(p, officer, secretariat, open_period):
    row, _result = save_value(by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=90)
    assert row.workflow_status == WorkflowStatus.DRAFT  # a flag never blocks a draft

    with translation.override("en"), pytest.raises(EntryRefused) as refused:
        save_value(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            indicator=p["percent"],
            value=90,
            version=1,
            submit=True,
        )
    [((kind, pk), refusal)] = refused.value.errors.items()
    assert (kind, pk, refusal.field) == ("value", p["percent"].pk, "note")
    assert (
        refusal.message == f"A data-quality check flagged this figure: explain it in a note before submitting. {UP_125}"
    )
    row.refresh_from_db()
    assert (row.workflow_status, row.version) == (WorkflowStatus.DRAFT, 1)  # nothing written

    row, result = save_value(
        by=officer,
        secretariat=secretariat,
        period=open_period,
        indicator=p["percent"],
        value=90,
        note="New survey method",
        version=1,
        submit=True,
    )
    assert (row.workflow_status, result.submitted) == (WorkflowStatus.SUBMITTED, 1)


def test_an_unflagged_figure_submits_without_a_note(p, officer, secretariat, open_period):
    row, result = save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=45, submit=True
    )
    assert (row.workflow_status, result.submitted) == (WorkflowStatus.SUBMITTED, 1)


# --------------------------------------------------------------------------- the entry page


def test_entry_page_warns_beside_the_saved_figure(p, officer_client, english):
    pct = p["percent"]
    english(officer_client)
    response = officer_client.post("/entry/", form(p, **{f"v{pct.pk}-value": "90", "save": "1"}))
    assert response.status_code == 302
    html = officer_client.get("/entry/?period=2018-Q2").content.decode()
    row = html.split('data-testid="value-row-satisfaction"')[1].split("</tr>")[0]
    warning = text(row.split('data-testid="quality-satisfaction"')[1])
    assert UP_125 in warning
    assert "to submit, explain the figure in a note" in warning
    assert 'data-testid="quality-' not in html.split('data-testid="value-row-complaints"')[1]  # no flag, no warning

    officer_client.cookies["madinati_language"] = "ar"
    arabic = officer_client.get("/entry/?period=2018-Q2").content.decode()
    assert "ارتفاع بنسبة 125% عن الربع الأول 2018 (40)" in arabic


def test_submitting_a_flagged_figure_from_the_page_needs_a_note(p, officer_client, english):
    pct = p["percent"]
    english(officer_client)
    response = officer_client.post("/entry/", form(p, **{f"v{pct.pk}-value": "90", "submit": "1"}))
    assert response.status_code == 409
    html = response.content.decode()
    note_cell = html.split(f'name="v{pct.pk}-note"')[1].split("</td>")[0]
    assert "explain it in a note before submitting" in text(note_cell)
    assert not IndicatorValue.objects.filter(indicator=pct, period__quarter=2).exists()

    officer_client.cookies["madinati_language"] = "ar"
    response = officer_client.post("/entry/", form(p, **{f"v{pct.pk}-value": "90", "submit": "1"}))
    assert "نبّه فحص جودة البيانات إلى هذا الرقم: اشرحه في ملاحظة قبل الإرسال." in response.content.decode()

    response = officer_client.post(
        "/entry/", form(p, **{f"v{pct.pk}-value": "90", f"v{pct.pk}-note": "New survey method", "submit": "1"})
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=pct, period__quarter=2).workflow_status == WorkflowStatus.SUBMITTED


# --------------------------------------------------------------------------- the reviewer's queue


@pytest.fixture
def queue(p, secretariat, other_secretariat, open_period):
    """Taif's 90 (flagged: up 125 %) and Jazan's 70 (no last quarter: plain), both submitted in 2018-Q2."""
    submitted = {"workflow_status": WorkflowStatus.SUBMITTED, "note": "checked"}
    return {
        "taif": IndicatorValueFactory(
            indicator=p["percent"], secretariat=secretariat, period=open_period, value=90, **submitted
        ),
        "jazan": IndicatorValueFactory(
            indicator=p["percent"], secretariat=other_secretariat, period=open_period, value=70, **submitted
        ),
    }


def test_queue_shows_each_flag_with_last_quarter_and_the_achievement(queue, reviewer_client, english):
    english(reviewer_client)
    html = reviewer_client.get("/review/").content.decode()
    taif = text(html.split('data-testid="review-value-taif-satisfaction"')[1].split("</tr>")[0])
    # value 90, last quarter 40, target 80, achievement 100 % (clipped), the reason in words
    assert re.search(r"90 40 80 100\.00% ⚠ " + re.escape(UP_125), taif), taif
    jazan = text(html.split('data-testid="review-value-jazan-satisfaction"')[1].split("</tr>")[0])
    assert re.search(r"70 — 80 87\.50% No flag", jazan), jazan
    assert "1 figure was flagged by a data-quality check" in text(html)


def test_queue_filters_to_flagged_figures(queue, reviewer_client, english):
    english(reviewer_client)
    html = reviewer_client.get("/review/?flagged=1").content.decode()
    assert 'data-testid="review-value-taif-satisfaction"' in html
    assert 'data-testid="review-value-jazan-satisfaction"' not in html
    assert 'id="f-flagged" checked' in html
    assert "initiative progress is not checked" in html

    QualityRule.objects.create(indicator=queue["taif"].indicator, max_change_percent=None, max_value=100)
    html = reviewer_client.get("/review/?flagged=1").content.decode()
    assert "No flagged figure is waiting for review." in html  # the rule now allows the change

    assert reviewer_client.get("/review/?flagged=maybe").status_code == 400
    assert reviewer_client.get("/review/?flagged=0").content.decode().count('data-testid="review-value-') == 2


def grow_group(p, open_period, closed_period, n: int) -> None:
    """``n`` more secretariats in group 2, each with a submitted figure flagged as up from 20 last quarter.

    Their figures spread from 60 to 80 around Jazan's 70, so Jazan's stays unflagged however many they are.
    """
    for i in range(n):
        sec = SecretariatFactory(code=f"grown-{n}-{i}", group=2)
        IndicatorValueFactory(indicator=p["percent"], secretariat=sec, period=closed_period, value=20)
        IndicatorValueFactory(
            indicator=p["percent"],
            secretariat=sec,
            period=open_period,
            value=60 + i % 5 * 5,
            workflow_status="submitted",
        )
        TargetFactory(indicator=p["percent"], secretariat=sec, period=open_period)


@pytest.mark.parametrize("n", [2, 12])
def test_flagged_queue_queries_do_not_grow(
    p, queue, reviewer_client, open_period, closed_period, django_assert_num_queries, n
):
    grow_group(p, open_period, closed_period, n)
    # session, user, values, progress, targets, quality rules, the groups' and last quarter's figures, 3 menus
    with django_assert_num_queries(10):
        response = reviewer_client.get("/review/?flagged=1")
    # Taif's figure and every grown secretariat's (up 200 %); Jazan's is not flagged.
    assert response.content.decode().count('data-testid="review-value-') == n + 1
