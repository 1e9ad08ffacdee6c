"""The register's API routes, included under /api/v1/register/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("requests", api.RegisterRequests.as_view(), name="api_register_requests"),
]
