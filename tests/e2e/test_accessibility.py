"""axe-core on every page kind, in Arabic and in English, and no sideways scrolling on a 375-px phone.

One browser per test process; one test per (role, language), so pytest-xdist spreads them. Per page kind
axe runs at desktop width, then the page is loaded again at 375 px and must not scroll sideways (wide
tables scroll inside their own region); a failure names the elements that stick out. With SCREENSHOTS=1 it also takes the README's Arabic and
English screenshots, into docs/screenshots/.

axe-core is vendored from npm (static/vendor/axe-core/, pinned, with its licence) and injected by the
test: no page ships it.
"""

import os
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.db import connections

from accounts.models import Role
from programme.models import Secretariat
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_URL = "/static/vendor/axe-core/axe.min.js"
# The README's screenshots are refreshed only on request (SCREENSHOTS=1), so a test run never edits the tree.
SCREENSHOTS = ROOT / "docs" / "screenshots" if os.environ.get("SCREENSHOTS") == "1" else None
BLOCKING = ("serious", "critical")

# role → the page kinds that role reaches (each kind once); "shot" names a README screenshot.
PAGES = {
    "viewer": [
        ("overview", "/?group=2", "overview"),
        ("secretariat", "/secretariats/taif/", None),
        ("axis", "/axes/B/", None),
        ("initiative", "/initiatives/B-01/", "initiative"),
        ("indicator", "/indicators/complaint-handling/", None),
        ("ideas", "/ideas/", None),
        ("support requests", "/support-requests/", None),
        ("review pack", "/review-pack/?period=2018-Q1&group=2", "review-pack"),
        ("api docs", "/api/docs/", None),
    ],
    "reviewer": [
        ("review queue", "/review/", "review"),
        ("risks", "/risks/", "risks"),
    ],
    "officer": [
        ("entry", "/entry/", "entry"),
        ("import", "/entry/import/", None),
    ],
}

# The outermost elements that stick out of a 375-px page (their parent fits): what to fix when a page
# scrolls sideways.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = (el) => { const b = el.getBoundingClientRect(); return b.width > 0 && (b.right > width + 1 || b.left < -1); };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return [...document.querySelectorAll('body *')]
    .filter(el => out(el) && el.parentElement && !out(el.parentElement))
    .slice(0, 5)
    .map(el => { const b = el.getBoundingClientRect(); return name(el.parentElement) + ' > ' + name(el) + ' ' + Math.round(b.left) + '..' + Math.round(b.right); });
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 8).map(n => n.target.join(' ')), count: v.nodes.length}));
}"""


@pytest.fixture
def users(demo_data):
    taif = Secretariat.objects.get(code="taif")
    return {
        "viewer": UserFactory(username="a11y-viewer", role=Role.VIEWER),
        "reviewer": UserFactory(username="a11y-reviewer", role=Role.REVIEWER),
        "officer": UserFactory(username="a11y-officer", role=Role.OFFICER, secretariat=taif),
    }


def _audit(page, language: str, kind: str, url: str, shot: str | None) -> list[str]:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = []
    lang = page.locator("html").get_attribute("lang") or ""
    if not lang.startswith(language):
        problems.append(f"{language} {kind} {url}: <html lang={lang!r}>")
    # From the app's own static files: the content security policy refuses an inline script.
    page.add_script_tag(url=urljoin(page.url, AXE_URL))
    for violation in page.evaluate(AXE_RUN):
        problems.append(
            f"{language} {kind} {url}: {violation['impact']} {violation['id']} ×{violation['count']} {violation['nodes']}"
        )
    if shot and SCREENSHOTS is not None:
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{language}.png"))
    # A phone loads the page at its own width (and axe, which scrolls and measures, is gone with the reload).
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        culprits = page.evaluate(OVERFLOW)
        problems.append(f"{language} {kind} {url}: scrolls sideways at 375 px (scrollWidth {width}) {culprits}")
    return problems


@pytest.fixture
def closes_connections():
    """The live server's threads and this test open connections to the test database; none outlives the test."""
    yield
    connections.close_all()


# One test per (role, language), so pytest-xdist spreads them over the cores.
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("role", list(PAGES))
def test_page_kinds_pass_axe_and_fit_a_phone(browser, live_server, users, closes_connections, role, language):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        context.add_cookies([{"name": "madinati_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(30_000)
        problems: list[str] = []
        page.goto("/accounts/login/")
        if role == "viewer":
            problems += _audit(page, language, "login", "/accounts/login/", "login")
        page.fill("input[name=username]", users[role].username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        for kind, url, shot in PAGES[role]:
            problems += _audit(page, language, kind, url, shot)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
