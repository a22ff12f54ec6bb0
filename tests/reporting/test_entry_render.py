"""The entry page's cells, written in Python by reporting/templatetags/entry_cells.py, are the HTML the templates wrote.

``|entry_field`` is compared with crispy-forms' ``|as_crispy_field`` (bootstrap5 pack), which the page used before,
on every field of the page's own form: clean, bound with bad input, with a locked row and in a closed quarter, in
Arabic and English. ``|entry_widget`` is compared with ``{{ field }}``, and ``{% element_rows %}`` and
``{% entry_status %}`` with the template text they replaced (kept below).

The comparison reads both as HTML: every tag with its attributes (in order, values exact) and every text with its
runs of whitespace collapsed (a textarea's text kept as it is). Only whitespace between tags may differ.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template
from django.utils import translation

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, ReportedStatus
from initiatives.models import DistortionElement, ElementRecord
from reporting.forms import EntryForm
from reporting.services.rules import ProgressInput
from reporting.templatetags.entry_cells import entry_field, entry_widget
from tests.reporting.fixtures import save_progress, save_value

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "en"]


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []
        self.in_textarea = False

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, tuple(attrs)))
        self.in_textarea = self.in_textarea or tag == "textarea"

    def handle_startendtag(self, tag, attrs):
        self.out.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.out.append(("end", tag))
        self.in_textarea = self.in_textarea and tag != "textarea"

    def handle_data(self, data):
        text = data if self.in_textarea else " ".join(data.split())
        if text:
            self.out.append(("text", text))


def tokens(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(str(html))
    parser.close()
    return parser.out


def assert_same(ours: str, theirs: str, what: str) -> None:
    assert tokens(ours) == tokens(theirs), f"{what}\n--- ours\n{ours}\n--- before\n{theirs}"


# ---------------------------------------------------------------------------------------------------------------
# The page: a saved draft with a note, a submitted (locked) figure, a returned one, progress with a unit and a
# status, an initiative with nothing saved, and three visual-distortion elements (one recorded, 12.5 m²).


@pytest.fixture
def page(entry_programme, officer, secretariat, open_period):
    p = entry_programme
    b01 = p["B-01"]
    b01.unit_ar, b01.unit_en = "موقع", "sites"
    b01.save()
    # Submitting sends every draft of the quarter: the submitted one first.
    save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["count"], value=Decimal("6"), submit=True
    )
    save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=Decimal("75.5"),
        note='survey of <May> & "June"',
    )  # fmt: skip
    save_value(by=officer, secretariat=secretariat, period=open_period, indicator=p["sar"], value=Decimal("900"))
    IndicatorValue.objects.filter(indicator=p["sar"]).update(
        workflow_status=WorkflowStatus.RETURNED, return_reason="Check <the> figure & resend"
    )
    save_progress(
        by=officer,
        secretariat=secretariat,
        period=open_period,
        initiative=b01,
        data=ProgressInput(
            percent_complete=Decimal("40"),
            quantity_achieved=Decimal("6"),
            status=ReportedStatus.AT_RISK,
            narrative="line one\n  line two <b>",
        ),
    )
    elements = [
        DistortionElement.objects.create(
            code=f"el-{k}", name_ar=f"عنصر <{k}>", name_en=f"Element <{k}>", initiative=b01, sort_order=k, unit="m2"
        )
        for k in range(3)
    ]
    ElementRecord.objects.create(
        element=elements[0], secretariat=secretariat, period=open_period, treated=True, quantity=Decimal("12.5"),
        unit="m2", note="north & south",
    )  # fmt: skip
    return p


def _get(client, lang, period="2018-Q2"):
    client.cookies["madinati_language"] = lang
    response = client.get(f"/entry/?period={period}")
    assert response.status_code == 200
    return response


def _bad_post(client, p, lang):
    """The form's refusals: not a number, out of range, too long, not a choice, a saved figure cleared, progress
    without its percent (the row locked by its submission is ignored)."""
    client.cookies["madinati_language"] = lang
    pct, sar, b01, f01 = p["percent"], p["sar"], p["B-01"], p["F-01"]
    version = IndicatorValue.objects.get(indicator=pct).version
    data = {
        "secretariat": "taif",
        "period": "2018-Q2",
        f"v{pct.pk}-value": "",  # a saved figure cleared
        f"v{pct.pk}-version": str(version),
        f"v{pct.pk}-note": "x" * 3000,
        f"v{p['score'].pk}-value": "abc",
        f"v{sar.pk}-value": "-5",
        f"p{b01.pk}-percent": "150",
        f"p{b01.pk}-quantity": "many",
        f"p{b01.pk}-status": "bogus",
        f"p{f01.pk}-narrative": "no percent",
        "save": "1",
    }
    response = client.post("/entry/", data)
    assert response.status_code == 400, response.content.decode()[:2000]
    return response


def _fields(form: EntryForm):
    return [form[name] for name in form.fields]


def _compare_fields(form: EntryForm) -> dict:
    """Each field through the tag, then through crispy (which changes the widget's class: so second)."""
    seen = {"errors": 0, "disabled": 0, "help": 0, "selects": 0, "textareas": 0, "hidden": 0}
    for field in _fields(form):
        if field.is_hidden:
            ours, theirs = entry_widget(field), str(field)
            assert_same(ours, theirs, f"{field.name}: |entry_widget against {{{{ field }}}}")
            assert_same(entry_field(field), as_crispy_field(field), f"{field.name}: hidden through |entry_field")
            seen["hidden"] += 1
            continue
        ours = entry_field(field)
        theirs = as_crispy_field(field)
        assert_same(ours, theirs, f"{field.name}: |entry_field against |as_crispy_field")
        seen["errors"] += bool(field.errors)
        seen["disabled"] += field.field.disabled
        seen["help"] += bool(field.help_text)
        seen["selects"] += isinstance(field.field.widget, forms.Select)
        seen["textareas"] += isinstance(field.field.widget, forms.Textarea)
    return seen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_clean_form_is_written_as_crispy_wrote_it(page, officer_client, lang):
    form = _get(officer_client, lang).context["form"]
    with translation.override(lang):
        seen = _compare_fields(form)
    # The locked row (submitted) is disabled; the unit is B-01's help text; statuses are selects.
    assert seen["disabled"] == 2 and seen["help"] == 1 and seen["selects"] == 2 and seen["textareas"] == 6
    assert seen["hidden"] == 2 + 6  # secretariat, period; a version per row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_form_with_errors_is_written_as_crispy_wrote_it(page, officer_client, lang):
    form = _bad_post(officer_client, page, lang).context["form"]
    # Two errors on one field: crispy numbers them (error_1_…, error_2_…).
    form.add_error(f"v{page['score'].pk}-note", "First <problem>")
    form.add_error(f"v{page['score'].pk}-note", "Second & last")
    with translation.override(lang):
        body = "".join(entry_field(f) for f in _fields(form))
        seen = _compare_fields(form)
    assert seen["errors"] >= 8
    assert body.count('aria-invalid="true"') == seen["errors"]
    assert 'id="error_2_id_v' in body and "is-invalid" in body and "form-select is-invalid" in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_closed_quarter_is_written_as_crispy_wrote_it(page, officer_client, closed_period, lang):
    form = _get(officer_client, lang, period="2018-Q1").context["form"]
    with translation.override(lang):
        seen = _compare_fields(form)
    assert seen["disabled"] == len([f for f in _fields(form) if not f.is_hidden]) > 0


def test_a_required_field_and_other_widgets_are_written_as_crispy_writes_them(page, officer_client):
    """The tag's other paths: a required field's asterisk, and a widget it does not write (left to crispy)."""

    class Other(EntryForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["name"] = forms.CharField(label="Name <x>", help_text="Say who")
            self.fields["flag"] = forms.BooleanField(label="Flag", required=False)
            self.fields["when"] = forms.DateField(label="When", widget=forms.DateInput)

    for data in (None, {"flag": "on", "when": "not a date"}):
        form = Other(data, value_rows=[], progress_rows=[])
        form.is_valid()
        for field in _fields(form):
            assert_same(entry_field(field), as_crispy_field(field), field.name)


def test_the_comparison_sees_a_dropped_attribute_or_error(page, officer_client):
    """Leaving out any one attribute, the error feedback or a letter of the value is a difference."""
    form = _bad_post(officer_client, page, "en").context["form"]
    field = form[f"v{page['score'].pk}-value"]
    html = str(entry_field(field))
    assert "aria-describedby" in html and "invalid-feedback" in html and 'inputmode="decimal"' in html
    attributes = re.findall(r' [\w-]+="[^"]*"', html)
    assert len(attributes) > 15
    for attribute in attributes:
        assert tokens(html.replace(attribute, "", 1)) != tokens(html), attribute
    feedback = re.search(r'<div id="[^"]+_error" class="invalid-feedback">.*?</div>', html).group(0)
    assert tokens(html.replace(feedback, "")) != tokens(html)
    assert tokens(html.replace('value="abc"', 'value="ab"')) != tokens(html)


def test_help_text_is_escaped_where_crispy_wrote_it_raw(page, officer_client):
    """The one deliberate difference: an initiative's unit (typed by an administrator) is text, not HTML."""
    b01 = page["B-01"]
    b01.unit_en = "<img src=x onerror=alert(1)>"
    b01.save()
    body = _get(officer_client, "en").content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


# ---------------------------------------------------------------------------------------------------------------
# {% entry_status %}: templates/entry/_status.html, included per row, and the history link that followed it.

STATUS_BEFORE = (
    "{% load i18n %}{% if current %}<span class=\"badge {% if current.workflow_status == 'approved' %}"
    "text-bg-success{% elif current.workflow_status == 'submitted' %}text-bg-info{% elif current.workflow_status "
    '== \'returned\' %}text-bg-warning{% else %}text-bg-secondary{% endif %}" data-testid="workflow-status">'
    "{{ current.get_workflow_status_display }}</span>{% if current.workflow_status == 'returned' and "
    'current.return_reason %}<div class="text-warning-emphasis">{% translate "Reason:" %} '
    '{{ current.return_reason|usertext }}</div>{% endif %}{% else %}<span class="text-muted">'
    '{% translate "Not entered" %}</span>{% endif %}\n'
    '{% if lock and current %}<div class="text-muted" data-testid="lock-reason">{{ lock }}</div>{% endif %}\n'
    '\n          {% if current %}<a href="{% url history current.pk %}">{% translate "History" %}</a>{% endif %}'
)
STATUS_AFTER = "{% load entry_cells %}{% entry_status current lock history %}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_status_is_the_include_it_replaced(page, officer_client, lang):
    response = _get(officer_client, lang)
    rows = [*response.context["value_rows"], *response.context["progress_rows"]]
    statuses = {row.current.workflow_status if row.current else None for row, _cells in rows}
    assert statuses == {None, "draft", "submitted", "returned"}
    values = IndicatorValue.objects.all()
    approved = values.first()
    approved.workflow_status = WorkflowStatus.APPROVED
    cases = [(row.current, row.lock, "value-history" if hasattr(row, "indicator") else "progress-history")
             for row, _cells in rows]  # fmt: skip
    cases += [(approved, "Approved <by> someone", "value-history"), (None, "A lock", "value-history")]
    with translation.override(lang):
        for current, lock, history in cases:
            context = {"current": current, "lock": lock, "history": history}
            before = Template(STATUS_BEFORE).render(Context(context))
            after = Template(STATUS_AFTER).render(Context(context))
            assert_same(after, before, f"{current!r} {lock!r}")
            assert after.strip() == re.sub(r"\s*\n\s*", "\n", before).strip()


# ---------------------------------------------------------------------------------------------------------------
# {% element_rows %}: the loop of templates/entry/_elements.html it replaced, byte for byte.

ELEMENT_ROWS_BEFORE = """{% load i18n %}{% for element, state, quantity, unit, note in section.form.rows %}
        <tr data-testid="element-row-{{ element.code }}">
          <th scope="row" class="fw-normal"><label for="{{ state.id_for_label }}">{{ element.name }}</label></th>
          <td><select name="{{ state.html_name }}" id="{{ state.id_for_label }}" class="form-select form-select-sm{% if state.errors %} is-invalid{% endif %}"{% if section.lock %} disabled{% endif %}>{% for value, label in state.field.choices %}<option value="{{ value }}"{% if state.value|stringformat:"s" == value|stringformat:"s" %} selected{% endif %}>{{ label }}</option>{% endfor %}</select>
            {% for e in state.errors %}<div class="invalid-feedback d-block">{{ e }}</div>{% endfor %}</td>
          <td><input type="text" inputmode="decimal" dir="ltr" name="{{ quantity.html_name }}" value="{{ quantity.value|default_if_none:'' }}" aria-label="{% translate 'Quantity' %} · {{ element.name }}" class="form-control form-control-sm{% if quantity.errors %} is-invalid{% endif %}"{% if section.lock %} disabled{% endif %}>
            {% for e in quantity.errors %}<div class="invalid-feedback d-block">{{ e }}</div>{% endfor %}</td>
          <td><select name="{{ unit.html_name }}" aria-label="{% translate 'Unit' %} · {{ element.name }}" class="form-select form-select-sm"{% if section.lock %} disabled{% endif %}>{% for value, label in unit.field.choices %}<option value="{{ value }}"{% if unit.value|stringformat:"s" == value|stringformat:"s" %} selected{% endif %}>{{ label }}</option>{% endfor %}</select></td>
          <td><input type="text" name="{{ note.html_name }}" value="{{ note.value|default_if_none:'' }}" aria-label="{% translate 'Note' %} · {{ element.name }}" class="form-control form-control-sm{% if note.errors %} is-invalid{% endif %}"{% if section.lock %} disabled{% endif %}>
            {% for e in note.errors %}<div class="invalid-feedback d-block">{{ e }}</div>{% endfor %}</td>
        </tr>
      {% endfor %}"""  # noqa: E501
ELEMENT_ROWS_AFTER = "{% load entry_cells %}{% element_rows section %}"


def _assert_element_rows(sections, lang) -> str:
    assert sections
    with translation.override(lang):
        out = ""
        for section in sections:
            before = Template(ELEMENT_ROWS_BEFORE).render(Context({"section": section}))
            after = Template(ELEMENT_ROWS_AFTER).render(Context({"section": section}))
            assert after == before
            out += after
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_element_rows_are_the_loop_they_replaced(page, officer_client, closed_period, lang):
    sections = _get(officer_client, lang).context["element_sections"]
    html = _assert_element_rows(sections, lang)
    assert html.count("<tr ") == 3 and " selected" in html and "north &amp; south" in html
    locked = _get(officer_client, lang, period="2018-Q1").context["element_sections"]
    assert locked[0].lock
    assert " disabled" in _assert_element_rows(locked, lang)
    # Bound with errors (the elements' own page).
    elements = list(DistortionElement.objects.order_by("sort_order"))
    data = {"period": "2018-Q2", "initiative": "B-01"}
    for e in elements:
        data |= {f"e{e.pk}-state": "treated", f"e{e.pk}-quantity": "lots", f"e{e.pk}-unit": "m3", f"e{e.pk}-note": "n"}
    response = officer_client.post("/entry/elements/", data)
    assert response.status_code == 400
    html = _assert_element_rows(response.context["element_sections"], lang)
    assert html.count("invalid-feedback") == 3 and "is-invalid" in html
