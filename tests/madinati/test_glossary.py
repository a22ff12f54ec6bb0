"""The Arabic catalogue speaks the glossary's words (docs/glossary.md).

Every row of the glossary's table names an English term, its one Arabic term, an optional
message context and words to avoid. A catalogue entry whose English text is the term (letter case
aside, same context) must carry the Arabic term; no Arabic string anywhere may use a word to avoid.
The fragments are the source of the catalogue, so they are held to the same rule and must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
FRAGMENTS = sorted((ROOT / "locale" / "fragments").glob("*.po"))


@dataclass(frozen=True)
class Term:
    concept: str
    english: str
    arabic: str
    context: str | None
    avoid: tuple[str, ...]


def glossary() -> list[Term]:
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("concept", "") or set(cells[0]) <= {"-"}:
            continue
        concept, english, arabic, context, avoid = cells
        words = tuple(word.strip() for word in avoid.split(";") if word.strip())
        terms.append(Term(concept, english, arabic, context or None, words))
    return terms


def arabic_strings(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def catalogues() -> list[tuple[str, list[polib.POEntry]]]:
    """Live entries only: a fuzzy guess of ``makemessages`` is never compiled, so it is nobody's wording."""
    return [
        (
            path.relative_to(ROOT).as_posix(),
            [e for e in polib.pofile(str(path)) if not e.obsolete and "fuzzy" not in e.flags],
        )
        for path in [CATALOGUE, *FRAGMENTS]
    ]


def test_the_glossary_has_its_rows():
    terms = glossary()
    english = {(t.english, t.context) for t in terms}
    assert len(terms) >= 40
    assert ("Off track", None) in english and ("At risk", "initiative status") in english


@pytest.mark.parametrize(
    "term", [t for t in glossary() if t.english != "(any)"], ids=lambda t: f"{t.english}|{t.context}"
)
def test_an_entry_for_a_term_uses_the_glossary_word(term: Term):
    wrong = [
        f"{name}: {entry.msgid!r} → {entry.msgstr!r}"
        for name, po in catalogues()
        for entry in po
        if entry.msgctxt == term.context
        and entry.msgid.casefold() == term.english.casefold()
        and entry.msgstr
        and entry.msgstr != term.arabic
    ]
    assert not wrong, f"the glossary says {term.english!r} is «{term.arabic}»:\n" + "\n".join(wrong)


def test_no_arabic_string_uses_a_word_to_avoid():
    avoid = {word: term for term in glossary() for word in term.avoid}
    wrong = [
        f"{name}: {entry.msgid!r} → {text!r} uses «{word}» (glossary: {avoid[word].english} = «{avoid[word].arabic}»)"
        for name, po in catalogues()
        for entry in po
        for text in arabic_strings(entry)
        for word in avoid
        if word in text
    ]
    assert not wrong, "\n".join(wrong)


def test_the_fragments_and_the_catalogue_agree():
    """``scripts/messages.py`` keeps a translation already in the catalogue: a fragment edited later must be copied."""
    catalogue = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(CATALOGUE))
        if not e.msgid_plural and "fuzzy" not in e.flags
    }
    wrong = [
        f"{path.name}: {entry.msgid!r} is «{entry.msgstr}» but the catalogue says «{catalogue[key]}»"
        for path in FRAGMENTS
        for entry in polib.pofile(str(path))
        if not entry.msgid_plural
        and entry.msgstr
        and (key := (entry.msgctxt, entry.msgid)) in catalogue
        and catalogue[key]
        and catalogue[key] != entry.msgstr
    ]
    assert not wrong, "\n".join(wrong)


def test_statuses_of_one_noun_share_its_gender():
    """Feminine statuses end in ة (an initiative, a figure, an idea); masculine ones (an indicator, a quarter) do not."""
    by_context: dict[str | None, list[Term]] = {}
    for term in glossary():
        if "status" in term.concept or "state" in term.concept:
            by_context.setdefault(term.concept, []).append(term)
    feminine = {"reported status of an initiative", "workflow state of a figure", "status of an idea"}
    for concept, terms in by_context.items():
        for term in terms:
            last = re.sub(r"[\u064b-\u0652]", "", term.arabic.split()[0])
            if concept in feminine and term.english not in ("On track", "Draft", "Under study"):
                assert last.endswith("ة"), (concept, term.arabic)
            if concept == "scoring status":
                assert not last.endswith("ة"), (concept, term.arabic)
