"""The rights app's API routes, included under /api/v1/rights/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("runs", api.Runs.as_view(), name="api_rights_runs"),
    path("runs/<int:run_id>", api.RunDetail.as_view(), name="api_rights_run"),
    path("runs/<int:run_id>/worklist", api.Worklist.as_view(), name="api_rights_worklist"),
    path("entries/<int:entry_id>", api.EntryView.as_view(), name="api_rights_entry"),
    path("entries/<int:entry_id>/outcomes", api.Outcomes.as_view(), name="api_rights_outcomes"),
    path("entries/<int:entry_id>/apply", api.Apply.as_view(), name="api_rights_apply"),
]
