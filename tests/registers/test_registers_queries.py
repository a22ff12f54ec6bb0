"""Every register page and the review pack cost a fixed number of queries, with 5 rows or 50.

Each page's count lists its queries. Every signed-in page starts with two:
the session and the user. An officer's pages add one for the returned-items
badge in the navigation bar (indicators.context_processors.workflow).
"""

import pytest
from django.urls import reverse

from registers.models import Idea, Risk, SupportRequest

pytestmark = pytest.mark.django_db

SIGNED_IN = 2  # session, user


@pytest.fixture(params=[5, 50], ids=["5-rows", "50-rows"])
def rows(request, register_rows):
    register_rows(request.param)
    return request.param


def test_risk_register(rows, viewer_client, django_assert_num_queries):
    # + secretariats and axes for the filter bar, the entries with their reach,
    #   the entries merged into them (prefetch), the 5×5 heatmap counts
    with django_assert_num_queries(SIGNED_IN + 5):
        response = viewer_client.get(reverse("risk-list"))
    assert (
        response.status_code == 200
        and response.content.decode().count("data-risk=") == Risk.objects.filter(canonical__isnull=True).count()
    )


def test_risk_register_filtered(rows, viewer_client, django_assert_num_queries):
    # + the secretariat and the axis named in the filters, then the same five as above
    with django_assert_num_queries(SIGNED_IN + 2 + 5):
        response = viewer_client.get(
            reverse("risk-list"), {"group": "2", "secretariat": "taif", "axis": "A", "kind": "risk", "status": "open"}
        )
    assert response.status_code == 200


def test_support_request_board(rows, viewer_client, django_assert_num_queries):
    # + secretariats and axes for the filter bar, the requests with their secretariat, axis, initiative, responder
    with django_assert_num_queries(SIGNED_IN + 3):
        response = viewer_client.get(reverse("support-request-list"))
    assert response.status_code == 200 and len(response.context["board"]) == 4


def test_idea_board(rows, viewer_client, django_assert_num_queries):
    # + secretariats and axes for the filter bar, the ideas with their secretariat, axis, decider
    with django_assert_num_queries(SIGNED_IN + 3):
        response = viewer_client.get(reverse("idea-list"))
    assert response.status_code == 200


def test_risk_detail(rows, reviewer_client, django_assert_num_queries):
    risk = Risk.objects.filter(duplicates__isnull=False).first()
    # + the entry with its reach and related rows, its merged entries, its history with users
    with django_assert_num_queries(SIGNED_IN + 3):
        response = reviewer_client.get(reverse("risk-detail", args=[risk.pk]))
    assert response.status_code == 200


def test_support_request_and_idea_detail(rows, reviewer_client, django_assert_num_queries):
    support_url = reverse("support-request-detail", args=[SupportRequest.objects.first().pk])
    idea_url = reverse("idea-detail", args=[Idea.objects.first().pk])
    # + the entry with its related rows, its history with users
    with django_assert_num_queries(SIGNED_IN + 2):
        assert reviewer_client.get(support_url).status_code == 200
    with django_assert_num_queries(SIGNED_IN + 2):
        assert reviewer_client.get(idea_url).status_code == 200


def test_merge_page(rows, reviewer_client, django_assert_num_queries):
    ids = list(Risk.objects.filter(canonical__isnull=True).values_list("pk", flat=True)[:rows])
    # + the chosen entries with their reach, the entries already merged into them
    with django_assert_num_queries(SIGNED_IN + 2):
        response = reviewer_client.get(reverse("risk-merge"), {"risks": ids})
    assert response.status_code == 200 and len(response.context["chosen"]) == len(ids)


@pytest.mark.parametrize("name", ["risk-create", "support-request-create", "idea-create"])
def test_officer_forms(name, officer_client, django_assert_num_queries):
    # + the returned-items badge, the officer's secretariat (navigation bar and heading),
    #   the axes, and (risk and request forms) the initiatives of the select boxes
    expected = SIGNED_IN + 3 + (0 if name == "idea-create" else 1)
    with django_assert_num_queries(expected):
        assert officer_client.get(reverse(name)).status_code == 200
