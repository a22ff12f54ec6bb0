"""Registers (risks, support requests, ideas)."""

from django.urls import path

from registers import views

urlpatterns = [
    path("risks/", views.risk_list, name="risk-list"),
    path("risks/new/", views.risk_create, name="risk-create"),
    path("risks/merge/", views.risk_merge, name="risk-merge"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/unmerge/", views.risk_unmerge, name="risk-unmerge"),
    path("support-requests/", views.support_request_list, name="support-request-list"),
    path("support-requests/new/", views.support_request_create, name="support-request-create"),
    path("support-requests/<int:pk>/", views.support_request_detail, name="support-request-detail"),
    path("support-requests/<int:pk>/edit/", views.support_request_edit, name="support-request-edit"),
    path("ideas/", views.idea_list, name="idea-list"),
    path("ideas/new/", views.idea_create, name="idea-create"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea-detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea-edit"),
]
