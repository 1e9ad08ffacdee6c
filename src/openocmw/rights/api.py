"""The rights part of the JSON API (/api/v1/rights/...): screening runs (list, start as a job,
one run's counts), worklists of a run and right, one entry, its outcomes (list, record) and
"apply". The services check the facts, scope every query to the OCMW and audit every read
and change; bad input is a 400 naming the field and changes nothing."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from openocmw.api.framework import (
    ApiView,
    Choice,
    DayField,
    ErrorsSerializer,
    StrictSerializer,
    TextField,
    error,
)

from . import services
from .forms import RECORDABLE_OUTCOMES
from .models import EntryKind

TAG = ["rights"]


def refusals(*codes: int) -> dict:
    text = {
        400: "Bad input: every error names its field; nothing was changed.",
        401: "Not logged in, or an invalid token.",
        403: "The role does not allow this.",
        404: "Not found in the user's OCMW (the attempt is audited).",
    }
    return {c: OpenApiResponse(ErrorsSerializer, description=text[c]) for c in codes}


# --- shapes --------------------------------------------------------------------------------


class RunOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    on = serializers.DateField()
    purpose = serializers.CharField()
    state = serializers.CharField()
    rights = serializers.ListField(child=serializers.CharField())
    persons = serializers.IntegerField()
    households = serializers.IntegerField()
    counts = serializers.DictField(
        help_text="Per right: eligible, eligible_complete, receiving, eligible_not_receiving, "
        "review, listed, non_take_up (eligible_not_receiving / eligible, null if none eligible)"
    )
    rules_version = serializers.CharField()
    job = serializers.IntegerField(source="job_id", allow_null=True)
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class RunList(serializers.Serializer):
    results = RunOut(many=True)


class ScreeningInput(StrictSerializer):
    on = DayField(help_text="The date of the situation screened")
    purpose = TextField(max_length=200)
    rights = serializers.ListField(
        child=serializers.CharField(max_length=63), required=False,
        help_text="Right codes (national, or the OCMW's local rights); absent or empty: every "
        "encoded right and every local right with conditions",
    )  # fmt: skip


class JobOut(serializers.Serializer):
    job = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    progress = serializers.CharField(help_text="Path of the job's progress page")


class OutcomeOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    outcome = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField()
    aid_request = serializers.IntegerField(source="aid_request_id", allow_null=True)
    recorded_at = serializers.DateTimeField()


class EntryOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    run = serializers.IntegerField(source="run_id")
    right = serializers.CharField()
    kind = serializers.CharField(help_text="missing: appears eligible, does not receive it; "
                                 "review: receives it, no longer appears eligible")  # fmt: skip
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.SerializerMethodField()
    reason_nl = serializers.CharField()
    reason_fr = serializers.CharField()
    reason_de = serializers.CharField(help_text="German; empty for an entry written before 2026-12")
    complete = serializers.BooleanField(help_text="All facts known")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Missing facts")
    parameters_verified = serializers.BooleanField()
    suggested_action = serializers.SerializerMethodField()
    worker = serializers.IntegerField(source="assigned_to_id", allow_null=True)

    def get_person_name(self, e) -> str:
        return f"{e.person.first_name} {e.person.last_name}"

    def get_suggested_action(self, e) -> str:
        return services.suggested_action(e)


class EntryDetail(EntryOut):
    outcomes = serializers.SerializerMethodField()

    def get_outcomes(self, e) -> list:
        return OutcomeOut(e.outcomes.order_by("on", "pk"), many=True).data


class EntryList(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    results = EntryOut(many=True)


class WorklistQuery(StrictSerializer):
    right = serializers.CharField(max_length=63, help_text="The right's code (national or local)")
    kind = Choice(choices=EntryKind.values, required=False, default=EntryKind.MISSING)
    mine = Choice(choices=["0", "1"], required=False, default="0")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10**9, default=0)


class OutcomeInput(StrictSerializer):
    outcome = Choice(choices=[c for c, _label in RECORDABLE_OUTCOMES])
    on = DayField()
    note = TextField(required=False, allow_blank=True, max_length=10_000)


class ApplyInput(StrictSerializer):
    received_on = DayField(help_text="The date of the request: the 30-day term starts on it")


class ApplyOut(serializers.Serializer):
    aid_request = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    decision_due = serializers.DateField()


# --- lookups -------------------------------------------------------------------------------


def _run(actor, run_id):
    try:
        return services.get_run(actor, run_id)
    except (ObjectDoesNotExist, ValueError):
        raise error(404, _("No such screening in your OCMW."), code="not_found") from None


def _entry(actor, entry_id):
    try:
        return services.get_entry(actor, entry_id)
    except ObjectDoesNotExist:
        raise error(404, _("No such entry in your OCMW."), code="not_found") from None


# --- endpoints -----------------------------------------------------------------------------


class Runs(ApiView):
    @extend_schema(tags=TAG, summary="The OCMW's screening runs (counts only)",
                   operation_id="rights_runs_list",
                   responses={200: RunList} | refusals(401, 403))  # fmt: skip
    def get(self, request):
        runs = list(services.runs(self.actor)[:100])
        return self.answer(RunList({"results": runs}).data)

    @extend_schema(tags=TAG, summary="Start a screening (a background job; team lead)",
                   request=ScreeningInput, responses={202: JobOut} | refusals(400, 401, 403))  # fmt: skip
    def post(self, request):
        data = self.valid(ScreeningInput)
        known = services.screenable(self.actor.ocmw, data["on"])
        for index, code in enumerate(data.get("rights") or []):
            if code not in known:
                raise error(400, _("Unknown right: %(code)s") % {"code": code}, f"rights.{index}")
        job = services.start_screening(
            self.actor, data["on"], purpose=data["purpose"], rights=data.get("rights") or None
        )
        return self.answer(
            {"job": job.pk, "status": job.status, "progress": f"/jobs/{job.pk}/"}, 202
        )


class RunDetail(ApiView):
    @extend_schema(tags=TAG, summary="One screening run with its counts per right",
                   responses={200: RunOut} | refusals(401, 403, 404))  # fmt: skip
    def get(self, request, run_id: int):
        return self.answer(RunOut(_run(self.actor, run_id)).data)


class Worklist(ApiView):
    @extend_schema(tags=TAG, summary="The worklist of a right in a run (every entry is audited)",
                   parameters=[WorklistQuery],
                   responses={200: EntryList} | refusals(400, 401, 403, 404))  # fmt: skip
    def get(self, request, run_id: int):
        actor = self.actor
        query = self.valid(WorklistQuery, {k: request.query_params.get(k) for k in request.GET})
        right = query["right"]
        run = _run(actor, run_id)
        if right not in run.rights:
            raise error(404, _("This right was not screened in that run."), code="not_found")
        qs = services.entries(
            actor, run, right=right, kind=query["kind"],
            worker=actor.user if query["mine"] == "1" else None,
        )  # fmt: skip
        offset, limit = query["offset"], query["limit"]
        rows = list(qs[offset : offset + limit])
        services.shown(actor, rows, purpose="rights worklist")
        return self.answer(EntryList({"count": qs.count(), "offset": offset, "results": rows}).data)


class EntryView(ApiView):
    @extend_schema(tags=TAG, summary="One entry with its outcomes",
                   responses={200: EntryDetail} | refusals(401, 403, 404))  # fmt: skip
    def get(self, request, entry_id: int):
        return self.answer(EntryDetail(_entry(self.actor, entry_id)).data)


class Outcomes(ApiView):
    @extend_schema(tags=TAG, summary="Record the outcome of an entry (a new dated row)",
                   request=OutcomeInput, responses={201: OutcomeOut} | refusals(400, 401, 403, 404))  # fmt: skip
    def post(self, request, entry_id: int):
        actor = self.actor
        data = self.valid(OutcomeInput)
        entry = _entry(actor, entry_id)
        row = services.record_outcome(actor, entry, data["outcome"], data["on"],
                                      data.get("note", ""))  # fmt: skip
        return self.answer(OutcomeOut(row).data, 201)


class Apply(ApiView):
    @extend_schema(tags=TAG, summary="Open an aid request from an entry (rights the OCMW grants)",
                   request=ApplyInput, responses={201: ApplyOut} | refusals(400, 401, 403, 404))  # fmt: skip
    def post(self, request, entry_id: int):
        actor = self.actor
        data = self.valid(ApplyInput)
        entry = _entry(actor, entry_id)
        req = services.open_request(actor, entry, data["received_on"])
        return self.answer(ApplyOut(req).data, 201)
