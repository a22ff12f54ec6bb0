"""Quarterly entry, review, history and spreadsheet import."""

from django.urls import path

from reporting.views import elements, entry, history, imports, plans, review

urlpatterns = [
    path("entry/", entry.entry, name="entry"),
    path("entry/import/", imports.entry_import, name="entry-import"),
    path("entry/elements/", elements.elements_entry, name="entry-elements"),
    path("plans/import/", plans.plan_import, name="plan-import"),
    path("review/", review.review, name="review"),
    path("history/value/<int:pk>/", history.value_history, name="value-history"),
    path("history/progress/<int:pk>/", history.progress_history, name="progress-history"),
]
