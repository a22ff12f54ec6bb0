"""Pages of the review cycle (DESIGN §6): meetings, follow-up actions, workshops, snapshots."""

from django.urls import path, register_converter

from meetings.views import actions, meetings, snapshots, workshops


class PeriodKeyConverter:
    regex = r"\d{4}-Q[1-4]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodKeyConverter, "period")

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/held/", meetings.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/attendees/new/", meetings.attendee_add, name="attendee-add"),
    path("meetings/attendees/<int:pk>/delete/", meetings.attendee_delete, name="attendee-delete"),
    path("meetings/<int:meeting_pk>/agenda/new/", meetings.agenda_item_edit, name="agenda-item-add"),
    path("meetings/agenda/<int:pk>/edit/", meetings.agenda_item_edit, name="agenda-item-edit"),
    path("meetings/agenda/<int:pk>/delete/", meetings.agenda_item_delete, name="agenda-item-delete"),
    path("meetings/carried/<int:pk>/edit/", meetings.carried_note_edit, name="carried-note-edit"),
    path("meetings/<int:meeting_pk>/decisions/new/", meetings.decision_edit, name="decision-add"),
    path("meetings/decisions/<int:pk>/edit/", meetings.decision_edit, name="decision-edit"),
    path("meetings/decisions/<int:decision_pk>/actions/new/", meetings.action_add, name="action-add"),
    path("meetings/<int:meeting_pk>/workshops/new/", workshops.workshop_edit, name="workshop-add"),
    path("workshops/<int:pk>/", workshops.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/edit/", workshops.workshop_edit, name="workshop-edit"),
    path("workshops/<int:pk>/merge/", workshops.workshop_merge, name="workshop-merge"),
    path("workshops/links/<str:kind>/<int:pk>/delete/", workshops.workshop_unlink, name="workshop-unlink"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("snapshots/", snapshots.snapshot_list, name="snapshot-list"),
    path("snapshots/freeze/", snapshots.snapshot_freeze, name="snapshot-freeze"),
    path("snapshots/<period:period>/<int:group>/", snapshots.snapshot_detail, name="snapshot-detail"),
]
