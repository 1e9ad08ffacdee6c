from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="gpmi_home"),
    path("worklist/", views.worklist, name="gpmi_worklist"),
    path("statistics/", views.statistics_page, name="gpmi_statistics"),
    path("statistics.<str:fmt>", views.statistics_export, name="gpmi_statistics_export"),
    path("staff-time/", views.staff_time, name="gpmi_staff_time"),
    path("persons/<int:person_id>/", views.person_gpmi, name="gpmi_person"),
    path("persons/<int:person_id>/new/", views.gpmi_new, name="gpmi_new"),
    path("persons/<int:person_id>/leefloon/", views.leefloon_add, name="gpmi_leefloon_add"),
    path("persons/<int:person_id>/exemption/", views.exemption_add, name="gpmi_exemption_add"),
    path("persons/<int:person_id>/consent/", views.consent_add, name="gpmi_consent_add"),
    path("<int:gpmi_id>/", views.gpmi_detail, name="gpmi_detail"),
    path("<int:gpmi_id>/revise/", views.gpmi_revise, name="gpmi_revise"),
    path("<int:gpmi_id>/validate/", views.gpmi_validate, name="gpmi_validate"),
    path("<int:gpmi_id>/evaluations/", views.gpmi_evaluate, name="gpmi_evaluate"),
    path("<int:gpmi_id>/close/", views.gpmi_close, name="gpmi_close"),
    path("<int:gpmi_id>/balance/", views.balance, name="gpmi_balance"),
    path("<int:gpmi_id>/breaches/", views.breach_add, name="gpmi_breach_add"),
    path(
        "<int:gpmi_id>/breaches/<int:breach_id>/hearing/",
        views.hearing_add,
        name="gpmi_hearing_add",
    ),
    path(
        "<int:gpmi_id>/breaches/<int:breach_id>/sanction/",
        views.sanction_add,
        name="gpmi_sanction_add",
    ),
    path("<int:gpmi_id>/versions/<int:number>.pdf", views.version_pdf, name="gpmi_version_pdf"),
    path("<int:gpmi_id>/social-report/", views.social_report, name="gpmi_social_report"),
]
