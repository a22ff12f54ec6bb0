"""The workflow's refusals: each names the rule that refused, all are :class:`madinati.errors.Refused`.

Pages show them with ``madinati.errors.show_refusal`` and the API with
``api.errors.exception_handler``, so a refusal reads the same everywhere.
"""

from __future__ import annotations

from madinati.errors import Refused


class NotAllowed(Refused):
    """The user may not write this secretariat's figures, or review any (HTTP 403)."""

    forbidden = True


class PeriodLocked(Refused):
    """The period is not open for this secretariat."""


class RowLocked(Refused):
    """The row is submitted or approved, not in the state the action needs, or its content breaks a rule."""


class StaleVersion(Refused):
    """Someone saved the row after the user read it; ``current`` is the newer row (``None``: it was deleted)."""

    def __init__(self, message: str, *, current):
        super().__init__(message)
        self.current = current


class EntryRefused(Refused):
    """Some rows of one entry form were refused; nothing was written.

    ``errors`` maps ``("value", indicator_id)`` or ``("progress", initiative_id)``
    to the refusal of that row. Forbidden when one of them is.
    """

    def __init__(self, errors: dict[tuple[str, int], Refused]):
        super().__init__(
            "; ".join(e.message for e in errors.values()), forbidden=any(e.forbidden for e in errors.values())
        )
        self.errors = errors
