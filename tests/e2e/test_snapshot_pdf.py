"""A viewer prints the frozen 2018-Q1 group-two snapshot to an A4 PDF in Arabic, after a figure was corrected:
the printout carries the frozen figures, the SHA-256 that cites them, and the revised figure beside them."""

import pytest

from indicators.models import IndicatorValue
from meetings.models import Snapshot
from tests.e2e.conftest import settle
from tests.e2e.test_review_pack_pdf import all_pages_a4, mapped_code_points, page_count, pdf_text, sign_in, squeeze

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/snapshots/2018-Q1/2/"


def test_viewer_prints_a_snapshot_in_arabic(demo_data, viewer, admin_user, page, artifacts, tmp_path):
    snapshot = Snapshot.objects.get(period__year=2018, period__quarter=1, group=2)
    value = IndicatorValue.objects.get(
        secretariat__code="jazan", period=snapshot.period, indicator__code="complaint-handling"
    )
    value.value, value._history_user, value._change_reason = value.value + 3, admin_user, "تصحيح بعد اللقاء"
    value.save()

    sign_in(page, viewer)
    page.goto(URL)
    settle(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("[data-testid=sha256]").inner_text().strip() == snapshot.sha256
    revised = page.locator("[data-testid=revised-since] tr[data-secretariat=jazan]")
    assert revised.count() == 1 and "تصحيح بعد اللقاء" in revised.inner_text()
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "none"
    page.emulate_media(media="screen")

    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "snapshot-2018-Q1-group-2-ar.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) >= 1 and all_pages_a4(pdf)
    arabic = {cp for cp in mapped_code_points(pdf) if 0x0600 <= cp <= 0x06FF}
    # Alif, lam, mim and many more letters: Arabic words are in the text layer, not pictures of text.
    assert {0x0627, 0x0644, 0x0645} <= arabic and len(arabic) >= 15
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        flat = squeeze(text)
        for expected in (snapshot.sha256, "أمانة محافظة الطائف", "معدلة منذ التجميد", "تصحيح بعد اللقاء"):
            assert squeeze(expected) in flat, expected
        assert squeeze("تسجيل الخروج") not in flat  # no navigation on paper
    page.screenshot(path=str(artifacts / "snapshot-ar.png"), full_page=False)
    # Printing changed nothing frozen.
    assert Snapshot.objects.get(pk=snapshot.pk).body == snapshot.body
