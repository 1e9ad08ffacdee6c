"""Pages of the rights catalogue and the hinge moments (included by config/urls.py)."""

from django.urls import path

from . import catalogue_views as views
from . import intake_views

urlpatterns = [
    path("rights/catalogue/", views.catalogue, name="rights_catalogue"),
    path(
        "rights/catalogue/export.json", views.export, {"fmt": "json"}, name="rights_catalogue_json"
    ),
    path("rights/catalogue/export.csv", views.export, {"fmt": "csv"}, name="rights_catalogue_csv"),
    path("rights/catalogue/local/new/", views.local_right, name="rights_local_new"),
    path("rights/catalogue/local/<slug:code>/", views.local_right, name="rights_local_edit"),
    path("rights/hinges/", views.hinge_list, name="rights_hinges"),
    path(
        "persons/<int:person_id>/rights-panel/",
        intake_views.intake_panel,
        name="rights_intake_panel",
    ),
]
