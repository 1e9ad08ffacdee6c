"""The registry's API routes, included under /api/v1/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("persons", api.Persons.as_view(), name="api_persons"),
    path("persons/<int:person_id>", api.PersonDetail.as_view(), name="api_person"),
    path(
        "persons/<int:person_id>/residence-statuses",
        api.PersonStatuses.as_view(),
        name="api_person_statuses",
    ),
    path("households", api.Households.as_view(), name="api_households"),
    path("households/<int:household_id>", api.HouseholdDetail.as_view(), name="api_household"),
    path(
        "households/<int:household_id>/changes",
        api.HouseholdChanges.as_view(),
        name="api_household_changes",
    ),
    path("residence-statuses", api.ResidenceStatuses.as_view(), name="api_residence_statuses"),
]
