"""The review pack's row tags write what the template's loops wrote, cell for cell, in both languages."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboards.review_pack import build_review_pack
from programme.models import ReportingPeriod

pytestmark = pytest.mark.django_db

# The template's loops as they were before the tags (templates/review_pack/pack.html, issue 13).
LOOPS = {
    "pack_target_rows section": """{% for row in section.rows %}<tr>
        <th scope="row" class="fw-normal">{{ row.indicator.name }}</th>
        <td class="num">{% if row.result.target is not None %}{{ row.result.target|number }}{% else %}—{% endif %}</td>
        <td class="num">{% if row.result.value is not None %}{{ row.result.value|number }}{% else %}—{% endif %}</td>
        <td class="num">{% if row.result.achievement is not None %}{{ row.result.achievement|number }}%{% else %}—{% endif %}</td>
        <td class="pack-status">{{ row.cell.symbol }} {{ row.cell.label }}</td>
      </tr>{% endfor %}""",
    "pack_indicator_rows pack": """{% for row in pack.indicator_rows %}<tr>
      <th scope="row" class="fw-normal">{{ row.indicator.name }}</th>
      {% for cell in row.cells %}<td class="pack-status">{{ cell.symbol }} {{ cell.label }}{% if cell.achievement is not None %} <span class="num small">({{ cell.achievement|number }}%)</span>{% endif %}</td>{% endfor %}
    </tr>{% endfor %}""",
    "pack_axis_rows pack": """{% for row in pack.axis_rows %}<tr>
      <th scope="row" class="fw-normal">{{ row.axis.code }} · {{ row.axis.name }}</th>
      <td class="num">{% if row.progress is not None %}{{ row.progress|number }}%{% else %}—{% endif %}</td>
      {% for p in row.cells %}<td class="num">{% if p is not None %}{{ p|number }}%{% else %}—{% endif %}</td>{% endfor %}
    </tr>{% endfor %}""",
    "pack_initiative_rows rows": """{% for row in rows %}<tr>
      <th scope="row" class="fw-normal">{{ row.initiative.code }} · {{ row.initiative.name }}</th>
      <td class="num">{% if row.progress is not None %}{{ row.progress|number }}%{% else %}—{% endif %}</td>
      {% for p in row.cells %}<td class="num">{% if p is not None %}{{ p|number }}%{% else %}<span title="{% translate 'Does not take part' %}">·</span>{% endif %}</td>{% endfor %}
    </tr>{% endfor %}""",
}


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("tag", LOOPS)
def test_a_tag_writes_the_rows_the_loop_wrote(demo_data, language, tag):
    pack = build_review_pack(period=ReportingPeriod.objects.get(year=2018, quarter=1), group=2)
    context = {"pack": pack, "section": pack.sections[0], "rows": pack.initiatives[0][1]}
    with translation.override(language):
        loop = Template("{% load i18n wording %}" + LOOPS[tag]).render(Context(context))
        tagged = Template("{% load pack_rows %}{% " + tag + " %}").render(Context(context))
    assert "<td" in loop
    assert _squeezed(tagged) == _squeezed(loop)
