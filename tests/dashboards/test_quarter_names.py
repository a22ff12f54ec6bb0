"""Quarters read «الربع الأول 2018» / "Q1 2018" wherever a person reads them; ``2018-Q1`` stays the key.

Each surface is scanned for a raw ``YYYY-Qn`` in what is shown: the text of a page and the attributes a
screen reader speaks, every string of a chart's JSON (axis categories, titles, hover text), and the review
pack. A key inside a URL or a form's value is the machines' and is left alone.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.services import user_create
from demo.management.commands.seed_demo import DEMO_USERS
from indicators.models import IndicatorValue
from meetings.models import Meeting
from tests.factories import PASSWORD, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

# Not after "/" or "=": a key in a path or a query string shown as a link's text is an address, not a name.
RAW_KEY = re.compile(r"(?<![/=\w])\d{4}-Q[1-4]\b")
SPOKEN = {"title", "aria-label", "alt", "placeholder", "aria-description"}


class _Shown(HTMLParser):
    """Collects raw keys from text nodes, spoken attributes, option labels and charts' JSON."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.charts: list[object] = []
        self._script: str | None = None
        self._buffer = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.found += [f"<{tag} {k}>: {v}" for k, v in attrs if k in SPOKEN and v and RAW_KEY.search(v)]
        if tag in ("script", "style"):
            self._script = attributes.get("type", "") if tag == "script" else "style"
            self._buffer = ""

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._script is not None:
            if self._script == "application/json" and self._buffer.strip():
                self.charts.append(json.loads(self._buffer))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._buffer += data
        elif RAW_KEY.search(data):
            self.found.append(data.strip()[:160])


def _strings(obj, path=""):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from _strings(value, f"{path}[{index}]")
    elif isinstance(obj, str):
        yield path, obj


def shown(html: str) -> _Shown:
    parser = _Shown()
    parser.feed(html)
    return parser


def raw_in_charts(charts) -> list[str]:
    return [f"{path}: {text}" for chart in charts for path, text in _strings(chart) if RAW_KEY.search(text)]


def test_the_scanner_finds_a_raw_key_and_leaves_addresses_alone():
    html = (
        '<p>Ranking in 2018-Q1</p><a href="/snapshots/2018-Q1/2/">http://x/snapshots/2018-Q1/2/</a>'
        '<option value="2018-Q1">Q1 2018</option><div aria-label="2017-Q4"></div>'
        '<script type="application/json">{"data": [{"x": ["2018-Q1"]}]}</script>'
    )
    found = shown(html)
    assert found.found == ["Ranking in 2018-Q1", "<div aria-label>: 2017-Q4"]
    assert raw_in_charts(found.charts) == [".data[0].x[0]: 2018-Q1"]


@pytest.fixture
def clients(demo_data):
    for username, role, secretariat in DEMO_USERS:
        user_create(username=username, role=role, secretariat_code=secretariat, password=PASSWORD)

    def client(username: str, language: str) -> Client:
        c = Client()
        assert c.login(username=username, password=PASSWORD)
        c.cookies["madinati_language"] = language
        return c

    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


DASHBOARDS = [
    "/?group=2",
    "/?period=2018-Q3",
    "/secretariats/taif/",
    "/axes/B/",
    "/initiatives/B-01/",
    "/indicators/complaint-handling/",
]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_charts_name_the_quarters(clients, language):
    client = clients("viewer", language)
    word = "الربع الأول 2018" if language == "ar" else "Q1 2018"
    problems, categories = [], []
    for url in DASHBOARDS:
        charts = shown(_page(client, url)).charts
        problems += [f"{url} {p}" for p in raw_in_charts(charts)]
        categories += [text for chart in charts for path, text in _strings(chart) if ".x[" in path]
    assert problems == []
    assert word in categories  # the trend charts' quarters are there, in words


@pytest.mark.parametrize("language", ["ar", "en"])
def test_review_pack_names_its_quarter(clients, language):
    client = clients("viewer", language)
    for url in ("/review-pack/?period=2018-Q1&group=2", "/review-pack/?period=2018-Q1&group=2&snapshot=1"):
        html = _page(client, url)
        assert shown(html).found == [], url
        # The picker offers quarters by name and sends the key.
        label = "الربع الأول 2018" if language == "ar" else "Q1 2018"
        assert f'<option value="2018-Q1" selected>{label}</option>' in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_workflow_and_meeting_pages_name_their_quarters(clients, language):
    meeting = Meeting.objects.order_by("pk").first()
    value = IndicatorValue.objects.filter(secretariat__code="taif").order_by("pk").first()
    pages = {
        "taif-officer": ["/entry/", "/entry/?period=2017-Q4", "/entry/import/"],
        "reviewer": ["/review/", f"/history/value/{value.pk}/"],
        "admin": ["/meetings/", f"/meetings/{meeting.pk}/", "/actions/", "/snapshots/", "/snapshots/2018-Q1/2/"],
    }
    problems = []
    for username, urls in pages.items():
        client = clients(username, language)
        for url in urls:
            problems += [f"{username} {url}: {text}" for text in shown(_page(client, url)).found]
    assert problems == []


@pytest.mark.parametrize(
    ("language", "note", "option"),
    [
        ("ar", "الربع الأول 2031 لم يُفتح بعد، فلا أرقام له.", "الربع الأول 2031 · لم يُفتح بعد"),
        ("en", "Q1 2031 is not yet open, so it has no figures.", "Q1 2031 · not yet open"),
    ],
)
def test_a_future_quarter_reads_not_yet_open_never_closed(clients, language, note, option):
    ReportingPeriodFactory(year=2031, quarter=1, state="scheduled")
    viewer = clients("viewer", language)
    assert note in _page(viewer, "/?period=2031-Q1&group=2")
    assert 'data-testid="not-yet-open"' not in _page(viewer, "/?period=2018-Q1&group=2")
    entry = _page(clients("taif-officer", language), "/entry/?period=2031-Q1")
    assert f'<option value="2031-Q1" selected>{option}</option>' in entry
    assert ("مغلق" if language == "ar" else "closed") not in entry.split('data-testid="period-lock"')[1][:300]
