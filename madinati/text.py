"""User text as it may be stored: no NUL, no lone surrogate, no bidi control, a bounded length.

PostgreSQL refuses a NUL in text and no database can encode a lone surrogate (a JSON
``"\\ud800"``), so either would reach the database as a 500. The bidi controls
U+202A–U+202E and U+2066–U+2069 make a title or a reason display reversed (``U+202E``
turns "fdp.exe" into what reads as "exe.pdf"); they are stripped from what is stored, and
templates show user text inside ``<bdi>``. Nothing here knows a domain model.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from madinati.errors import Refused

# The longest text a user may store, by kind: checked in forms and the API (``max_length``) and in the database.
NOTE_MAX_LENGTH = 2000  # a note, a reason, a narrative
TEXT_MAX_LENGTH = 4000  # a description, a formula, a mitigation, a response, an action
MINUTES_MAX_LENGTH = 20000  # the minutes of one agenda item


def length_limits(prefix: str, **fields: int) -> list[models.CheckConstraint]:
    """One database check per free-text field, so that no path (a bulk write, a raw save) stores text over its limit.

    SQLite and PostgreSQL enforce no length on ``TextField``; ``max_length`` alone is checked only by forms and serializers.
    """
    return [
        models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=f"{prefix}_{field}_length")
        for field, limit in fields.items()
    ]


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    """Whether ``text`` holds a NUL or a lone surrogate, which no database column takes."""
    return bool(_UNSTORABLE.search(text))


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def user_text(raw, *, field: str, max_length: int, required: bool = False) -> str:
    """``raw`` trimmed and without bidi controls; :class:`Refused` on the ``field`` when it cannot be stored."""
    text = strip_bidi("" if raw is None else str(raw)).strip()
    if unstorable(text):
        raise Refused(_("This text holds a character that is not allowed (a NUL or a lone surrogate)."), field=field)
    if len(text) > max_length:
        raise Refused(_("At most %(max)d characters.") % {"max": max_length}, field=field)
    if required and not text:
        raise Refused(_("This field is required."), field=field)
    return text


def _strip_bidi_before_save(sender, instance, raw=False, **kwargs) -> None:
    """No bidi control reaches a text column of a guarded model, whichever form, service or admin page saved it."""
    if raw:  # loaddata: the fixture is stored as it is
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, strip_bidi(value))


def guard_user_text(*model_classes: type[models.Model]) -> None:
    """Strip bidi controls from these models' text on every save (called from the owning app's ``ready()``).

    Writes that bypass ``save()`` (``QuerySet.update``, ``bulk_create``) pass their text through :func:`user_text`.
    """
    for model in model_classes:
        pre_save.connect(_strip_bidi_before_save, sender=model, dispatch_uid=f"strip-bidi-{model._meta.label}")
