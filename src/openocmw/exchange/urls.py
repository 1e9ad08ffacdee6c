from django.urls import path

from . import views

urlpatterns = [
    path("", views.ebox_page, name="exchange_ebox"),
    path("warnings/<int:warning_id>/", views.warning_detail, name="exchange_warning"),
    path("persons/<int:person_id>/consult/", views.consult_page, name="exchange_consult"),
    path(
        "persons/<int:person_id>/social-report/",
        views.social_report_page,
        name="exchange_social_report",
    ),  # fmt: skip
    path(
        "social-reports/<int:report_id>/gpmi.pdf",
        views.social_report_pdf,
        name="exchange_social_report_pdf",
    ),  # fmt: skip
    path("requests/<int:request_id>/flows/", views.prefill_page, name="exchange_prefill"),
    path(
        "requests/<int:request_id>/calculator/",
        views.calculator_with_flows,
        name="exchange_calculator",
    ),  # fmt: skip
    path("changes/", views.mutations_page, name="exchange_mutations"),
    path("changes/<int:mutation_id>/", views.mutation_decide, name="exchange_mutation_decide"),
    path("inspection/", views.inspection_page, name="exchange_inspection"),
]
