import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Action


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any action")), *Action.choices])
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """Keyword arguments for ``audit.selectors.entries``; dates are whole days in Riyadh time."""
        data = self.cleaned_data
        return {
            "username": data.get("user") or "",
            "action": data.get("action") or "",
            "since": _day_start(data.get("since")),
            "until": _day_start(data["until"] + datetime.timedelta(days=1)) if data.get("until") else None,
        }


def _day_start(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
