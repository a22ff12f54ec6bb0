"""The visual-distortion elements' sub-form of the entry page: one form per initiative measured in elements."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from indicators.models import InitiativeProgress
from initiatives.models import DistortionElement, ElementRecord, ElementUnit, Initiative
from madinati.numbers import NotANumber, format_number, parse_number
from madinati.text import NOTE_MAX_LENGTH
from programme.models import ReportingPeriod, Secretariat
from reporting.services.elements import NOT_TARGETED, TARGETED, TREATED, ElementEntry
from reporting.services.locks import row_lock_reason

STATE_CHOICES = [
    (NOT_TARGETED, gettext_lazy("Not targeted")),
    (TARGETED, gettext_lazy("Targeted, not yet treated")),
    (TREATED, gettext_lazy("Treated")),
]


class ElementsForm(forms.Form):
    """Per element: targeted or treated, a quantity with its unit, a note (fields ``e<id>-state`` …)."""

    def __init__(self, *args, elements: list[DistortionElement], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for e in elements:
            record = e.quarter_records[0] if e.quarter_records else None
            state = NOT_TARGETED if record is None else (TREATED if record.treated else TARGETED)
            self.fields[f"e{e.pk}-state"] = forms.ChoiceField(
                label=e.name, choices=STATE_CHOICES, required=False, initial=state
            )
            self.fields[f"e{e.pk}-quantity"] = forms.CharField(
                label=gettext_lazy("Quantity"),
                required=False,
                max_length=30,
                # Plain ASCII digits that read back (12.5): a Decimal initial is localised by the widget, and the
                # Arabic page wrote "12,5", which the next save refused as not a number.
                initial=format_number(record.quantity) if record else "",
            )
            self.fields[f"e{e.pk}-unit"] = forms.ChoiceField(
                label=gettext_lazy("Unit"),
                choices=[("", "—"), *ElementUnit.choices],
                required=False,
                initial=record.unit if record else e.unit,
            )
            self.fields[f"e{e.pk}-note"] = forms.CharField(
                label=gettext_lazy("Note"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                initial=record.note if record else "",
            )

    def clean(self):
        data = super().clean()
        for e in self.elements:
            name = f"e{e.pk}-quantity"
            raw = (data.get(name) or "").strip()
            try:
                data[name] = parse_number(raw) if raw else None
            except NotANumber as exc:
                self.add_error(name, str(exc))
        return data

    def entries(self) -> list[ElementEntry]:
        data = self.cleaned_data
        return [
            ElementEntry(
                element=e,
                state=data.get(f"e{e.pk}-state") or NOT_TARGETED,
                quantity=data.get(f"e{e.pk}-quantity"),
                unit=data.get(f"e{e.pk}-unit") or "",
                note=data.get(f"e{e.pk}-note") or "",
            )
            for e in self.elements
        ]

    def rows(self):
        """``(element, state, quantity, unit, note)`` bound fields, in the list's order."""
        for e in self.elements:
            yield e, *(self[f"e{e.pk}-{name}"] for name in ("state", "quantity", "unit", "note"))


@dataclass
class ElementSection:
    initiative: Initiative
    form: ElementsForm
    lock: str | None  # why the elements cannot be changed now; None when they can


def element_sections(
    *,
    secretariat: Secretariat,
    period: ReportingPeriod,
    progress: dict[int, InitiativeProgress],
    period_lock: str | None,
    data=None,
) -> list[ElementSection]:
    """One section per initiative with elements that the secretariat takes part in.

    One query when none has elements, two otherwise (the elements, the quarter's records).
    ``progress`` is the quarter's progress rows by initiative id (already read by the entry page).
    """
    elements = list(
        DistortionElement.objects.filter(initiative__participation__secretariat=secretariat)
        .select_related("initiative")
        .prefetch_related(
            Prefetch(
                "records",
                queryset=ElementRecord.objects.filter(secretariat=secretariat, period=period),
                to_attr="quarter_records",
            )
        )
        .order_by("initiative__code", "sort_order", "code")
    )
    by_initiative: dict[int, list[DistortionElement]] = {}
    for e in elements:
        by_initiative.setdefault(e.initiative_id, []).append(e)
    return [
        ElementSection(
            initiative=group[0].initiative,
            form=ElementsForm(data, elements=group, prefix=None),
            lock=period_lock or row_lock_reason(progress.get(initiative_id)),
        )
        for initiative_id, group in by_initiative.items()
    ]
