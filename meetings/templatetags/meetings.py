"""Review-cycle widgets and filters for templates.

``{% load meetings %}``
``{% secretariat_open_actions secretariat %}``: the open follow-up actions a secretariat owns (one query);
``{{ obj|either:"minutes" }}``: a bilingual text in the active language, else in the other one;
``{{ status|status_word }}``: a scoring status as a symbol and a word.
"""

from django import template
from django.utils.translation import gettext_lazy

from indicators import scoring
from madinati.bilingual import is_arabic
from madinati.charts import STATUS_SYMBOLS
from meetings import selectors

register = template.Library()


@register.filter
def either(obj, field: str) -> str:
    """A bilingual text may be written in one language only: show it rather than nothing."""
    first, second = ("ar", "en") if is_arabic() else ("en", "ar")
    return getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "")


@register.inclusion_tag("meetings/partials/open_actions.html")
def secretariat_open_actions(secretariat):
    actions = selectors.secretariat_open_actions(secretariat)
    return {
        "secretariat": secretariat,
        "actions": actions,
        "today": selectors.today(),
        "is_demo": any(action.is_demo for action in actions),
    }


STATUS_LABELS = {
    scoring.ON_TRACK: gettext_lazy("On track"),
    scoring.AT_RISK: gettext_lazy("At risk"),
    scoring.OFF_TRACK: gettext_lazy("Off track"),
    scoring.NO_DATA: gettext_lazy("No data"),
}


@register.filter
def status_word(status: str) -> str:
    """A scoring status as a symbol and a word, never a colour alone."""
    return f"{STATUS_SYMBOLS.get(status, '')} {STATUS_LABELS.get(status, status)}".strip()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` (or ``None``): reads a frozen row's axes and indicators by code."""
    return mapping.get(key) if mapping else None
