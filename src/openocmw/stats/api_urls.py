"""The observatory's API routes, included under /api/v1/stats/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("observatory", api.Observatory.as_view(), name="api_stats_observatory"),
]
