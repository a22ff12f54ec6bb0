import datetime
import re
from decimal import Decimal

from django.utils.translation import get_language, ngettext, pgettext


def is_arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


class BilingualNameMixin:
    """``obj.name`` (and ``obj.description``) in the active language."""

    @property
    def name(self) -> str:
        return self.name_ar if is_arabic() else self.name_en

    def __str__(self):
        code = getattr(self, "code", "")
        return f"{code} · {self.name}" if code else self.name


def localized(obj, field: str) -> str:
    """``localized(axis, "description")`` → ``axis.description_ar`` or ``_en``."""
    return getattr(obj, f"{field}_ar" if is_arabic() else f"{field}_en")


_QUARTER_KEY = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")


def quarter_label(period) -> str:
    """What a person reads for a quarter: «الربع الأول 2018» / "Q1 2018".

    Takes a ``YYYY-Qn`` key or anything with ``year`` and ``quarter``; the key itself stays the
    identifier in URLs, forms, the API and CSV. Anything else is returned as it came.
    """
    if isinstance(period, str):
        match = _QUARTER_KEY.match(period)
        if not match:
            return period
        year, quarter = int(match["year"]), int(match["quarter"])
    elif hasattr(period, "year") and hasattr(period, "quarter"):
        year, quarter = period.year, period.quarter
    else:
        return "" if period is None else str(period)
    labels = {
        1: pgettext("quarter", "Q1 %(year)s"),
        2: pgettext("quarter", "Q2 %(year)s"),
        3: pgettext("quarter", "Q3 %(year)s"),
        4: pgettext("quarter", "Q4 %(year)s"),
    }
    return labels[quarter] % {"year": year}


def quarter_state(period, *, locked: bool, today: datetime.date) -> str:
    """«لم يُفتح بعد» / "not yet open" before the opening date, else closed or open for this user."""
    opens_on = getattr(period, "opens_on", None)
    if opens_on and today < opens_on:
        return pgettext("quarter state", "not yet open")
    return pgettext("quarter state", "closed") if locked else pgettext("quarter state", "open")


def _counted_forms(unit: str, number: int) -> str | None:
    """The number with its unit, agreeing in Arabic's six plural forms; None for a unit we do not inflect."""
    forms = {
        "element": lambda n: ngettext("%(n)s element", "%(n)s elements", n),
        "park": lambda n: ngettext("%(n)s park", "%(n)s parks", n),
        "service": lambda n: ngettext("%(n)s service", "%(n)s services", n),
        "day": lambda n: ngettext("%(n)s day", "%(n)s days", n),
        "days cut": lambda n: ngettext("%(n)s day cut", "%(n)s days cut", n),
        "hour": lambda n: ngettext("%(n)s hour", "%(n)s hours", n),
        "item": lambda n: ngettext("%(n)s item", "%(n)s items", n),
        "figure": lambda n: ngettext("%(n)s figure", "%(n)s figures", n),
    }
    key = (unit or "").strip().lower()
    form = forms.get(key) or forms.get(key.removesuffix("s"))
    return form(number) % {"n": number} if form else None


def counted(number, unit_en: str, unit_ar: str = "") -> str:
    """«15 عنصراً» / "15 elements": a whole quantity with its unit in the right plural form.

    ``unit_en`` names the unit (``element``, ``day``, ...). A fraction or a unit without plural
    forms reads "number unit" in the active language's own unit name.
    """
    if number is None or number == "":
        return ""
    try:
        whole = int(number) if int(number) == number else None
    except (TypeError, ValueError):
        whole = None
    if whole is not None:
        text = _counted_forms(unit_en, whole)
        if text:
            return text
    unit = (unit_ar if is_arabic() else unit_en) or unit_en
    shown = whole if whole is not None else f"{Decimal(str(number)).normalize():f}"
    return f"{shown} {unit}".strip()
