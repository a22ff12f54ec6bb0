"""The entry page's table cells, each written in one pass of Python.

``{{ field|entry_field }}`` writes the markup crispy-forms' ``{{ field|as_crispy_field }}`` (bootstrap5 pack)
writes for the entry form's inputs: the ``mb-3`` wrapper, the label (visually hidden: the column headers say what
each input is), the input with its bootstrap class (``is-invalid`` on an error, and Django's ``aria-invalid`` and
``aria-describedby``), the error feedback and the help text. crispy renders half a dozen templates per field and
Django's widget templates under them; /entry/ has some fifty fields, and they were half of its CPU.
``{{ field|entry_widget }}`` is ``{{ field }}`` written the same way (the rows' hidden versions),
``{% entry_status %}`` a row's status column and ``{% element_rows %}`` the visual-distortion elements' rows.

tests/reporting/test_entry_render.py renders every cell both ways and compares them. Only what the entry page
uses is written here: text inputs, textareas, selects and hidden inputs, in a form whose ``FormHelper`` keeps
crispy's defaults but its ``label_class``. Anything else (another widget, a widget template of its own, a
horizontal form, another form renderer) is handed to crispy or to Django unchanged.

One deliberate difference: crispy writes a field's help text unescaped (``|safe``); here it is escaped unless
marked safe. The entry form's only help text is an initiative's unit, which an administrator types.
"""

from __future__ import annotations

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from indicators.choices import WorkflowStatus
from madinati.templatetags.usertext import usertext

register = template.Library()

#: Widgets written here, with the bootstrap class crispy gives them (``{% crispy_field field 'class' ... %}``).
_CONTROL_CLASS = {forms.TextInput: "form-control", forms.Textarea: "form-control", forms.Select: "form-select"}
_WRITTEN = (forms.TextInput, forms.HiddenInput, forms.Textarea, forms.Select)

_BADGE = {
    WorkflowStatus.APPROVED: "text-bg-success",
    WorkflowStatus.SUBMITTED: "text-bg-info",
    WorkflowStatus.RETURNED: "text-bg-warning",
}


@register.filter
def entry_field(field: forms.BoundField) -> SafeString:
    """``{{ f.value|entry_field }}``: the field as ``|as_crispy_field`` writes it (bootstrap5)."""
    label_class = _label_class(field)
    if label_class is None or not _writable(field):
        return as_crispy_field(field)
    if field.is_hidden:
        return _widget(field)
    widget = field.field.widget
    errors = field.errors
    auto_id = field.auto_id
    out = [f'<div id="div_{_e(auto_id)}" class="mb-3']
    if css := field.css_classes():
        out.append(f" {_e(css)}")
    out.append('">')
    required = field.field.required
    if field.label:
        out.append(f'<label for="{_e(field.id_for_label)}" ' if field.id_for_label else "<label ")
        out.append(f'class="form-label{f" {_e(label_class)}" if label_class else ""}')
        out.append(' requiredField">' if required else '">')
        out.append(_e(field.label))
        out.append('<span class="asteriskField">*</span></label>' if required else "</label>")
    control = _CONTROL_CLASS[type(widget)]
    out.append(_widget(field, {"class": _crispy_class(widget, f"{control} is-invalid" if errors else control)}))
    if errors:
        out.append(f'<div id="{_e(errors.field_id)}_error" class="invalid-feedback">')
        for number, error in enumerate(errors, start=1):
            out.append(f'<span id="error_{number}_{_e(auto_id)}"><strong>{_e(error)}</strong></span>')
        out.append("</div>")
    if field.help_text:
        out.append(f'<div id="{_e(auto_id)}_helptext" ' if auto_id else "<div ")
        out.append(f'class="form-text">{_e(field.help_text)}</div>')
    out.append("</div>")
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


@register.filter
def entry_widget(field: forms.BoundField) -> SafeString:
    """``{{ f.version|entry_widget }}``: the input alone, as ``{{ f.version }}`` writes it."""
    return _widget(field) if _writable(field) else field.as_widget()


@register.simple_tag
def entry_status(current, lock, history: str) -> SafeString:
    """A row's last column: its workflow status (and why it was returned or is locked), and its history link.

    ``history`` names the URL of the row's history (``value-history`` or ``progress-history``).
    """
    if current is None:
        return mark_safe(f'<span class="text-muted">{_e(gettext("Not entered"))}</span>\n')  # noqa: S308
    status = current.workflow_status
    out = [
        f'<span class="badge {_BADGE.get(status, "text-bg-secondary")}" data-testid="workflow-status">',
        f"{_e(current.get_workflow_status_display())}</span>",
    ]
    if status == WorkflowStatus.RETURNED and current.return_reason:
        out.append(
            f'<div class="text-warning-emphasis">{_e(gettext("Reason:"))} {usertext(current.return_reason)}</div>'
        )
    out.append("\n")
    if lock:
        out.append(f'<div class="text-muted" data-testid="lock-reason">{_e(lock)}</div>\n')
    out.append(f'<a href="{_e(reverse(history, args=[current.pk]))}">{_e(gettext("History"))}</a>')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


