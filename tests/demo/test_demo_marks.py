"""Honest demo data: the structure seed_demo invents carries the demo mark, and what shows it says so."""

import pytest
from django.test import Client

from accounts.services import user_create
from demo.management.commands.seed_demo import DEMO_USERS
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Target
from initiatives.models import Initiative, Participation
from programme.models import Axis, Secretariat
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOTICE = 'data-testid="demo-notice"'
ASSUMED = 'data-testid="groups-assumed"'


@pytest.fixture
def client_for(demo_data):
    for username, role, secretariat in DEMO_USERS:
        user_create(username=username, role=role, secretariat_code=secretariat, password=PASSWORD)

    def make(username: str, language: str = "en") -> Client:
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        client.cookies["madinati_language"] = language
        return client

    return make


def test_the_invented_structure_is_marked_and_only_groups_1_and_3_are_assumed(demo_data):
    for model in (Axis, Initiative, Participation, Indicator):
        assert model.objects.exists()
        assert not model.objects.filter(is_demo=False).exists(), model
    assumed = dict(Secretariat.objects.values_list("code", "group_is_assumed"))
    assert len(assumed) == 17
    assert {code for code, flag in assumed.items() if not flag} == {"taif", "al-baha", "jazan", "asir", "najran"}


def test_the_api_lists_the_marks(client_for):
    client = client_for("viewer")

    def rows(path):
        response = client.get(f"/api/v1/{path}", {"page_size": 100})
        assert response.status_code == 200
        return response.json()["results"]

    assert {row["code"]: row["group_is_assumed"] for row in rows("secretariats/")}["riyadh"] is True
    assert {row["code"]: row["group_is_assumed"] for row in rows("secretariats/")}["taif"] is False
    for path in ("axes/", "initiatives/", "indicators/"):
        assert {row["is_demo"] for row in rows(path)} == {True}, path


def test_groups_1_and_3_read_as_assumed_on_the_overview_and_secretariat_pages(client_for):
    client = client_for("viewer")
    overview = client.get("/", {"group": "1", "period": "2018-Q1"}).content.decode()
    assert ASSUMED in overview
    assert "The members of group 1 are assumed" in overview
    assert "The members of group 3 are assumed" in client.get("/", {"group": "3", "period": "2018-Q1"}).content.decode()
    assert ASSUMED not in client.get("/", {"group": "2", "period": "2018-Q1"}).content.decode()
    assert ASSUMED in client.get("/secretariats/riyadh/", {"period": "2018-Q1"}).content.decode()
    assert ASSUMED not in client.get("/secretariats/taif/", {"period": "2018-Q1"}).content.decode()
    arabic = client_for("viewer", "ar").get("/secretariats/tabuk/", {"period": "2018-Q1"}).content.decode()
    assert "أعضاء المجموعة 3 مفترَضون" in arabic


def test_a_page_with_real_figures_on_invented_structure_still_says_demo(client_for):
    for model in (IndicatorValue, InitiativeProgress, Target):
        model.objects.update(is_demo=False)
    html = client_for("viewer").get("/indicators/complaint-handling/", {"period": "2018-Q1"}).content.decode()
    assert NOTICE in html
    assert "the indicators' definitions" in html


def test_entry_review_and_history_say_demo(client_for):
    value = IndicatorValue.objects.filter(secretariat__code="taif", is_demo=True).order_by("pk").first()
    assert NOTICE in client_for("taif-officer").get("/entry/").content.decode()
    assert NOTICE in client_for("reviewer").get("/review/").content.decode()
    assert NOTICE in client_for("reviewer").get(f"/history/value/{value.pk}/").content.decode()
