"""Register widgets for other pages.

``{% load registers %}``
``{% secretariat_registers secretariat %}``: a secretariat's open risks, support requests and ideas (three queries);
``{% top_unified_risks group limit %}``: the unified risks that affect most secretariats (two queries).
"""

from django import template
from django.utils.html import format_html

from madinati.bilingual import is_arabic
from programme.models import Secretariat
from registers import selectors

register = template.Library()


@register.inclusion_tag("registers/partials/secretariat_registers.html")
def secretariat_registers(secretariat: Secretariat):
    registers = selectors.secretariat_open_registers(secretariat=secretariat)
    return {"secretariat": secretariat, "registers": registers, "is_demo": registers.is_demo}


@register.inclusion_tag("registers/partials/top_unified_risks.html")
def top_unified_risks(group: int | None = None, limit: int = 5):
    risks = selectors.top_unified_risks(group=group or None, limit=int(limit))
    return {"risks": risks, "group": group, "is_demo": any(r.is_demo for r in risks)}


@register.filter
def names(objects) -> str:
    """Names joined with the comma of the active language."""
    return ("، " if is_arabic() else ", ").join(obj.name for obj in objects)


@register.filter
def ltr(value) -> str:
    """A left-to-right island (a period key, a code) that keeps its order inside Arabic text."""
    return format_html('<bdi class="num" dir="ltr">{}</bdi>', value)


@register.filter
def level_symbol(severity: int) -> str:
    """A text marker for a risk's severity (likelihood × impact), so it is never colour alone."""
    return severity_band(severity)[1]


@register.filter
def severity_class(severity: int) -> str:
    return severity_band(severity)[0]


def severity_band(severity: int) -> tuple[str, str]:
    if severity >= 15:
        return "text-bg-danger", "✖"
    if severity >= 8:
        return "text-bg-warning", "▲"
    return "text-bg-success", "●"
