"""The finance part of the JSON API (/api/v1/finance/...).

The medical-aid look-up and invoice lines are for the care provider role (a hospital), which
sees nothing else: no name, no address, only whether care on a date is covered and how.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from openocmw.accounts.tenancy import require
from openocmw.api.framework import (
    ApiView,
    DayField,
    StrictSerializer,
    TextField,
    WholeNumberField,
    django_validation_errors,
    error,
)
from openocmw.registry.api import refusals

from .models import MedicalDecision, RunState
from .services import medical, runs

TAG = ["finance"]


class LookupQuery(StrictSerializer):
    insz = serializers.RegexField(r"^\d{11}$", help_text="The patient's INSZ, 11 digits")
    date = DayField(help_text="The date of care")


class MedicalVersion(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    basis = serializers.CharField()
    coverage = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    patient_contribution_covered = serializers.BooleanField()
    supplements_covered = serializers.BooleanField()
    conditions = serializers.CharField()


class LookupOut(serializers.Serializer):
    covered = serializers.BooleanField()
    decision = MedicalVersion(allow_null=True)


class Money(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^\d{1,9}(\.\d{1,2})?$", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class InvoiceLineIn(StrictSerializer):
    decision_id = WholeNumberField()
    care_date = DayField()
    description = TextField(max_length=200)
    amount = Money(help_text='Euro as a string, e.g. "125.40"')
    state_part = Money()
    ocmw_part = Money()
    patient_part = Money()


class InvoiceLineOut(serializers.Serializer):
    id = serializers.IntegerField()
    decision_id = serializers.IntegerField()
    care_date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=11, decimal_places=2, coerce_to_string=True)
    state_part = serializers.DecimalField(max_digits=11, decimal_places=2, coerce_to_string=True)
    ocmw_part = serializers.DecimalField(max_digits=11, decimal_places=2, coerce_to_string=True)
    patient_part = serializers.DecimalField(max_digits=11, decimal_places=2, coerce_to_string=True)


class PaymentRunOut(serializers.Serializer):
    id = serializers.IntegerField()
    month = serializers.DateField()
    state = serializers.CharField()
    lines = serializers.IntegerField()
    held = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    sepa_sha256 = serializers.CharField()


class PaymentRunList(serializers.Serializer):
    results = PaymentRunOut(many=True)


def _query(view, serializer_class) -> dict:
    return view.valid(
        serializer_class, {k: view.request.query_params.get(k) for k in view.request.GET}
    )


class MedicalLookup(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Care provider: is care on a date covered for this INSZ, and how",
        parameters=[LookupQuery],
        responses={200: LookupOut} | refusals(400, 401, 403),
    )
    def get(self, request):
        require(self.actor, "medical.lookup")
        q = _query(self, LookupQuery)
        found = medical.lookup(self.actor, q["insz"], q["date"])
        return self.answer(LookupOut({"covered": found.covered, "decision": found.decision}).data)


class InvoiceLines(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Care provider: record an invoice line split between State, OCMW and patient",
        request=InvoiceLineIn,
        responses={201: InvoiceLineOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request):
        require(self.actor, "medical.lookup")
        data = self.valid(InvoiceLineIn)
        decision = MedicalDecision.objects.filter(
            pk=data.pop("decision_id"), ocmw_id=self.actor.ocmw_id
        ).first()
        if decision is None:
            raise error(404, _("No such decision."), field="decision_id", code="not_found")
        try:
            line = medical.record_line(self.actor, decision, **data)
        except ValidationError as exc:
            raise django_validation_errors(exc) from None
        return self.answer(InvoiceLineOut(line).data, 201)


class Runs(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The OCMW's payment runs",
        responses={200: PaymentRunList} | refusals(401, 403),
    )
    def get(self, request):
        rows = runs.runs_for(self.actor).exclude(state=RunState.FAILED)[:120]
        return self.answer(PaymentRunList({"results": rows}).data)
