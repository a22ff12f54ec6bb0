"""Wording filters for the templates: quarters as people read them, and counted quantities.

They know no domain model: a quarter is a ``YYYY-Qn`` key or anything with ``year``/``quarter``.
"""

from django import template
from django.utils import timezone

from madinati.bilingual import counted, quarter_label, quarter_state
from madinati.numbers import display_number

register = template.Library()


@register.filter
def quarter(period) -> str:
    """``{{ period|quarter }}`` → «الربع الأول 2018» / "Q1 2018"; ``{{ period.key }}`` stays the key."""
    return quarter_label(period)


@register.filter
def number(value) -> str:
    """``{{ figure|number }}`` → 27,500,430 / 91.67 in both languages, as the dashboards print them; "–" for none."""
    return display_number(value)


@register.filter
def quarter_status(period, locked) -> str:
    """``{{ p|quarter_status:lock }}`` → open, closed or not yet open (before its opening date)."""
    return quarter_state(period, locked=bool(locked), today=timezone.localdate())


@register.simple_tag
def count_of(number, unit_en: str, unit_ar: str = "") -> str:
    """``{% count_of 15 "element" "عنصر" %}`` → «15 عنصراً» / "15 elements" (Arabic's six plural forms)."""
    return counted(number, unit_en, unit_ar)
