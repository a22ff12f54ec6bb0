"""A meeting of a group's secretariats: who attended, its agenda and minutes, its decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from madinati.bilingual import localized
from madinati.text import MINUTES_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits
from meetings.models.snapshots import Snapshot
from meetings.models.units import MinistryUnit
from programme.models import ReportingPeriod, Secretariat


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    """The ``number``-th meeting of a group's secretariats, reviewing one quarter."""

    group = models.PositiveSmallIntegerField(_("group"))
    number = models.PositiveSmallIntegerField(_("number in the group's series"))
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period reviewed"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("date"), help_text=_("The planned date until the meeting is held."))
    host = models.ForeignKey(
        Secretariat,
        verbose_name=_("host secretariat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    chair_title_ar = models.CharField(_("chair's title (Arabic)"), max_length=300, blank=True)
    chair_title_en = models.CharField(_("chair's title (English)"), max_length=300, blank=True)
    chair_name_ar = models.CharField(_("chair's name (Arabic)"), max_length=200, blank=True)
    chair_name_en = models.CharField(_("chair's name (English)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("snapshot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("The scorecard the meeting saw, frozen when it was held."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "group", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="meeting_unique_group_number"),
            models.CheckConstraint(condition=Q(group__gte=1), name="meeting_group_positive"),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
        ]

    def __str__(self):
        return str(_("Meeting %(number)s of group %(group)s") % {"number": self.number, "group": self.group})

    @property
    def chair_title(self) -> str:
        return localized(self, "chair_title")

    @property
    def chair_name(self) -> str:
        return localized(self, "chair_name")

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class AttendeeRole(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    MUNICIPAL_COUNCIL = "municipal_council", _("Municipal council")
    AXIS_LEADER = "axis_leader", _("Axis leader")
    VRO_DIRECTOR = "vro_director", _("Vision Realization Office director")
    MINISTRY_STAFF = "ministry_staff", _("Ministry staff")


def exactly_one(a: str, b: str) -> Q:
    return (Q(**{f"{a}__isnull": False}) & Q(**{f"{b}__isnull": True})) | (
        Q(**{f"{a}__isnull": True}) & Q(**{f"{b}__isnull": False})
    )


class Attendee(models.Model):
    """Who attended, in which role, for which secretariat or ministry unit."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees")
    role = models.CharField(_("role"), max_length=20, choices=AttendeeRole.choices)
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        MinistryUnit, verbose_name=_("ministry unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position_ar = models.CharField(_("position (Arabic)"), max_length=200, blank=True)
    position_en = models.CharField(_("position (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("secretariat", "unit"),
                name="attendee_secretariat_or_unit",
                violation_error_message=_("An attendee represents a secretariat or a ministry unit, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.name or self.represents}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def position(self) -> str:
        return localized(self, "position")

    @property
    def represents(self):
        return self.secretariat or self.unit


class AgendaKind(models.TextChoices):
    WELCOME = "welcome", _("The host's welcome")
    ADDRESS = "address", _("The chair's address")
    FOLLOW_UP = "follow_up", _("Follow-up of earlier meetings' actions")
    TARGETS = "targets", _("Targets by axis")
    INDICATORS = "indicators", _("The indicators of each secretariat")
    INITIATIVES = "initiatives", _("Progress of the initiatives")
    WORKSHOPS = "workshops", _("Workshops")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    """One item of the agenda, with its minutes in both languages."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    minutes_ar = models.TextField(_("minutes (Arabic)"), blank=True, max_length=MINUTES_MAX_LENGTH)
    minutes_en = models.TextField(_("minutes (English)"), blank=True, max_length=MINUTES_MAX_LENGTH)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        constraints = length_limits("agendaitem", minutes_ar=MINUTES_MAX_LENGTH, minutes_en=MINUTES_MAX_LENGTH)

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title") or self.title_ar

    @property
    def minutes(self) -> str:
        return localized(self, "minutes")


class Decision(models.Model):
    """What a meeting decided; it may produce actions."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text_ar = models.TextField(_("text (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    text_en = models.TextField(_("text (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "id"]
        constraints = [
            *length_limits("decision", text_ar=TEXT_MAX_LENGTH, text_en=TEXT_MAX_LENGTH),
            models.CheckConstraint(
                condition=~Q(text_ar="") | ~Q(text_en=""),
                name="decision_has_text",
                violation_error_message=_("Write the decision in Arabic, English or both."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def text(self) -> str:
        return localized(self, "text") or self.text_ar or self.text_en
