from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("ocmw/", views.switch_ocmw, name="switch_ocmw"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/status/", views.status_add, name="status_add"),
    path("persons/<int:person_id>/household/", views.household_found, name="household_found"),
    path("households/<int:household_id>/", views.household_change, name="household_change"),
    path("audit/", views.audit_log, name="audit_log"),
]
