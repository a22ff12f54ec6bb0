"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Skipped, with the reason printed in the summary, where no Chromium is found.
Screenshots and PDFs are kept under ``test-artifacts/`` as evidence.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

pytestmark = pytest.mark.browser


def _chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


# A page has settled when it has loaded (every script and style run or refused), every chart has drawn,
# Swagger UI (the API docs) has rendered the schema it fetched, and the web fonts are in: what Playwright's
# "networkidle" stood for, without its fixed half second of silence after every load.
SETTLED = """() => document.readyState === 'complete'
  && [...document.querySelectorAll('[data-plotly]')].every(el => el.querySelector('.main-svg'))
  && (!document.getElementById('swagger-ui') || !!document.querySelector('#swagger-ui .information-container'))"""


def settle(page):
    """Wait until the page in ``page`` has settled (see ``SETTLED``)."""
    page.wait_for_function(SETTLED)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page


def click_and_settle(page, selector: str):
    """Click what submits a form or follows a link, and wait until the page it leads to has settled."""
    with page.expect_navigation():
        page.click(selector)
    return settle(page)


@pytest.fixture(scope="session")
def browser_context(browser, live_server):
    """One browser context per test process, so its HTTP cache keeps plotly.js (3.5 MB) and the fonts.

    Every test starts without cookies and has a page of its own or one of ``open_as``'s; the pages
    answer ``private, no-cache``, so a cached page is always revalidated (an unchanged one is a 304,
    as for a user).
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="session")
def _reused_pages(browser_context):
    pages = {}
    yield pages
    for page in pages.values():
        page.close()


@pytest.fixture
def open_as(browser_context, _reused_pages, live_server):
    """``open_as(user, language=...)``: this process's page for ``purpose``, with no cookie but the user's session.

    The session is made on the server (``force_login``) and handed to the browser as its cookie (``None``:
    signed out), so a test about one page spends no load on the login form (tests/e2e/test_login_direction.py
    and the flows sign in through it). The page is made once per process and ``prepare(page)`` runs then
    (listeners, init scripts); later tests navigate it again. A new page starts a renderer and compiles
    plotly.js afresh, 1.5–2.5 s on this machine; a page navigating within the site keeps both.
    """

    def open_page(
        user=None, *, language: str | None = None, purpose: str = "pages", prepare=None, timeout: int = 30_000
    ):
        page = _reused_pages.get(purpose)
        if page is None or page.is_closed():
            page = _reused_pages[purpose] = browser_context.new_page()
            if prepare is not None:
                prepare(page)
        browser_context.clear_cookies()
        cookies = []
        if language:
            cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url})
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
        if cookies:
            browser_context.add_cookies(cookies)
        page.set_default_timeout(timeout)
        page.set_viewport_size({"width": 1280, "height": 900})
        return page

    return open_page


@pytest.fixture
def page(browser_context):
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def login(page):
    """``login(user)`` signs in through the real login form."""

    def sign_in(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        return click_and_settle(page, "main form button[type=submit]")

    return sign_in


@pytest.fixture
def switch_language(page):
    """Click the language switch in the navigation bar."""

    def switch():
        return click_and_settle(page, "[data-testid=language-switch] button")

    return switch
