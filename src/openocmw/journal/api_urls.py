"""The journal's API routes, included under /api/v1/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("persons/<int:person_id>/journal", api.PersonJournal.as_view(), name="api_journal"),
]
