"""Whether a page shows demo data: the figures, or the programme's structure seed_demo invented.

No domain model is named: anything with an ``is_demo`` attribute is demo data when it is true.
"""

from django import template

register = template.Library()


@register.filter
def shows_demo(rows, attributes: str = "") -> bool:
    """``{% if value_rows|shows_demo:"indicator,current" %}``: a row, or one of its named parts, is demo data.

    A row may come as ``(row, fields)``. Reads only what the view loaded (the parts are joined or prefetched there), never a query per row.
    """
    names = [name.strip() for name in attributes.split(",") if name.strip()]
    for row in rows or ():
        if isinstance(row, tuple):  # (row, its form fields), as a form hands its rows to a template
            row = row[0]
        if getattr(row, "is_demo", False):
            return True
        if any(getattr(getattr(row, name, None), "is_demo", False) for name in names):
            return True
    return False
