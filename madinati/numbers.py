"""Numbers as people type them and as the pages write them back: the one parser and the one formatter.

Secretariats type figures with Arabic-Indic digits and Arabic separators as
often as with ASCII ones, in forms, spreadsheets and API calls alike; every
one of those paths reads them here, so ``٧٥٫٥`` is 75.5 everywhere. Nothing
here knows a domain model: the unit's range (a percentage is 0–100) is the
caller's rule.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬\u2212\u066b\u066c",
    "01234567890123456789.,-.,",
)
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: What a figure column holds: DecimalField(max_digits=18, decimal_places=4).
MAX_INTEGER_DIGITS = 14
MAX_DECIMAL_PLACES = 4


class NotANumber(ValueError):
    """What was typed is not a number we store; ``str(exc)`` is the translated reason."""


def parse_number(raw) -> Decimal:
    """A Decimal from what a person typed or a spreadsheet holds.

    Accepts Arabic-Indic (٠–٩) and Persian digits, the Arabic decimal separator
    ``٫`` and thousands separator ``٬`` (and ``,`` as a thousands separator in
    groups of three). Raises :class:`NotANumber` with a translated message.
    """
    if isinstance(raw, bool) or raw is None:
        raise NotANumber(_("Enter a number."))
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = str(raw).strip().translate(_DIGITS).replace("\u00a0", "").replace(" ", "")
        if not text:
            raise NotANumber(_("Enter a number."))
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            raise NotANumber(_("“%(value)s” is not a number.") % {"value": str(raw).strip()[:30]})
        number = Decimal(text)
    if not number.is_finite():
        raise NotANumber(_("Enter a number."))
    # Read the digits and exponent as they are, without arithmetic: a JSON number such as 1e1000000
    # or 1e-999999999 overflows or underflows the decimal context (normalize, abs, comparisons), and
    # one that slipped through would pass a dry run and then fail in the database.
    _sign, digits, exponent = number.as_tuple()
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
    if not any(digits):
        return Decimal(0)
    exponent += len(digits) - significant
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        raise NotANumber(_("This number is too large."))
    if -exponent > MAX_DECIMAL_PLACES:
        raise NotANumber(_("Use at most %(places)d decimal places.") % {"places": MAX_DECIMAL_PLACES})
    # Plain notation, so 1E+2 is stored, compared and shown as 100 on every path.
    return Decimal(f"{number:f}")


def display_number(value: Decimal | float | int | None, *, signed: bool = False) -> str:
    """A figure as people read it on pages, the review pack and table exports: two decimals at most,
    thousands separated, the same ASCII digits in both languages (27,500,430 and 91.67); "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    q = Decimal(str(value)) if isinstance(value, float) else value
    q = q.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    if signed and q > 0:
        text = f"+{text}"
    return text.replace("-", "−") if signed else text


def format_number(value: Decimal | None) -> str:
    """A stored Decimal without the trailing zeros of its four decimal places (``75.5000`` → ``75.5``); "" for none.

    Plain ASCII digits, no grouping: what goes back into an input, a CSV cell
    or a sentence reads back through :func:`parse_number` unchanged.
    """
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
