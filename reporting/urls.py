"""Quarterly entry, review, history and spreadsheet import."""

from django.urls import path

from reporting import views as entry_views

urlpatterns = [
    path("entry/", entry_views.entry, name="entry"),
    path("entry/import/", entry_views.entry_import, name="entry-import"),
    path("review/", entry_views.review, name="review"),
    path("history/value/<int:pk>/", entry_views.value_history, name="value-history"),
    path("history/progress/<int:pk>/", entry_views.progress_history, name="progress-history"),
]
