"""Signals accounts sends for the apps above it (the audit trail) to hear, without importing them."""

from django.dispatch import Signal

#: An API token authenticated a request for the first time; arguments: ``token``, ``request``.
token_first_used = Signal()

#: A user's authenticator was confirmed (at the first sign-in, or by ``create_user --totp``);
#: arguments: ``user``, ``request`` (None outside a request), ``via``.
mfa_enrolled = Signal()

#: A one-time code was refused at sign-in; arguments: ``user``, ``request``, ``locked`` (this refusal locked the account).
mfa_code_refused = Signal()

#: A user's two-factor devices were removed, so they enrol again; arguments: ``user``, ``request`` (None from a
#: command), ``devices`` (how many went), ``via``.
mfa_devices_removed = Signal()
