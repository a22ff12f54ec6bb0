"""``{% table_rows %}`` writes the very HTML of the template loop it replaced, for every table of the pages."""

import pytest
from django.template import Context, Template

from dashboards.exports import Table
from tests.dashboards.fixtures import build_programme

pytestmark = pytest.mark.django_db

# The loop of templates/dashboards/partials/table.html before {% table_rows %}, verbatim.
LOOP = Template(
    "{% load i18n %}"
    '{% for row in table.rows %}<tr>{% for cell in row %}{% if cell.header %}<th scope="row">{% else %}<td'
    '{% if cell.numeric %} class="num text-end"{% endif %}>{% endif %}{% if cell.href %}<a href="{{ cell.href }}">'
    '{{ cell.text }}</a>{% elif cell.status %}<span class="dash-status dash-status-{{ cell.status }}">{{ cell.text }}'
    "</span>{% else %}<bdi>{{ cell.text }}</bdi>{% endif %}{% if cell.header %}</th>{% else %}</td>{% endif %}"
    "{% endfor %}</tr>\n  "
    '{% empty %}<tr><td colspan="{{ table.headers|length }}">{% translate "No figures for this selection." %}'
    "</td></tr>{% endfor %}"
)
TAG = Template("{% load dash_tables %}{% table_rows table %}")

PAGES = [
    "/?period=2018-Q1&group=2",
    "/secretariats/s001/?period=2018-Q1",
    "/axes/A/?period=2018-Q1&group=2",
    "/initiatives/B-01/?period=2018-Q1&group=2",
    "/indicators/complaint-handling/?period=2018-Q1&group=2",
    "/groups/?period=2018-Q1",
    "/?year=2018&group=2",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_table_of_the_page_is_written_as_the_template_wrote_it(viewer_client, url):
    build_programme(3)
    tables = viewer_client.get(url).context["tables"].values()
    assert sum(len(t.rows) for t in tables) > 0
    for table in tables:
        assert TAG.render(Context({"table": table})) == LOOP.render(Context({"table": table})), table.id


def test_an_empty_table_says_so_in_both(viewer_client):
    table = Table(id="empty", caption="", headers=["a", "b", "c"])
    html = TAG.render(Context({"table": table}))
    assert html == LOOP.render(Context({"table": table}))
    assert 'colspan="3"' in html