@register.simple_tag(takes_context=True)
def element_rows(context, section) -> SafeString:
    """The rows of a section of visual-distortion elements (templates/entry/_elements.html), one per element.

    The same text, byte for byte, as the template loop it replaces (kept in tests/reporting/test_entry_render.py,
    which compares the two): per element a state select, a quantity, a unit select and a note.
    """
    disabled = " disabled" if section.lock else ""
    quantity_label, unit_label, note_label = (_e(gettext(w)) for w in ("Quantity", "Unit", "Note"))
    out = []
    for element, state, quantity, unit, note in section.form.rows():
        name = _text(element.name, context)
        state_id = _text(state.id_for_label, context)
        state_errors = state.errors
        out.append(
            f'\n        <tr data-testid="element-row-{_text(element.code, context)}">'
            f'\n          <th scope="row" class="fw-normal"><label for="{state_id}">{name}</label></th>'
            f'\n          <td><select name="{_text(state.html_name, context)}" id="{state_id}" '
            f'class="form-select form-select-sm{" is-invalid" if state_errors else ""}"{disabled}>'
            f"{_options(state, context)}</select>"
            f"\n            {_feedback(state_errors, context)}</td>"
            f"\n          <td>{_element_input(quantity, context, quantity_label, name, disabled, number=True)}"
            f"\n            {_feedback(quantity.errors, context)}</td>"
            f'\n          <td><select name="{_text(unit.html_name, context)}" aria-label="{unit_label} · {name}" '
            f'class="form-select form-select-sm"{disabled}>{_options(unit, context)}</select></td>'
            f"\n          <td>{_element_input(note, context, note_label, name, disabled)}"
            f"\n            {_feedback(note.errors, context)}</td>"
            "\n        </tr>\n      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


def _options(field: forms.BoundField, context) -> str:
    """``<option>`` per choice, the field's value selected (compared as text, as ``|stringformat:"s"`` did)."""
    current = _s(field.value())
    return "".join(
        f'<option value="{_text(value, context)}"{" selected" if _s(value) == current else ""}>'
        f"{_text(label, context)}</option>"
        for value, label in field.field.choices
    )


def _element_input(field: forms.BoundField, context, label: str, name: str, disabled: str, number=False) -> str:
    value = field.value()
    kind = ' inputmode="decimal" dir="ltr"' if number else ""
    return (
        f'<input type="text"{kind} name="{_text(field.html_name, context)}" '
        f'value="{_text("" if value is None else value, context)}" aria-label="{label} · {name}" '
        f'class="form-control form-control-sm{" is-invalid" if field.errors else ""}"{disabled}>'
    )


def _feedback(errors, context) -> str:
    return "".join(f'<div class="invalid-feedback d-block">{_text(e, context)}</div>' for e in errors)


def _label_class(field: forms.BoundField) -> str | None:
    """The helper's label class when crispy would write the field with its defaults otherwise; None if not."""
    helper = getattr(field.form, "helper", None)
    if (
        helper is None  # without a helper crispy writes errors as paragraphs
        or getattr(settings, "CRISPY_TEMPLATE_PACK", None) != "bootstrap5"
        or getattr(settings, "CRISPY_CLASS_CONVERTERS", None)
        or helper.field_template
        or helper.field_class
        or "form-horizontal" in helper.form_class
        or not helper.form_show_labels
        or not helper.form_show_errors
        or not helper.error_text_inline
        or helper.help_text_inline
    ):
        return None
    return helper.label_class


def _writable(field: forms.BoundField) -> bool:
    """Whether ``_widget`` writes this field's input exactly as Django's widget templates would."""
    widget = field.field.widget
    return (
        type(widget) in _WRITTEN
        and "template_name" not in widget.__dict__
        and "option_template_name" not in widget.__dict__
        and not field.field.show_hidden_initial
        and not field.field.localize
        and type(field.form.renderer) is DjangoTemplates
    )


def _crispy_class(widget: forms.Widget, classes: str) -> str:
    """The class crispy's ``{% crispy_field field 'class' classes %}`` gives the widget (without changing it)."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif css.find(name) == -1:
        css += f" {name}"
    have = css.split()
    for word in classes.split():
        if word not in have:
            css += f" {word}"
            have.append(word)
    return css


def _widget(field: forms.BoundField, attrs: dict | None = None) -> SafeString:
    """``field.as_widget(attrs=attrs)``, written without the widget templates (django/forms/widgets/*.html)."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs or {}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name = _e(context["name"])
    if isinstance(widget, forms.Select):
        groups = context["optgroups"]
        if any(
            group or any(not isinstance(o["label"], str | Promise) for o in options) for group, options, _ in groups
        ):
            # Option groups, or labels the template would localize (numbers): left to Django's template.
            return field.as_widget(attrs=attrs)
        out = [f'<select name="{name}"{_attrs(context["attrs"])}>']
        for _group, options, _index in groups:
            for option in options:
                out.append(
                    f'\n  <option value="{_e(_s(option["value"]))}"{_attrs(option["attrs"])}>'
                    f"{_e(option['label'])}</option>"
                )
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every part escaped above
    value = context["value"]
    if isinstance(widget, forms.Textarea):
        text = _e(value) if value else ""
        return mark_safe(f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{text}</textarea>')  # noqa: S308
    shown = f' value="{_e(_s(value))}"' if value is not None else ""
    kind = _e(context["type"])
    return mark_safe(f'<input type="{kind}" name="{name}"{shown}{_attrs(context["attrs"])}>')  # noqa: S308


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ``True`` as a bare name, ``False`` left out."""
    return "".join(
        f" {_e(name)}" if value is True else f' {_e(name)}="{_e(_s(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _e(text) -> str:
    """``conditional_escape`` without its lazy-string wrapper (the cells escape a few thousand strings a page)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _text(value, context) -> str:
    """What ``{{ value }}`` writes in ``context``: plain text escaped, anything else localized first."""
    return _e(value) if type(value) is str else render_value_in_context(value, context)


def _s(value):
    """``|stringformat:'s'``, which keeps a safe string safe."""
    return value if isinstance(value, str) else "%s" % (value,)  # noqa: UP031 - stringformat's own formatting
