"""Every page kind loads under the strict Content-Security-Policy without one violation, and the charts draw.

One test per page kind, signed in as its role (by session cookie), so pytest-xdist spreads them; one page per
test process, prepared once with the listeners below, loads them all. A violation is caught three ways: the
``securitypolicyviolation`` event (listened to by a script the browser injects before the page's own),
the console's "Refused to ..." lines, and uncaught errors (a blocked ``eval`` throws). plotly.js is its
strict bundle, so a chart that drew (``svg.main-svg``) under the policy proves it needs no ``eval``.
"""

from urllib.parse import urlsplit

import pytest

from accounts.models import Role
from programme.models import Secretariat
from registers.models import Risk
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""

# (kind, url, a selector that must appear: a drawn chart where the page has one)
PAGES = {
    "anonymous": [
        ("login", "/accounts/login/", "main form"),
        ("not found", "/no-such-page/", "main"),
        ("api docs", "/api/docs/", "#swagger-ui .information-container"),
    ],
    "admin": [
        ("overview", "/?group=2", ".madinati-chart svg.main-svg"),
        ("secretariat", "/secretariats/taif/", ".madinati-chart svg.main-svg"),
        ("axis", "/axes/B/", ".madinati-chart svg.main-svg"),
        ("indicator", "/indicators/complaint-handling/", ".madinati-chart svg.main-svg"),
        ("initiative", "/initiatives/B-01/", ".madinati-chart svg.main-svg"),
        ("review queue", "/review/", "main"),
        ("risks register", "/risks/", "#risk-heatmap svg.main-svg"),
        ("ideas register", "/ideas/", "main h1"),
        ("review pack", "/review-pack/?period=2018-Q1&group=2", "main"),
        ("admin", "/admin/", "#content"),
        ("admin list", "/admin/registers/risk/", "#result_list"),
        ("admin history", "/admin/registers/risk/{risk}/history/", "#content"),
        ("browsable api", "/api/v1/axes/", ".response-info"),
    ],
    "officer": [("entry", "/entry/", "main form")],
}


# The console's CSP lines and uncaught errors of the page ``_prepare`` listens to; each visit starts it empty.
CONSOLE: list[str] = []


def _prepare(page) -> None:
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: (
            CONSOLE.append(m.text) if "Content Security Policy" in m.text or m.text.startswith("Refused to") else None
        ),
    )
    page.on("pageerror", lambda error: CONSOLE.append(f"uncaught {error}"))


def _visit(page, kind: str, url: str, selector: str) -> list[str]:
    CONSOLE.clear()
    response = page.goto(url)  # waits for the load event: every script and style has run or been refused
    page.wait_for_selector(selector, state="attached")
    page.wait_for_timeout(250)  # violation events are queued as tasks: let them arrive
    problems = [f"{kind} {url}: {line}" for line in page.evaluate("window.__csp") + CONSOLE]
    if urlsplit(page.url).path != urlsplit(url).path:  # the role's page itself, not the login page
        problems.append(f"{kind} {url}: ended at {page.url}")
    header = response.headers.get("content-security-policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())
    if directives.get("script-src") != "'self'" or "'unsafe-inline'" in header or "'unsafe-eval'" in header:
        problems.append(f"{kind} {url}: no strict policy on the answer ({header!r})")
    if "svg.main-svg" in selector and page.locator("svg.main-svg").count() == 0:
        problems.append(f"{kind} {url}: no plotly surface drew")
    return problems


def _user(role: str):
    if role == "admin":
        return UserFactory(username="csp-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    if role == "officer":
        return UserFactory(username="csp-officer", role=Role.OFFICER, secretariat=Secretariat.objects.get(code="taif"))
    return None


CASES = [(role, kind, url, selector) for role, pages in PAGES.items() for kind, url, selector in pages]


def test_the_sweep_draws_at_least_six_charts():
    """Six page kinds or more must show a drawn chart (each test below waits for its own)."""
    assert sum("svg.main-svg" in selector for _, _, _, selector in CASES) >= 6


@pytest.mark.parametrize(
    ("role", "kind", "url", "selector"), CASES, ids=[f"{role}-{kind.replace(' ', '-')}" for role, kind, _, _ in CASES]
)
def test_page_kind_loads_without_a_csp_violation(demo_data, open_as, role, kind, url, selector):
    page = open_as(_user(role), purpose="csp", prepare=_prepare, timeout=60_000)
    risk = Risk.objects.filter(secretariat__code="taif").order_by("pk").values_list("pk", flat=True).first()
    problems = _visit(page, kind, url.format(risk=risk), selector)
    assert not problems, "\n".join(problems)
