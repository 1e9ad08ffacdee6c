"""The GPMI API routes, included under /api/v1/gpmi/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("projects", api.Projects.as_view(), name="api_gpmi_projects"),
    path("projects/<int:gpmi_id>", api.Project.as_view(), name="api_gpmi_project"),
    path("projects/<int:gpmi_id>/versions", api.Versions.as_view(), name="api_gpmi_versions"),
    path("projects/<int:gpmi_id>/validate", api.Validate.as_view(), name="api_gpmi_validate"),
    path(
        "projects/<int:gpmi_id>/evaluations",
        api.Evaluations.as_view(),
        name="api_gpmi_evaluations",
    ),
    path("projects/<int:gpmi_id>/close", api.Close.as_view(), name="api_gpmi_close"),
    path(
        "projects/<int:gpmi_id>/social-report",
        api.SocialReport.as_view(),
        name="api_gpmi_social_report",
    ),
    path(
        "persons/<int:person_id>/requirement",
        api.PersonRequirement.as_view(),
        name="api_gpmi_requirement",
    ),
    path(
        "persons/<int:person_id>/consents", api.PersonConsents.as_view(), name="api_gpmi_consents"
    ),
    path("statistics", api.GpmiStatistics.as_view(), name="api_gpmi_statistics"),
]
