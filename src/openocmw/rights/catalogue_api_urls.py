"""The rights catalogue's API routes, included under /api/v1/ by openocmw.api.urls."""

from django.urls import path

from . import catalogue_api as api

urlpatterns = [
    path("rights/catalogue", api.Catalogue.as_view(), name="api_rights_catalogue"),
    path("rights/catalogue/<str:code>", api.CatalogueRight.as_view(), name="api_rights_right"),
    path("rights/local-rights", api.LocalRights.as_view(), name="api_rights_local"),
    path(
        "persons/<int:person_id>/missing-rights",
        api.PersonMissingRights.as_view(),
        name="api_person_missing_rights",
    ),
]
