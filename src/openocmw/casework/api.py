"""The register's list in the JSON API: GET /api/v1/register/requests (issue 10 §7).

The same list as the page ``/register/requests/`` (``register_list``): every request received
in the period with its latest decision, filtered by kind of aid, status and worker, for the
team lead and the council member of the OCMW; scoped and audited like the page, bad filters
named by their field in the user's language.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from openocmw.accounts.tenancy import require
from openocmw.api.framework import ApiView, Choice, DayField, StrictSerializer, error
from openocmw.registry.api import refusals

from . import register_list
from .models import AidKind, RequestState

TAG = ["register"]


class RegisterQuery(StrictSerializer):
    start = DayField(required=False, help_text="First day of the period (default: 1 January)")
    end = DayField(required=False, help_text="Last day of the period (default: today)")
    kind = Choice(choices=AidKind.choices, required=False)
    state = Choice(choices=RequestState.choices, required=False)
    worker = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="The assigned worker's id"
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10**9, default=0)

    def get_fields(self):
        # ``from`` and ``until`` as on the page (``from`` is a Python keyword).
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        fields["until"] = fields.pop("end")
        return fields


class DecisionSummary(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    decided_on = serializers.DateField()
    kind = serializers.CharField()
    monthly_amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    refusal_reason = serializers.CharField()
    notified_on = serializers.DateField(allow_null=True)


class RegisterRow(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    person_id = serializers.IntegerField()
    person = serializers.CharField(source="person.full_name")
    insz = serializers.CharField(source="person.insz")
    kind = serializers.CharField()
    channel = serializers.CharField()
    state = serializers.CharField()
    worker_id = serializers.IntegerField(source="assigned_to_id", allow_null=True)
    decision_due = serializers.DateField()
    decision = serializers.SerializerMethodField()

    @extend_schema_field(DecisionSummary(allow_null=True))
    def get_decision(self, r) -> dict | None:
        decisions = getattr(r, "decision_list", None) or []
        return DecisionSummary(decisions[-1]).data if decisions else None


class RegisterList(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField(help_text="Requests matching the filters")
    offset = serializers.IntegerField()
    results = RegisterRow(many=True)


class RegisterRequests(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The register: individual requests and their decisions",
        operation_id="register_requests_list",
        parameters=[RegisterQuery],
        responses={200: RegisterList} | refusals(400, 401, 403),
    )
    def get(self, request):
        actor = self.actor
        require(actor, "case.register")
        require(actor, "case.view")
        q = self.valid(RegisterQuery, {k: request.query_params.get(k) for k in request.GET})
        today = timezone.localdate()
        start, end = q.get("from") or today.replace(month=1, day=1), q.get("until") or today
        if end < start:
            raise error(400, _("The end date lies before the start date."), field="until")
        f = register_list.RegisterFilters(
            start=start, end=end, kind=q.get("kind", ""), state=q.get("state", "")
        )
        if q.get("worker") is not None:
            if q["worker"] not in {u.pk for u in register_list.workers(actor)}:
                raise error(400, _("Worker: choose one of the list."), field="worker")
            f.worker = q["worker"]
        qs = register_list.requests(actor, f)
        count = qs.count()
        rows = list(qs[q["offset"] : q["offset"] + q["limit"]])
        register_list.record(actor, f, count, None)
        return self.answer(
            RegisterList(
                {"start": start, "end": end, "count": count, "offset": q["offset"], "results": rows}
            ).data
        )
