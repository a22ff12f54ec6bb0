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


def test_seeded_history_reads_as_it_happened(client_for):
    """Submitted by the secretariat's demo officer on the seeded date, approved by the demo reviewer days later."""
    value = IndicatorValue.objects.get(
        secretariat__code="taif", indicator__code="complaint-handling", period__year=2018, period__quarter=1
    )
    assert (value.workflow_status, value.submitted_by.username, value.reviewed_by.username) == (
        "approved",
        "demo-officer-taif",
        "demo-reviewer",
    )
    records = list(value.history.order_by("history_id"))
    assert [(r.workflow_status, r.history_user.username, r.history_date) for r in records] == [
        ("submitted", "demo-officer-taif", value.submitted_at),
        ("approved", "demo-reviewer", value.reviewed_at),
    ]
    assert value.submitted_at.date().isoformat() == "2018-04-20"
    assert value.reviewed_at.date().isoformat() == "2018-04-25"
    html = client_for("reviewer").get(f"/history/value/{value.pk}/").content.decode()
    assert "20 April 2018" in html and "25 April 2018" in html
    assert "demo-officer-taif" in html and "demo-reviewer" in html
    # A figure still awaiting review was submitted, and no one has approved it.
    waiting = InitiativeProgress.objects.filter(secretariat__code="jazan", workflow_status="submitted").first()
    assert [(r.workflow_status, r.history_user.username) for r in waiting.history.all()] == [
        ("submitted", "demo-officer-jazan")
    ]


def test_the_review_pack_says_demo_for_real_figures_on_invented_structure(client_for):
    from meetings.models import Action, ActionNote, Decision, Meeting
    from registers.models import Idea, Risk, SupportRequest

    for model in (IndicatorValue, InitiativeProgress, Target, Risk, SupportRequest, Idea, Meeting, Decision, Action):
        model.objects.update(is_demo=False)
    ActionNote.objects.update(is_demo=False)
    html = client_for("viewer").get("/review-pack/", {"period": "2018-Q1", "group": "2"}).content.decode()
    assert NOTICE in html
    Indicator.objects.update(is_demo=False)
    Axis.objects.update(is_demo=False)
    Initiative.objects.update(is_demo=False)
    html = client_for("viewer").get("/review-pack/", {"period": "2018-Q1", "group": "2"}).content.decode()
    assert NOTICE not in html
