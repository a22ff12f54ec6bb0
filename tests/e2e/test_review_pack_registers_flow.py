"""On the demo data a reviewer merges one risk raised by three secretariats, answers a request and adopts an idea."""

import pytest
from django.utils import translation

from registers.models import Idea, IdeaStatus, Risk, SupportRequest
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LICENCE_RISKS = [
    "تعدد الجهات المطلوب موافقتها قبل إصدار الرخص",
    "تأخر موافقات الجهات الخارجية على الرخص البلدية",
    "طول مدة الحصول على موافقات الجهات الأخرى للرخص",
]


def test_reviewer_merges_answers_and_adopts(demo_data, reviewer, page, artifacts):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", reviewer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/risks/")
    page.wait_for_selector("#risk-heatmap .main-svg")  # plotly.js drew the heatmap from the app's own copy
    for title in LICENCE_RISKS:
        page.locator("tr", has_text=title).locator("input[name=risks]").check()
    page.click("text=دمج المدخلات المحددة")
    page.fill("#merge-title", "تأخر موافقات الجهات الأخرى على الرخص")
    page.fill("#merge-reason", "ورشة توحيد المعوقات والمخاطر")
    page.click("main form button[type=submit]")
    assert page.get_by_test_id("secretariat-count").inner_text().startswith("3")
    page.screenshot(path=str(artifacts / "risk-unified.png"), full_page=True)
    unified = Risk.objects.get(title="تأخر موافقات الجهات الأخرى على الرخص")
    assert unified.duplicates.count() == 2

    support = SupportRequest.objects.get(title="اعتماد ميزانية إضافية لتطوير الحدائق")
    page.goto(f"/support-requests/{support.pk}/")
    page.select_option("select[name=status]", "in_progress")
    page.fill("textarea[name=response]", "أُحيل الطلب إلى وكالة الميزانية")
    page.click("main form button[type=submit]")
    assert "أُحيل الطلب" in page.get_by_test_id("support-response").inner_text()

    idea = Idea.objects.get(status="under_study", is_demo=True)
    page.goto(f"/ideas/{idea.pk}/")
    page.select_option("select[name=status]", "adopted")
    page.fill("textarea[name=reason]", "تُعمم على أمانات المجموعة")
    page.click("main form button[type=submit]")
    with translation.override("ar"):
        assert page.get_by_test_id("idea-status").inner_text() == str(IdeaStatus.ADOPTED.label)
    idea.refresh_from_db()
    assert (idea.status, idea.decided_by_id) == ("adopted", reviewer.pk)
