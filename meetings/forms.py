"""Forms of the review cycle. They only parse input; the rules live in ``meetings.services``."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from madinati.bilingual import quarter_label
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from meetings.models import (
    ActionStatus,
    AgendaItem,
    Attendee,
    CarriedAction,
    Decision,
    Meeting,
    MinistryUnit,
    Workshop,
    WorkshopOutcome,
)
from programme.models import ReportingPeriod, Secretariat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class SecretariatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return quarter_label(obj)


def secretariats():
    return Secretariat.objects.order_by("group", "code")


class MeetingForm(forms.ModelForm):
    period = PeriodChoiceField(label=gettext_lazy("Period reviewed"), queryset=ReportingPeriod.objects.order_by("-id"))
    host = SecretariatChoiceField(label=gettext_lazy("Host secretariat"), queryset=secretariats(), required=False)

    class Meta:
        model = Meeting
        fields = [
            "group",
            "number",
            "period",
            "held_on",
            "host",
            "chair_title_ar",
            "chair_title_en",
            "chair_name_ar",
            "chair_name_en",
        ]
        widgets = {"held_on": DATE}
        help_texts = {"number": gettext_lazy("Leave empty for the group's next number.")}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if editing:
            # A meeting keeps its place in its group's series.
            del self.fields["group"]
            del self.fields["number"]

    def validate_unique(self):
        """The service refuses a taken number with a message of its own."""


class MarkHeldForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DATE, required=False)


class AttendeeForm(forms.ModelForm):
    secretariat = SecretariatChoiceField(label=gettext_lazy("Secretariat"), queryset=secretariats(), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Ministry unit"), queryset=MinistryUnit.objects.order_by("code"), required=False
    )

    class Meta:
        model = Attendee
        fields = ["role", "secretariat", "unit", "name_ar", "name_en", "position_ar", "position_en"]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("secretariat")) == bool(cleaned.get("unit")):
            self.add_error(
                "secretariat", _("Choose the secretariat or the ministry unit the attendee represents, not both.")
            )
        return cleaned

    def _post_clean(self):
        """Constraints are the service's (and the database's) to check, with their own messages."""


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "kind", "title_ar", "title_en", "minutes_ar", "minutes_en"]
        widgets = {"minutes_ar": rows(6), "minutes_en": rows(6)}


class CarriedNoteForm(forms.ModelForm):
    class Meta:
        model = CarriedAction
        fields = ["note_ar", "note_en"]
        widgets = {"note_ar": rows(3), "note_en": rows(3)}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "text_ar", "text_en"]
        widgets = {"text_ar": rows(3), "text_en": rows(3)}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by("order", "id")
        self.fields["agenda_item"].required = False

    def _post_clean(self):
        """Either language may be empty, not both: the service says so beside the Arabic text."""


def owner_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Secretariats and ministry units, grouped, as ``secretariat:<code>`` / ``unit:<code>`` (two queries)."""
    return [
        ("", "—"),
        (_("Secretariats"), [(f"secretariat:{s.code}", s.name) for s in secretariats()]),
        (_("Ministry units"), [(f"unit:{u.code}", u.name) for u in MinistryUnit.objects.order_by("code")]),
    ]


class ActionForm(forms.Form):
    text_ar = forms.CharField(
        label=gettext_lazy("Action (Arabic)"), widget=rows(2), required=False, max_length=TEXT_MAX_LENGTH
    )
    text_en = forms.CharField(
        label=gettext_lazy("Action (English)"), widget=rows(2), required=False, max_length=TEXT_MAX_LENGTH
    )
    owner = forms.ChoiceField(label=gettext_lazy("Owner"))
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices()

    def clean_owner(self):
        kind, _sep, code = self.cleaned_data["owner"].partition(":")
        if kind == "secretariat":
            owner = Secretariat.objects.filter(code=code).first()
        else:
            owner = MinistryUnit.objects.filter(code=code).first()
        if owner is None:
            raise forms.ValidationError(_("Choose the owner."))
        return owner

    def owners(self) -> dict:
        owner = self.cleaned_data["owner"]
        is_secretariat = isinstance(owner, Secretariat)
        return {"owner_secretariat": owner if is_secretariat else None, "owner_unit": None if is_secretariat else owner}

    @staticmethod
    def initial_for(action) -> dict:
        kind = "secretariat" if action.owner_secretariat_id else "unit"
        return {
            "text_ar": action.text_ar,
            "text_en": action.text_en,
            "owner": f"{kind}:{action.owner.code}",
            "due_on": action.due_on,
        }


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("Progress note"), widget=rows(2), required=False, max_length=NOTE_MAX_LENGTH
    )
    drop_reason = forms.CharField(
        label=gettext_lazy("Reason for dropping (required to drop)"),
        widget=rows(2),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["topic", "title_ar", "title_en", "notes_ar", "notes_en"]
        widgets = {"notes_ar": rows(4), "notes_en": rows(4)}


class WorkshopLinkForm(forms.Form):
    entry = forms.ChoiceField(label=gettext_lazy("Register entry"))
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=WorkshopOutcome.choices)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "—"), *choices]


class FreezeForm(forms.Form):
    period = PeriodChoiceField(
        label=gettext_lazy("Period"),
        queryset=ReportingPeriod.objects.order_by("-id"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    group = forms.IntegerField(
        label=gettext_lazy("Group"),
        min_value=1,
        max_value=32767,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "size": 3}),
    )
