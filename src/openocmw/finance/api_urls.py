"""The finance API routes, included under /api/v1/finance/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("medical/lookup", api.MedicalLookup.as_view(), name="api_finance_medical_lookup"),
    path("medical/invoice-lines", api.InvoiceLines.as_view(), name="api_finance_invoice_lines"),
    path("runs", api.Runs.as_view(), name="api_finance_runs"),
]
