from django.urls import path

from . import views
from .leefloon import calculate_view
from .openapi import openapi_json

urlpatterns = [
    path("openapi.json", openapi_json, name="openapi"),
    path("persons", views.persons, name="api_persons"),
    path("persons/<int:person_id>", views.person_detail, name="api_person"),
    path(
        "persons/<int:person_id>/residence-statuses",
        views.person_statuses,
        name="api_person_statuses",
    ),
    path("households", views.households, name="api_households"),
    path("households/<int:household_id>", views.household_detail, name="api_household"),
    path(
        "households/<int:household_id>/changes",
        views.household_changes,
        name="api_household_changes",
    ),
    path("leefloon/calculate", calculate_view, name="api_leefloon"),
    path("residence-statuses", views.residence_statuses, name="api_residence_statuses"),
]
