"""The printable quarterly review pack: the meeting's order, both languages, statuses in words, fixed queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.review_pack import build_review_pack
from madinati.numbers import display_number
from programme.models import ReportingPeriod
from registers.models import Risk
from tests.factories import ReportingPeriodFactory, RiskFactory, SecretariatFactory
from tests.scoring_counts import SINGLE

pytestmark = pytest.mark.django_db

SECTIONS = ["pack-targets", "pack-indicators", "pack-axes", "pack-initiatives", "pack-risks", "pack-support"]
PACK = "/review-pack/?period=2018-Q1&group=2"


def text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_arabic_pack_follows_the_meeting_order(demo_data, viewer_client):
    response = viewer_client.get(PACK)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "css/print.css" in html
    positions = [html.index(f'id="{section}"') for section in SECTIONS]
    assert positions == sorted(positions)
    body = text(html)
    for expected in [
        "ملف المراجعة الربعية: المجموعة 2، الربع الأول 2018",
        "مستهدفات كل أمانة وإنجازاتها",
        "مؤشرات قياس القطاع البلدي",
        "التقدم في كل محور",
        "تقدم المبادرات",
        "المعوقات والمخاطر الموحدة",
        "طلبات الدعم المفتوحة والأفكار الإبداعية",
        "أمانة محافظة الطائف",
        "معالجة التشوه البصري",
        "تأخر صرف مستحقات مقاولي معالجة التشوه البصري",  # the unified demo risk
        "اعتماد ميزانية إضافية لتطوير الحدائق",  # an open support request
        "تطبيق للإبلاغ عن التشوه البصري بالصور والموقع",  # an idea under study
    ]:
        assert expected in body, expected
    # Group one's secretariats are not in group two's pack.
    assert "أمانة منطقة الرياض" not in body


def test_english_pack(demo_data, viewer_client, english):
    response = english(viewer_client).get(PACK)
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    body = text(html)
    for expected in [
        "Quarterly review pack: group 2, Q1 2018",
        "Targets and achievements of each secretariat",
        "Municipal-sector indicators",
        "Progress on each axis",
        "Progress of the initiatives",
        "Unified risks and obstacles",
        "Open support requests and creative ideas",
        "Taif Governorate Municipality",
        "Treating visual distortion",
    ]:
        assert expected in body, expected


def test_statuses_are_words_and_symbols_never_colour_alone(demo_data, viewer_client, english):
    html = english(viewer_client).get(PACK).content.decode()
    table = html.split('data-testid="pack-indicators"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="pack-status">(.*?)</td>', table, flags=re.S)
    assert len(cells) == 7 * 5  # seven indicators × five secretariats of group two
    for cell in cells:
        assert re.match(r"\s*(● On track|▲ At risk|✖ Off track|– No data)", cell), cell


def test_unified_risk_shows_how_many_secretariats_it_affects(demo_data, viewer_client, english):
    pack = build_review_pack(period=ReportingPeriod.objects.by_key("2018-Q1"), group=2)
    assert [(r.title, r.secretariat_count) for r in pack.unified_risks] == [
        ("تأخر صرف مستحقات مقاولي معالجة التشوه البصري", 3)
    ]
    assert all(r.status in ("open", "in_progress") for r in pack.support_requests)
    assert all(i.status in ("submitted", "under_study") for i in pack.ideas)
    assert {s.code for s in pack.secretariats} == {"taif", "al-baha", "jazan", "asir", "najran"}


def test_demo_notice_on_demo_data(demo_data, viewer_client):
    assert 'data-testid="demo-notice"' in viewer_client.get(PACK).content.decode()


def test_no_demo_notice_without_demo_data_until_a_demo_register_row_appears(viewer_client, secretariat):
    ReportingPeriodFactory(year=2018, quarter=1)
    url = "/review-pack/?period=2018-Q1&group=2"
    assert 'data-testid="demo-notice"' not in viewer_client.get(url).content.decode()
    canonical = RiskFactory(secretariat=secretariat, is_demo=True)
    RiskFactory(secretariat=SecretariatFactory(code="asir"), canonical=canonical)
    assert 'data-testid="demo-notice"' in viewer_client.get(url).content.decode()


def test_defaults_are_the_latest_quarter_with_data_and_group_two(demo_data, viewer_client):
    response = viewer_client.get(reverse("review-pack"))
    pack = response.context["pack"]
    assert (pack.period.key, pack.group) == ("2018-Q1", 2)


@pytest.mark.parametrize(
    "query", ["period=2018-Q5", "period=Q1-2018", "period=1999-Q1", "group=two", "group=0", "group=-1"]
)
def test_malformed_parameters_are_a_friendly_400(demo_data, viewer_client, query):
    response = viewer_client.get(f"/review-pack/?{query}")
    assert response.status_code == 400
    assert "review-pack" not in response.templates[0].name


@pytest.mark.parametrize("n", [5, 50])
def test_pack_queries_do_not_grow_with_rows(n, demo_data, register_rows, viewer_client, django_assert_num_queries):
    register_rows(n)
    assert Risk.objects.filter(canonical__isnull=False).count() >= 3
    # session, user, the period; the scorecard; initiatives; unified risks; their merged entries; open
    # requests; open ideas; the review cycle: the quarter's meeting, the actions it carried, its decisions
    # and their actions; the quarters the picker offers
    with django_assert_num_queries(3 + SINGLE + 10):
        assert viewer_client.get(PACK).status_code == 200


def test_the_pack_prints_figures_as_the_dashboards_do_in_both_languages(demo_data, viewer_client, english):
    """One formatter (issue 16, item 4): thousands grouped, a decimal point, the same digits in Arabic and English."""
    arabic = text(viewer_client.get(PACK).content.decode())
    english_text = text(english(viewer_client).get(PACK).content.decode())
    figure = re.compile(r"\d[\d,.]*[,.][\d,.]*\d%?|\d+%")  # figures with a separator or a percent sign

    def figures(body: str) -> list[str]:
        return sorted(figure.findall(body))

    assert figures(arabic) == figures(english_text) and len(figures(arabic)) > 20
    assert "27,500,430" in arabic and "27500430" not in arabic
    assert not re.search(r"\d,\d{1,2}%", arabic)  # «91,7%», Django's Arabic decimal comma, is gone


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "–"), (27500430, "27,500,430"), (Decimal("91.6666"), "91.67"), (Decimal("100.00"), "100"), (12.5, "12.50")],
)
def test_the_one_display_formatter(value, shown):
    assert display_number(value) == shown
