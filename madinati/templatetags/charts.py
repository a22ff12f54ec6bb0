from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from madinati.charts import PLOTLY_JS

register = template.Library()


@register.simple_tag
def plotly_chart(figure_json: str, element_id: str, label: str = ""):
    """A chart container plus its figure as JSON; ``charts.js`` draws it.

    ``label`` is read by screen readers (the table next to each chart carries the figures).
    """
    import json

    data_id = f"{element_id}-data"
    return format_html(
        '<div class="madinati-chart" id="{}" data-plotly="{}" role="figure" aria-label="{}"></div>{}',
        element_id,
        data_id,
        label,
        json_script(json.loads(figure_json), data_id),
    )


@register.simple_tag
def plotly_scripts():
    """plotly.js (its strict bundle, served by the app) and the small loader that draws every chart on the page."""
    return mark_safe(  # noqa: S308 - static URLs only
        f'<script src="{static(PLOTLY_JS)}"></script><script src="{static("js/charts.js")}"></script>'
    )
