"""Text a user typed reads in its own direction: an English title in the Arabic interface sits in dir="auto"."""

import re

import pytest
from django.template import engines

from programme.models import Secretariat
from registers.models import SupportStatus
from tests.factories import IdeaFactory, RiskFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "Permits wait on outside approvals"


def in_auto_direction(html: str, text: str) -> bool:
    """``text`` is the whole content of an element that carries ``dir="auto"``."""
    return re.search(rf'<(bdi|div|span)[^>]*\bdir="auto"[^>]*>{re.escape(text)}</\1>', html) is not None


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_filter_isolates_and_escapes():
    assert (
        render("{{ t|usertext }}", t="Late <b>permits</b>") == '<bdi dir="auto">Late &lt;b&gt;permits&lt;/b&gt;</bdi>'
    )
    assert render("{{ t|linebreaksbr|usertext }}", t="a\nb") == '<bdi dir="auto">a<br>b</bdi>'
    assert render("{{ t|linebreaks|usertext_block }}", t="a") == '<div dir="auto"><p>a</p></div>'
    assert render("{{ t|usertext }}", t="") == ""
    assert render("{{ t|usertext }}", t=None) == ""


def test_an_english_risk_title_in_the_arabic_interface(viewer_client, demo_data):
    risk = RiskFactory(secretariat=Secretariat.objects.get(code="taif"), title=ENGLISH_TITLE, mitigation="Ask early")
    for url in ("/risks/", f"/risks/{risk.pk}/"):
        html = viewer_client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert in_auto_direction(html, ENGLISH_TITLE), url
    assert in_auto_direction(html, "Ask early")


def test_english_titles_in_the_arabic_review_pack(viewer_client, demo_data):
    taif = Secretariat.objects.get(code="taif")  # group two
    SupportRequestFactory(secretariat=taif, title="Extra budget for parks", status=SupportStatus.OPEN)
    IdeaFactory(secretariat=taif, title="Open data portal")
    html = viewer_client.get("/review-pack/?period=2018-Q1&group=2").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert in_auto_direction(html, "Extra budget for parks")
    assert in_auto_direction(html, "Open data portal")
