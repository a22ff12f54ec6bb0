from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One field: the six digits the authenticator app shows, or (at sign-in) one of the recovery codes."""

    code = forms.CharField(
        label=_("One-time code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr", "spellcheck": "false"}
        ),
    )
