"""Forms of the quarterly entry, the review queue and the spreadsheet import.

The forms parse and validate what people type (Arabic-Indic digits included);
the rules that need the database (locks, versions, permissions) live in
``reporting.services`` and are checked again there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator, IndicatorValue, InitiativeProgress, ReportedStatus, Target, Unit
from initiatives.models import Initiative
from madinati.numbers import NotANumber, format_number, parse_number
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from reporting.services.entry import ProgressEntry, ValueEntry
from reporting.services.rules import ProgressInput, parse_value_for, progress_problem


class NumberField(forms.Field):
    """A number as people type it: ``75.5``, ``٧٥٫٥``, ``1,250,000``, ``١٬٢٥٠٬٠٠٠``.

    ``unit`` adds the unit's range (percent 0–100, whole counts, riyals ≥ 0).
    """

    widget = forms.TextInput

    def __init__(self, *, unit: str | None = None, **kwargs):
        self.unit = unit
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "text-end", "maxlength": "40"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and len(value) > 40:
            raise forms.ValidationError(_("This number is too long."), code="invalid")
        try:
            return parse_value_for(value, self.unit) if self.unit else parse_number(value)
        except NotANumber as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else value


@dataclass
class ValueRow:
    """One manual indicator on the entry page, with what is shown beside its input."""

    indicator: Indicator
    current: IndicatorValue | None
    previous: IndicatorValue | None
    target: Target | None
    lock: str | None  # why it cannot be edited (period or row), None when editable
    flags: list = field(default_factory=list)  # reporting.quality.Flag: the saved figure's data-quality warnings

    @property
    def prefix(self) -> str:
        return f"v{self.indicator.pk}"


@dataclass
class ProgressRow:
    initiative: Initiative
    current: InitiativeProgress | None
    previous: InitiativeProgress | None  # latest visible row before the period
    lock: str | None

    @property
    def prefix(self) -> str:
        return f"p{self.initiative.pk}"


class EntryForm(forms.Form):
    """Every manual indicator and every initiative of one secretariat in one period, as one form.

    Fields are named ``v<indicator id>-value|note|version`` and
    ``p<initiative id>-percent|quantity|status|narrative|version``; a row that
    cannot be edited has its fields disabled (its posted data is ignored).
    """

    # Read by the view before the form (a foreign secretariat is a 403, the period picks the rows);
    # kept in the form so that a post says which secretariat and quarter it was made for.
    secretariat = forms.CharField(widget=forms.HiddenInput, required=False)
    period = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, value_rows: list[ValueRow], progress_rows: list[ProgressRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.value_rows = value_rows
        self.progress_rows = progress_rows
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # The table's column headers say what each input is; the labels stay for screen readers.
        self.helper.label_class = "visually-hidden"
        for row in value_rows:
            self._add_value_fields(row)
        for row in progress_rows:
            self._add_progress_fields(row)

    def _add_value_fields(self, row: ValueRow) -> None:
        p, current, locked = row.prefix, row.current, bool(row.lock)
        self.fields[f"{p}-value"] = NumberField(
            unit=row.indicator.unit,
            required=False,
            disabled=locked,
            label=row.indicator.name,
            initial=current.value if current else None,
        )
        self.fields[f"{p}-note"] = forms.CharField(
            required=False,
            disabled=locked,
            max_length=NOTE_MAX_LENGTH,
            label=_("Note on %(name)s") % {"name": row.indicator.name},
            initial=current.note if current else "",
            widget=forms.Textarea(attrs={"rows": 1}),
        )
        self.fields[f"{p}-version"] = forms.IntegerField(
            required=False, disabled=locked, widget=forms.HiddenInput, initial=current.version if current else None
        )

    def _add_progress_fields(self, row: ProgressRow) -> None:
        p, current, locked = row.prefix, row.current, bool(row.lock)
        name = row.initiative.name
        self.fields[f"{p}-percent"] = NumberField(
            unit=Unit.PERCENT,
            required=False,
            disabled=locked,
            label=_("Percent complete of %(name)s") % {"name": name},
            initial=current.percent_complete if current else None,
        )
        self.fields[f"{p}-quantity"] = NumberField(
            required=False,
            disabled=locked,
            label=_("Quantity achieved"),
            initial=current.quantity_achieved if current else None,
            help_text=row.initiative.unit,
        )
        self.fields[f"{p}-status"] = forms.ChoiceField(
            choices=ReportedStatus.choices,
            required=False,
            disabled=locked,
            label=_("Reported status"),
            initial=current.status if current else ReportedStatus.ON_TRACK,
        )
        self.fields[f"{p}-narrative"] = forms.CharField(
            required=False,
            disabled=locked,
            max_length=TEXT_MAX_LENGTH,
            label=_("Narrative"),
            initial=current.narrative if current else "",
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields[f"{p}-version"] = forms.IntegerField(
            required=False, disabled=locked, widget=forms.HiddenInput, initial=current.version if current else None
        )

    def clean(self):
        cleaned = super().clean()
        for row in self.value_rows:
            if row.lock:
                continue
            value = cleaned.get(f"{row.prefix}-value")
            if value is None and row.current is not None and f"{row.prefix}-value" not in self.errors:
                self.add_error(f"{row.prefix}-value", _("This figure already has a saved value; enter a value."))
        for row in self.progress_rows:
            if row.lock or f"{row.prefix}-percent" in self.errors:
                continue
            data = self._progress_input(row)
            if data is None:
                filled = any(cleaned.get(f"{row.prefix}-{name}") for name in ("quantity", "narrative"))
                if filled or row.current is not None:
                    self.add_error(f"{row.prefix}-percent", _("Enter the percent complete."))
                continue
            problem = progress_problem(data=data, previous=row.previous)
            if problem:
                dropped = row.previous is not None and data.percent_complete < row.previous.percent_complete
                self.add_error(f"{row.prefix}-{'narrative' if dropped else 'percent'}", problem)
        return cleaned

    def _progress_input(self, row: ProgressRow) -> ProgressInput | None:
        p = row.prefix
        percent = self.cleaned_data.get(f"{p}-percent")
        if percent is None:
            return None
        return ProgressInput(
            percent_complete=percent,
            quantity_achieved=self.cleaned_data.get(f"{p}-quantity"),
            status=self.cleaned_data.get(f"{p}-status") or ReportedStatus.ON_TRACK,
            narrative=self.cleaned_data.get(f"{p}-narrative") or "",
        )

    def value_entries(self) -> list[ValueEntry]:
        return [
            ValueEntry(
                indicator=row.indicator,
                value=self.cleaned_data.get(f"{row.prefix}-value"),
                note=self.cleaned_data.get(f"{row.prefix}-note") or "",
                version=self.cleaned_data.get(f"{row.prefix}-version"),
            )
            for row in self.value_rows
            if not row.lock
        ]

    def progress_entries(self) -> list[ProgressEntry]:
        return [
            ProgressEntry(
                initiative=row.initiative,
                data=self._progress_input(row),
                version=self.cleaned_data.get(f"{row.prefix}-version"),
            )
            for row in self.progress_rows
            if not row.lock
        ]

    def bound_rows(self):
        """``(row, fields)`` pairs for the template, values first then progress."""
        values = [
            (row, {n: self[f"{row.prefix}-{n}"] for n in ("value", "note", "version")}) for row in self.value_rows
        ]
        progress = [
            (row, {n: self[f"{row.prefix}-{n}"] for n in ("percent", "quantity", "status", "narrative", "version")})
            for row in self.progress_rows
        ]
        return values, progress


class ReturnReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class ImportUploadForm(forms.Form):
    """The spreadsheet to preview (XLSX or CSV, no macros or formulas)."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        limit_kb = settings.IMPORT_MAX_BYTES // 1024
        self.fields["file"].help_text = _("At most %(size)s KB; the template's columns; no formulas or macros.") % {
            "size": limit_kb
        }


class ImportConfirmForm(forms.Form):
    """The rows of a preview, signed so they come back unchanged (no server-side state)."""

    payload = forms.CharField(widget=forms.HiddenInput)
