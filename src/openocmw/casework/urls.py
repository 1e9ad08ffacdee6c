from django.urls import path

from . import register_views, views
from .views import council as council_views
from .views import intake as online_views

urlpatterns = [
    path("leefloon/", views.calculator_page, name="calculator"),
    path("cases/", views.dashboard, name="case_dashboard"),
    path("cases/queue/<slug:queue>/", views.queue_page, name="case_queue"),
    path("cases/team/", views.team_page, name="case_team"),
    path("cases/online/", online_views.online_queue, name="online_queue"),
    path("cases/online/<int:online_id>/", online_views.online_detail, name="online_detail"),
    path(
        "cases/online/<int:online_id>/documents/<int:document_id>/",
        online_views.online_document,
        name="online_document",
    ),
    path("persons/<int:person_id>/requests/new/", views.request_new, name="request_new"),
    path("cases/<int:request_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:request_id>/acknowledgement.pdf", views.acknowledgement_pdf, name="case_ack"),
    path("cases/<int:request_id>/items/<int:item_id>/", views.item_update, name="item_update"),
    path(
        "cases/<int:request_id>/items/<int:item_id>/evidence/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "cases/<int:request_id>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("cases/<int:request_id>/visits/", views.home_visit, name="home_visit"),
    path("cases/<int:request_id>/incomes/", views.resource_add, name="resource_add"),
    path(
        "cases/<int:request_id>/incomes/<int:resource_id>/remove/",
        views.resource_remove,
        name="resource_remove",
    ),
    path("cases/<int:request_id>/checklist/", views.checklist_save, name="checklist_save"),
    path("cases/<int:request_id>/assign/", views.request_assign, name="request_assign"),
    path("cases/<int:request_id>/letters/", views.letter_new, name="letter_new"),
    path("cases/<int:request_id>/letters/<int:letter_id>.pdf", views.letter_pdf, name="letter_pdf"),
    path("cases/<int:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("cases/<int:request_id>/proposal/", views.proposal_edit, name="proposal_edit"),
    path(
        "cases/<int:request_id>/proposals/<int:proposal_id>/submit/",
        views.proposal_submit,
        name="proposal_submit",
    ),
    path(
        "cases/<int:request_id>/proposals/<int:proposal_id>/review/",
        views.proposal_review,
        name="proposal_review",
    ),
    path("council/", council_views.meetings, name="meetings"),
    path("council/<int:meeting_id>/", council_views.meeting_detail, name="meeting_detail"),
    path(
        "council/<int:meeting_id>/schedule/",
        council_views.meeting_schedule,
        name="meeting_schedule",
    ),
    path(
        "council/<int:meeting_id>/items/<int:item_id>/",
        council_views.meeting_decide,
        name="meeting_decide",
    ),
    path(
        "council/<int:meeting_id>/attendance/",
        council_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "council/<int:meeting_id>/items/<int:item_id>/off/",
        council_views.meeting_unschedule,
        name="meeting_unschedule",
    ),
    path(
        "council/<int:meeting_id>/items/<int:item_id>/move/",
        council_views.meeting_move,
        name="meeting_move",
    ),
    path("council/<int:meeting_id>/close/", council_views.meeting_close, name="meeting_close"),
    path(
        "council/<int:meeting_id>/minutes.pdf",
        council_views.meeting_minutes,
        name="meeting_minutes",
    ),
    path("decisions/<int:decision_id>/notify/", views.decision_notify, name="decision_notify"),
    path("decisions/<int:decision_id>/letter.pdf", views.decision_letter, name="decision_letter"),
    path("register/", views.register_page, name="register"),
    path("register/requests/", register_views.register_list_page, name="register_list"),
]
