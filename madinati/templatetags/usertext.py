"""Text a user typed, shown in its own direction: ``{{ risk.title|usertext }}``.

An English risk title in the Arabic interface (or an Arabic note in the English one) is wrapped in
``<bdi dir="auto">``: the browser takes its direction from its first strong letter and isolates it
from the text around it, so neither it nor its neighbours are reordered. Bidi control characters are
already stripped when the text is stored (madinati.text).

Use it on element content only, as the last filter (after ``linebreaksbr``, ``truncatechars`` or
``default``); not inside an attribute, ``<title>``, ``<option>`` or ``<textarea>``, where markup is not
markup. For paragraphs (``linebreaks``) use ``usertext_block``, a ``<div dir="auto">``.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter(is_safe=True)
def usertext(value) -> str:
    """``<bdi dir="auto">value</bdi>``, escaped unless already safe (``linebreaksbr``'s output); nothing for nothing."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="auto">{}</bdi>', value)


@register.filter(is_safe=True)
def usertext_block(value) -> str:
    """``<div dir="auto">value</div>`` for text in paragraphs (after ``linebreaks``)."""
    if value is None or value == "":
        return ""
    return format_html('<div dir="auto">{}</div>', value)
