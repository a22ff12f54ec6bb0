"""A viewer prints the 2018-Q1 group-two review pack to an A4 PDF, in Arabic and in English."""

import re
import shutil
import subprocess
import zlib

import pytest

from tests.e2e.conftest import settle
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595.3, 841.9)  # 210 × 297 mm in PDF points


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def all_pages_a4(pdf: bytes) -> bool:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    # Chromium rounds A4 up to whole pixels (595.92 × 842.88).
    return bool(boxes) and all(abs(float(w) - A4_POINTS[0]) < 2 and abs(float(h) - A4_POINTS[1]) < 2 for w, h in boxes)


def pdf_text(pdf: bytes, tmp_path) -> str | None:
    """Text by poppler's pdftotext where installed; ``None`` otherwise."""
    if not shutil.which("pdftotext"):
        return None
    source = tmp_path / "pack.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


def squeeze(text: str) -> str:
    """Drop whitespace and bidi controls: pdftotext splits Arabic words at glyph gaps and wraps runs in marks."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]+", "", text)


def mapped_code_points(pdf: bytes) -> set[int]:
    """Every Unicode code point the fonts' ToUnicode maps name: which scripts the PDF's text uses, pure Python."""
    points: set[int] = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"beginbfchar" not in data and b"beginbfrange" not in data:
            continue
        for hex_value in re.findall(rb"<([0-9A-Fa-f]{4})>", data):
            points.add(int(hex_value, 16))
    return points


def sign_in(page, user) -> None:
    """The shared ``login`` fixture clicks the first submit button, the language switch's; aim at the main form."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def print_pack(page, url: str, path) -> bytes:
    page.goto(url)
    settle(page)
    pdf = page.pdf(format="A4", print_background=True)
    path.write_bytes(pdf)
    return pdf


def test_viewer_prints_the_review_pack_in_arabic_and_english(
    demo_data, viewer, page, switch_language, artifacts, tmp_path
):
    sign_in(page, viewer)
    url = "/review-pack/?period=2018-Q1&group=2"

    pdf = print_pack(page, url, artifacts / "review-pack-2018-Q1-group-2-ar.pdf")
    assert pdf.startswith(b"%PDF")
    # A cover and the six sections, each starting on a new page.
    assert page_count(pdf) >= 7
    assert all_pages_a4(pdf)
    # What was printed is the Arabic page, and the PDF carries Arabic text.
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") != "none"  # on screen
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        flat = squeeze(text)
        for expected in ("مؤشرات قياس القطاع البلدي", "المعوقات والمخاطر الموحدة", "أمانة محافظة الطائف"):
            assert squeeze(expected) in flat, expected
        assert squeeze("Sign out") not in flat and squeeze("تسجيل الخروج") not in flat  # no navigation on paper
    arabic = {cp for cp in mapped_code_points(pdf) if 0x0600 <= cp <= 0x06FF}
    assert {0x0627, 0x0644, 0x0645} <= arabic  # alif, lam, mim: Arabic words are in the text layer
    page.screenshot(path=str(artifacts / "review-pack-ar.png"), full_page=False)

    switch_language()
    pdf = print_pack(page, url, artifacts / "review-pack-2018-Q1-group-2-en.pdf")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page_count(pdf) >= 7 and all_pages_a4(pdf)
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        flat = squeeze(text)
        for expected in ("Municipal-sector indicators", "Unified risks and obstacles", "Taif Governorate Municipality"):
            assert squeeze(expected) in flat, expected
    # English headings, but the registers' Arabic entries are still printed as written.
    assert {0x0627, 0x0644} <= {cp for cp in mapped_code_points(pdf) if 0x0600 <= cp <= 0x06FF}
