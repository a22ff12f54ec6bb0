"""Forms of the registers. They only parse input; the rules live in ``registers.services``.

No form has a secretariat field: an officer's entries always belong to the
officer's own secretariat, whatever the request carries.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from programme.models import Axis
from registers.models import (
    Idea,
    IdeaStatus,
    Risk,
    RiskStatus,
    SupportRequest,
    SupportStatus,
)

LEVEL_CHOICES = [
    (1, gettext_lazy("1 · very low")),
    (2, gettext_lazy("2 · low")),
    (3, gettext_lazy("3 · medium")),
    (4, gettext_lazy("4 · high")),
    (5, gettext_lazy("5 · very high")),
]


class AxisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.name}"


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.name}"


class OwnInitiativesMixin:
    """Offer only the initiatives the officer's secretariat takes part in."""

    def limit_initiatives(self, secretariat_id: int | None) -> None:
        if secretariat_id is not None and "initiative" in self.fields:
            self.fields["initiative"].queryset = Initiative.objects.filter(
                participation__secretariat_id=secretariat_id
            ).order_by("code")


class RiskForm(OwnInitiativesMixin, forms.ModelForm):
    likelihood = forms.TypedChoiceField(label=gettext_lazy("Likelihood (1–5)"), choices=LEVEL_CHOICES, coerce=int)
    impact = forms.TypedChoiceField(label=gettext_lazy("Impact (1–5)"), choices=LEVEL_CHOICES, coerce=int)
    axis = AxisChoiceField(label=gettext_lazy("Axis"), queryset=Axis.objects.order_by("code"), required=False)
    initiative = InitiativeChoiceField(
        label=gettext_lazy("Initiative"), queryset=Initiative.objects.order_by("code"), required=False
    )

    class Meta:
        model = Risk
        fields = ["kind", "title", "description", "axis", "initiative", "likelihood", "impact", "mitigation", "owner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "mitigation": forms.Textarea(attrs={"rows": 3})}


class SupportRequestForm(OwnInitiativesMixin, forms.ModelForm):
    axis = AxisChoiceField(label=gettext_lazy("Axis"), queryset=Axis.objects.order_by("code"), required=False)
    initiative = InitiativeChoiceField(
        label=gettext_lazy("Initiative"), queryset=Initiative.objects.order_by("code"), required=False
    )

    class Meta:
        model = SupportRequest
        fields = ["category", "title", "description", "axis", "initiative"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class IdeaForm(forms.ModelForm):
    axis = AxisChoiceField(label=gettext_lazy("Axis"), queryset=Axis.objects.order_by("code"), required=False)

    class Meta:
        model = Idea
        fields = ["title", "description", "axis"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RiskStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=RiskStatus.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX_LENGTH
    )


class RiskMergeForm(forms.Form):
    canonical = forms.IntegerField(label=gettext_lazy("Keep as the unified entry"))
    risks = forms.TypedMultipleChoiceField(label=gettext_lazy("Entries to merge"), coerce=int, choices=())
    title = forms.CharField(label=gettext_lazy("Title of the unified entry"), required=False, max_length=300)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
    )

    def __init__(self, *args, risk_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risks"].choices = [(pk, pk) for pk in risk_ids]

    def clean(self):
        cleaned = super().clean()
        risks = cleaned.get("risks") or []
        if cleaned.get("canonical") is not None and cleaned["canonical"] not in risks:
            self.add_error("canonical", _("Keep one of the chosen entries."))
        if len(set(risks)) < 2:
            self.add_error("risks", _("Choose at least two entries to merge."))
        return cleaned


class SupportResponseForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=SupportStatus.choices)
    response = forms.CharField(
        label=gettext_lazy("Ministry response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH
    )


class IdeaTransitionForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Move to"), choices=IdeaStatus.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason (required to adopt or decline)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            # Offer only the moves the workflow allows; a forged one is still refused by the service.
            self.fields["status"].widget.choices = [(v, label) for v, label in IdeaStatus.choices if v in allowed]
