from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="finance_home"),
    path("account/", views.payer_account, name="finance_payer"),
    path("runs/<int:run_id>/", views.run_detail, name="finance_run"),
    path("runs/<int:run_id>/approve/", views.run_approve, name="finance_run_approve"),
    path("runs/<int:run_id>/sepa.xml", views.run_sepa, name="finance_run_sepa"),
    path("persons/<int:person_id>/", views.person_finance, name="finance_person"),
    path("refunds/", views.refunds_page, name="finance_refunds"),
    path("annual-report.<str:fmt>", views.annual_report, name="finance_annual_report"),
]
