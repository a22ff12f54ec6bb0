"""The login page is Arabic right-to-left, and left-to-right after switching to English."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_direction_follows_the_language(page, switch_language, artifacts):
    page.goto("/accounts/login/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # The form's text really flows right to left, not only the attribute.
    assert page.evaluate("getComputedStyle(document.querySelector('form')).direction") == "rtl"
    page.screenshot(path=str(artifacts / "login-ar.png"), full_page=True)

    switch_language()
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.querySelector('form')).direction") == "ltr"
    assert page.locator("h1").inner_text() == "Sign in to the Madinati dashboard"
    page.screenshot(path=str(artifacts / "login-en.png"), full_page=True)
