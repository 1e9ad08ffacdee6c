from django.urls import path

from . import api

urlpatterns = [
    path("projects", api.projects, name="api_gpmi_projects"),
    path("projects/<int:gpmi_id>", api.project, name="api_gpmi_project"),
    path("projects/<int:gpmi_id>/versions", api.versions, name="api_gpmi_versions"),
    path("projects/<int:gpmi_id>/validate", api.validate, name="api_gpmi_validate"),
    path("projects/<int:gpmi_id>/evaluations", api.evaluations, name="api_gpmi_evaluations"),
    path("projects/<int:gpmi_id>/close", api.close, name="api_gpmi_close"),
    path("projects/<int:gpmi_id>/social-report", api.social_report, name="api_gpmi_social_report"),
    path("persons/<int:person_id>/requirement", api.requirement, name="api_gpmi_requirement"),
    path("persons/<int:person_id>/consents", api.consents, name="api_gpmi_consents"),
    path("statistics", api.stats, name="api_gpmi_statistics"),
]
