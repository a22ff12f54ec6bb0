"""Quarters and quantities as a ministry reader reads them (docs/glossary.md, Quarters and Quantities)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from madinati.bilingual import counted, quarter_label, quarter_state


@pytest.mark.parametrize(
    ("language", "key", "label"),
    [
        ("ar", "2018-Q1", "الربع الأول 2018"),
        ("ar", "2017-Q4", "الربع الرابع 2017"),
        ("en", "2018-Q1", "Q1 2018"),
        ("en", "2018-Q3", "Q3 2018"),
    ],
)
def test_a_quarter_reads_as_words(language, key, label):
    with translation.override(language):
        assert quarter_label(key) == label
        assert quarter_label(SimpleNamespace(year=int(key[:4]), quarter=int(key[-1]))) == label


def test_a_malformed_key_is_shown_as_it_came():
    assert quarter_label("2018-Q9") == "2018-Q9"
    assert quarter_label(None) == ""


def test_a_future_quarter_is_not_yet_open_never_closed():
    q3 = SimpleNamespace(year=2018, quarter=3, opens_on=datetime.date(2018, 7, 1))
    before, after = datetime.date(2018, 5, 1), datetime.date(2018, 12, 1)
    with translation.override("ar"):
        assert quarter_state(q3, locked=True, today=before) == "لم يُفتح بعد"
        assert quarter_state(q3, locked=True, today=after) == "مغلق"
        assert quarter_state(q3, locked=False, today=after) == "مفتوح"
    with translation.override("en"):
        assert quarter_state(q3, locked=True, today=before) == "not yet open"


def test_the_filter_keeps_the_key_for_machines():
    template = Template('{% load wording %}<option value="{{ p.key }}">{{ p|quarter }}</option>')
    period = SimpleNamespace(year=2018, quarter=1, key="2018-Q1")
    with translation.override("ar"):
        assert template.render(Context({"p": period})) == '<option value="2018-Q1">الربع الأول 2018</option>'


@pytest.mark.parametrize(
    ("number", "unit", "arabic", "english"),
    [
        (15, "element", "15 عنصراً", "15 elements"),
        (Decimal("15.0000"), "element", "15 عنصراً", "15 elements"),
        (1, "element", "عنصر واحد", "1 element"),
        (2, "element", "عنصران", "2 elements"),
        (8, "park", "8 حدائق", "8 parks"),
        (3, "day", "3 أيام", "3 days"),
        (100, "day", "100 يوم", "100 days"),
        (7, "days cut", "7 أيام مختصرة", "7 days cut"),
    ],
)
def test_a_quantity_agrees_with_its_unit(number, unit, arabic, english):
    with translation.override("ar"):
        assert counted(number, unit) == arabic
    with translation.override("en"):
        assert counted(number, unit) == english


def test_a_fraction_keeps_its_decimals():
    with translation.override("ar"):
        assert counted(Decimal("7.5000"), "day", "يوم") == "7.5 يوم"
