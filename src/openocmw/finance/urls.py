from django.urls import path

from . import casefile_views, person_views, subsidy_views, views

urlpatterns = [
    path("", views.home, name="finance_home"),
    path("account/", views.payer_account, name="finance_payer"),
    path("runs/<int:run_id>/", views.run_detail, name="finance_run"),
    path("runs/<int:run_id>/approve/", views.run_approve, name="finance_run_approve"),
    path("runs/<int:run_id>/sepa.xml", views.run_sepa, name="finance_run_sepa"),
    path("persons/<int:person_id>/", views.person_finance, name="finance_person"),
    path(
        "persons/<int:person_id>/suspensions/",
        person_views.add_suspension,
        name="finance_suspension_add",
    ),
    path("persons/<int:person_id>/claims/", person_views.open_claim, name="finance_claim_open"),
    path(
        "persons/<int:person_id>/claims/<int:claim_id>/repay/",
        person_views.repay_claim,
        name="finance_claim_repay",
    ),
    path("persons/<int:person_id>/exemption/", person_views.record_spi_use, name="finance_spi_use"),
    path("persons/<int:person_id>/art60/", casefile_views.add_art60, name="finance_art60_add"),
    path(
        "persons/<int:person_id>/art60/<int:contract_id>/outcome/",
        casefile_views.art60_outcome,
        name="finance_art60_outcome",
    ),
    path("persons/<int:person_id>/law65/", casefile_views.add_law65, name="finance_law65_add"),
    path(
        "persons/<int:person_id>/medical/", casefile_views.add_medical, name="finance_medical_add"
    ),
    path("art60/", casefile_views.caseload_page, name="finance_caseload"),
    path("law65/", casefile_views.law65_list, name="finance_law65"),
    path("law65.csv", casefile_views.law65_export, name="finance_law65_csv"),
    path("medical/invoice-line/", casefile_views.invoice_line_page, name="finance_invoice_line"),
    path("subsidies/", subsidy_views.subsidies_page, name="finance_subsidies"),
    path(
        "subsidies/documents/<int:line_id>/",
        subsidy_views.subsidy_document,
        name="finance_subsidy_document",
    ),
    path("refunds/", views.refunds_page, name="finance_refunds"),
    path("annual-report.<str:fmt>", views.annual_report, name="finance_annual_report"),
]
