"""The overview and a secretariat page draw their Plotly charts in Arabic and in English, and fit a phone."""

import pytest

from tests.e2e.conftest import click_and_settle
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART_DATA = "Array.from(document.querySelectorAll('.madinati-chart')).map(el => (el.data || []).length)"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    # The login form's own button: the navigation bar holds the language switch's form too.
    click_and_settle(page, "main form button[type=submit]")


def drawn_charts(page, url: str, expected: int) -> list[int]:
    page.goto(url)
    page.wait_for_function(
        f"document.querySelectorAll('.madinati-chart .plot-container').length >= {expected}", timeout=15_000
    )
    return page.evaluate(CHART_DATA)


def test_dashboards_draw_their_charts_in_both_languages(page, viewer, demo_data, switch_language, artifacts):
    sign_in(page, viewer)
    for language, direction in (("ar", "rtl"), ("en", "ltr")):
        if language == "en":
            switch_language()
        assert page.locator("html").get_attribute("dir") == direction

        overview = drawn_charts(page, "/?group=2", 2)
        assert len(overview) == 2 and all(n > 0 for n in overview), overview
        assert page.locator(".alert.demo-notice").is_visible()
        # Statuses are written out, not only coloured.
        status = "على المسار" if language == "ar" else "On track"
        assert page.locator("#table-ranking .dash-status").filter(has_text=status).count() > 0
        page.screenshot(path=str(artifacts / f"dashboard-overview-{language}.png"), full_page=True)

        secretariat = drawn_charts(page, "/secretariats/taif/", 3)
        assert len(secretariat) == 3 and all(n > 0 for n in secretariat), secretariat
        page.screenshot(path=str(artifacts / f"dashboard-secretariat-taif-{language}.png"), full_page=True)


def test_overview_fits_a_375_px_phone(page, viewer, demo_data, artifacts):
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, viewer)
    charts = drawn_charts(page, "/?group=2", 2)
    assert all(n > 0 for n in charts)
    # Wide tables scroll inside .table-responsive; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    widths = page.evaluate(CHART_DATA.replace("(el.data || []).length", "el.getBoundingClientRect().width"))
    assert all(0 < w <= 375 for w in widths), widths
    page.screenshot(path=str(artifacts / "dashboard-overview-ar-375.png"), full_page=True)
