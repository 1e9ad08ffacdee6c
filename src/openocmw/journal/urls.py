from django.urls import path

from . import views

urlpatterns = [
    path("persons/<int:person_id>/journal/", views.journal, name="journal"),
    path("persons/<int:person_id>/documents/", views.documents, name="documents"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    path(
        "persons/<int:person_id>/appointments/<int:appointment_id>/",
        views.appointment_edit,
        name="appointment_edit",
    ),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("calendar/", views.calendar, name="calendar"),
]
