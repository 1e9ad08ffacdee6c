from django.urls import path

from . import views

urlpatterns = [
    path("persons/", views.person_search, name="person_search"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/status/", views.status_add, name="status_add"),
    path("persons/<int:person_id>/household/", views.household_found, name="household_found"),
    path("households/<int:household_id>/", views.household_change, name="household_change"),
]
