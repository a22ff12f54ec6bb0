"""The register widgets other pages include: fixed queries, the right entries."""

import pytest
from django.template import Context, Template

from registers.models import Risk
from tests.factories import IdeaFactory, RiskFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load registers %}" + source).render(Context(context))


@pytest.mark.parametrize("n", [5, 50])
def test_secretariat_registers_shows_open_entries_in_three_queries(
    n, register_rows, secretariat, other_secretariat, django_assert_num_queries
):
    register_rows(n)
    closed = RiskFactory(secretariat=secretariat, status="closed", title="خطر مغلق")
    answered = SupportRequestFactory(secretariat=secretariat, status="fulfilled", title="طلب منجز")
    declined = IdeaFactory(secretariat=secretariat, status="declined", title="فكرة مرفوضة")
    elsewhere = RiskFactory(secretariat=other_secretariat, title="خطر في جازان")
    # open risks (with what they were merged into), open requests, open ideas
    with django_assert_num_queries(3):
        html = render("{% secretariat_registers s %}", s=secretariat)
    for hidden in (closed, answered, declined, elsewhere):
        assert hidden.title not in html
    assert html.count("data-testid=") == 3


def test_secretariat_registers_marks_demo_rows(secretariat):
    RiskFactory(secretariat=secretariat, is_demo=True)
    assert "demo-notice" in render("{% secretariat_registers s %}", s=secretariat)
    assert "demo-notice" not in render("{% secretariat_registers s %}", s=RiskFactory().secretariat)


@pytest.mark.parametrize("n", [5, 50])
def test_top_unified_risks_in_two_queries(n, register_rows, unified_risk, django_assert_num_queries):
    register_rows(n)
    # unified entries with their reach, the entries merged into them
    with django_assert_num_queries(2):
        html = render("{% top_unified_risks 2 3 %}")
    assert unified_risk.title in html
    unified = Risk.objects.filter(canonical__isnull=True, duplicates__isnull=False).distinct().count()
    assert html.count("<tr>") == 1 + min(3, unified)  # header, then at most three
    # The one that affects most secretariats comes first.
    assert html.index(unified_risk.title) < html.index("<tr>", html.index("<tbody>") + 20)


def test_top_unified_risks_is_scoped_to_the_group(unified_risk, group_one_secretariat):
    assert unified_risk.title in render("{% top_unified_risks 2 5 %}")
    assert unified_risk.title not in render("{% top_unified_risks 1 5 %}")
    assert unified_risk.title in render("{% top_unified_risks None 5 %}")
