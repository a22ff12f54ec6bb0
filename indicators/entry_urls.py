"""Quarterly entry, review, history and spreadsheet import."""

urlpatterns = []
