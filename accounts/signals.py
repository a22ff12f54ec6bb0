"""Signals accounts sends for the apps above it (the audit trail) to hear, without importing them."""

from django.dispatch import Signal

#: An API token authenticated a request for the first time; arguments: ``token``, ``request``.
token_first_used = Signal()
