"""axe-core on every page kind, in Arabic and in English, and no sideways scrolling on a 375-px phone.

One browser per test process; one test per (page kind, language), so pytest-xdist spreads them and a
failure names its page. Each test signs its role in by session cookie (the login page itself is audited
signed out). axe runs at desktop width, then the page is loaded again at 375 px and must not scroll
sideways (wide tables scroll inside their own region); a failure names the elements that stick out.
With SCREENSHOTS=1 it also takes the README's Arabic and English screenshots, into docs/screenshots/.

axe-core is vendored from npm (static/vendor/axe-core/, pinned, with its licence) and injected by the
test: no page ships it.
"""

import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connections

from accounts.models import Role
from programme.models import Secretariat
from tests.e2e.conftest import settle
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_URL = "/static/vendor/axe-core/axe.min.js"
# The README's screenshots are refreshed only on request (SCREENSHOTS=1), so a test run never edits the tree.
SCREENSHOTS = ROOT / "docs" / "screenshots" if os.environ.get("SCREENSHOTS") == "1" else None
BLOCKING = ("serious", "critical")

# role → the page kinds that role reaches (each kind once); "shot" names a README screenshot.
PAGES = {
    "anonymous": [
        ("login", "/accounts/login/", "login"),
    ],
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
        ("year", "/?year=2017&group=2", None),
        ("groups", "/groups/?period=2018-Q1", None),
        ("meetings", "/meetings/", None),
        ("actions", "/actions/", None),
        ("snapshots", "/snapshots/", None),
    ],
    "reviewer": [
        ("review queue", "/review/", "review"),
        ("risks", "/risks/", "risks"),
    ],
    "officer": [
        ("entry", "/entry/", "entry"),
        ("import", "/entry/import/", None),
        ("elements", "/entry/elements/", None),
    ],
    "admin": [
        ("audit trail", "/audit/", None),
        ("plan import", "/plans/import/", None),
        ("admin", "/admin/", None),
        ("admin list", "/admin/registers/risk/", None),
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


def _user(role: str):
    if role == "anonymous":
        return None
    secretariat = Secretariat.objects.get(code="taif") if role == "officer" else None
    staff = role == "admin"  # the programme admin also runs the Django admin
    return UserFactory(
        username=f"a11y-{role}",
        role=getattr(Role, role.upper()),
        secretariat=secretariat,
        is_staff=staff,
        is_superuser=staff,
    )


def _audit(page, language: str, kind: str, url: str, shot: str | None) -> list[str]:
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(url)
    settle(page)
    problems = []
    # The page itself was audited, not an error page or the login page it sent the browser to.
    if response.status != 200 or urlsplit(page.url).path != urlsplit(url).path:
        problems.append(f"{language} {kind} {url}: answered {response.status} at {page.url}")
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
    settle(page)
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


CASES = [(role, kind, url, shot) for role, pages in PAGES.items() for kind, url, shot in pages]


# One test per (page kind, language), so pytest-xdist spreads them over the cores.
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("role", "kind", "url", "shot"), CASES, ids=[f"{role}-{kind.replace(' ', '-')}" for role, kind, _, _ in CASES]
)
def test_page_kind_passes_axe_and_fits_a_phone(demo_data, closes_connections, open_as, role, kind, url, shot, language):
    page = open_as(_user(role), language=language)
    problems = _audit(page, language, kind, url, shot)
    assert not problems, "\n".join(problems)
