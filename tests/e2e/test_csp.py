"""Every page kind loads under the strict Content-Security-Policy without one violation, and the charts draw.

One browser, one context per role, one load per page kind. A violation is caught three ways: the
``securitypolicyviolation`` event (listened to by a script the browser injects before the page's own),
the console's "Refused to ..." lines, and uncaught errors (a blocked ``eval`` throws). plotly.js is its
strict bundle, so a chart that drew (``svg.main-svg``) under the policy proves it needs no ``eval``.
"""

import pytest

from accounts.models import Role
from programme.models import Secretariat
from registers.models import Risk
from tests.factories import PASSWORD, UserFactory

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


@pytest.fixture
def users(demo_data):
    taif = Secretariat.objects.get(code="taif")
    return {
        "admin": UserFactory(username="csp-admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
        "officer": UserFactory(username="csp-officer", role=Role.OFFICER, secretariat=taif),
        "risk": Risk.objects.filter(secretariat=taif).order_by("pk").values_list("pk", flat=True).first(),
    }


def _visit(page, console: list[str], kind: str, url: str, selector: str) -> list[str]:
    console.clear()
    response = page.goto(url)  # waits for the load event: every script and style has run or been refused
    page.wait_for_selector(selector, state="attached")
    page.wait_for_timeout(250)  # violation events are queued as tasks: let them arrive
    problems = [f"{kind} {url}: {line}" for line in page.evaluate("window.__csp") + console]
    header = response.headers.get("content-security-policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())
    if directives.get("script-src") != "'self'" or "'unsafe-inline'" in header or "'unsafe-eval'" in header:
        problems.append(f"{kind} {url}: no strict policy on the answer ({header!r})")
    return problems


def test_every_page_kind_loads_without_a_csp_violation_and_charts_draw(browser, live_server, users):
    problems: list[str] = []
    charts = 0
    for role, pages in PAGES.items():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.set_default_timeout(60_000)
        console: list[str] = []
        page.on(
            "console",
            lambda m, seen=console: (
                seen.append(m.text) if "Content Security Policy" in m.text or m.text.startswith("Refused to") else None
            ),
        )
        page.on("pageerror", lambda error, seen=console: seen.append(f"uncaught {error}"))
        if role != "anonymous":
            page.goto("/accounts/login/")
            page.fill("input[name=username]", users[role].username)
            page.fill("input[name=password]", PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_url(lambda address: "/accounts/login/" not in address)
        for kind, url, selector in pages:
            url = url.format(risk=users["risk"])
            problems += _visit(page, console, kind, url, selector)
            charts += page.locator("svg.main-svg").count()
        context.close()
    assert not problems, "\n".join(problems)
    assert charts >= 6, f"only {charts} plotly surfaces drew"
