"""Registers (risks, support requests, ideas) and the printable review pack."""

urlpatterns = []
