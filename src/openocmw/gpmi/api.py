"""The GPMI part of the JSON API (/api/v1/gpmi/...), its OpenAPI description generated from here.

Serializers check the JSON types; the GPMI services check the facts the law asks (they are shared
with the web pages), and their errors on kind-specific facts are named ``facts.<field>``.
"""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from openocmw.accounts import audit
from openocmw.api.framework import (
    ApiView,
    Choice,
    DayField,
    StrictSerializer,
    TextField,
    WholeNumberField,
    django_validation_errors,
    error,
)
from openocmw.registry.api import refusals
from openocmw.registry.models import Person

from . import services
from .models import ConsentStatus, EvaluationForm, Gpmi, Kind, LegalBasis, Outcome, Progress
from .stats import statistics

TAG = ["gpmi"]
FACTS_HELP = (
    "studies: institution, programme, academic_year (2025-2026), study_years; training: "
    "provider, programme, hours_per_week, training_end; community_service: organisation, tasks, "
    "hours_per_week, voluntary (true). Errors name facts.<field>."
)


def _text(**kwargs) -> TextField:
    kwargs.setdefault("required", False)
    return TextField(allow_blank=True, **kwargs)


# --- Input -------------------------------------------------------------------------------------


class ContractInput(StrictSerializer):
    kind = Choice(choices=Kind.choices)
    start = DayField()
    end = DayField()
    goals = serializers.ListField(child=TextField(max_length=2000), min_length=1, max_length=50)
    person_commitments = TextField(max_length=20000)
    ocmw_commitments = TextField(max_length=20000)
    support = _text(max_length=20000)
    facts = serializers.DictField(required=False, allow_null=True, help_text=FACTS_HELP)
    leefloon_category = serializers.ChoiceField(choices=[1, 2, 3], required=False, allow_null=True)
    leefloon_start = DayField(required=False, allow_null=True)


class DraftInput(ContractInput):
    person_id = WholeNumberField()


class RevisionInput(ContractInput):
    change_reason = _text(max_length=300, help_text="Required once a version is signed")


class SignaturesInput(StrictSerializer):
    person_signed_on = DayField(required=False, allow_null=True)
    person_signatory = _text(max_length=200, allow_null=True)
    ocmw_signed_on = DayField(required=False, allow_null=True)
    ocmw_signatory = _text(max_length=200, allow_null=True)


class GoalProgress(StrictSerializer):
    goal = TextField(max_length=2000)
    progress = Choice(choices=Progress.choices)
    note = _text(max_length=2000)


class EvaluationInput(StrictSerializer):
    held_on = DayField()
    form = Choice(choices=EvaluationForm.choices)
    progress = GoalProgress(many=True, required=False)
    adjustments = _text(max_length=20000, allow_null=True)


class CloseInput(StrictSerializer):
    closed_on = DayField()
    outcome = Choice(choices=Outcome.choices)
    note = _text(max_length=20000, allow_null=True)


class ConsentInput(StrictSerializer):
    status = Choice(choices=ConsentStatus.choices)
    on = DayField()
    legal_basis = Choice(choices=LegalBasis.choices)
    note = _text(max_length=2000, allow_null=True)


class PersonQuery(StrictSerializer):
    person_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class RequirementQuery(StrictSerializer):
    on = serializers.DateField(required=False, input_formats=["iso-8601"])


class StatisticsQuery(StrictSerializer):
    # "from" is a Python keyword: the field is added under its name in get_fields.
    until = serializers.DateField(input_formats=["iso-8601"])
    ocmw = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Federal inspector: one OCMW"
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(input_formats=["iso-8601"])
        return fields


# --- Output ------------------------------------------------------------------------------------


class VersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    goals = serializers.ListField(child=serializers.CharField())
    person_commitments = serializers.CharField()
    ocmw_commitments = serializers.CharField()
    support = serializers.CharField()
    facts = serializers.DictField()
    change_reason = serializers.CharField()
    validated = serializers.BooleanField()
    person_signed_on = serializers.DateField(allow_null=True)
    person_signatory = serializers.CharField()
    ocmw_signed_on = serializers.DateField(allow_null=True)
    ocmw_signatory = serializers.CharField()


class EvaluationOut(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    form = serializers.SerializerMethodField()
    progress = serializers.ListField(child=serializers.DictField())
    adjustments = serializers.CharField()
    cancelled = serializers.SerializerMethodField()

    def get_form(self, e) -> str | None:
        return e.form or None

    def get_cancelled(self, e) -> bool:
        return e.cancelled_at is not None


class GpmiOut(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["draft", "active", "closed"])
    kind = serializers.ChoiceField(choices=Kind.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.SerializerMethodField()
    leefloon_category = serializers.IntegerField(allow_null=True)
    leefloon_start = serializers.DateField(allow_null=True)
    versions = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField()

    def get_outcome(self, g) -> str | None:
        return g.outcome or None

    @extend_schema_field(VersionOut(many=True))
    def get_versions(self, g) -> list:
        return VersionOut(services.versions_of(g), many=True).data

    @extend_schema_field(EvaluationOut(many=True))
    def get_evaluations(self, g) -> list:
        rows = g.evaluations.order_by("due_on", "held_on", "pk")
        return EvaluationOut(rows, many=True).data


class GpmiList(serializers.Serializer):
    results = GpmiOut(many=True)


class Requirement(serializers.Serializer):
    required = serializers.BooleanField()
    due = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    concluded = serializers.BooleanField()


class ConsentOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    on = serializers.DateField()
    legal_basis = serializers.CharField()


class ReportContract(serializers.Serializer):
    version = serializers.IntegerField()
    validated_on = serializers.DateField()
    language = serializers.CharField()
    pdf = serializers.CharField(help_text="The signed contract, a PDF in base64")


class ReportConsent(serializers.Serializer):
    status = serializers.CharField()
    date = serializers.DateField()
    legal_basis = serializers.CharField()


class ReportPeriod(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class SocialReportPart(serializers.Serializer):
    gpmi_id = serializers.IntegerField()
    kind = serializers.CharField()
    period = ReportPeriod()
    closed = serializers.BooleanField()
    consent = ReportConsent(allow_null=True)
    contract = ReportContract(allow_null=True)


class Statistics(serializers.Serializer):
    """Aggregates only (no person can be found in them)."""

    until = serializers.DateField()
    ocmw = serializers.IntegerField(allow_null=True)
    totals = serializers.DictField()
    by_kind = serializers.DictField()
    by_age_group = serializers.DictField()
    by_sex = serializers.DictField()
    by_category = serializers.DictField()
    durations = serializers.DictField()
    evaluations = serializers.DictField()
    outcomes = serializers.DictField()
    disclosure = serializers.DictField(
        allow_null=True,
        help_text="For the federal inspector: counts under 5, and those that would reveal them, "
        "are null and listed under disclosure.suppressed (accounts.disclosure); null for the "
        "OCMW's own users.",
    )

    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField()} | fields


# --- Views -------------------------------------------------------------------------------------


def _call(fn, *args, **kwargs):
    """Run a service; field errors of the kind-specific facts are named ``facts.<field>``."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            renamed = {
                (f"facts.{k}" if k in services.ALL_FACT_FIELDS else k): v
                for k, v in exc.error_dict.items()
            }
            raise django_validation_errors(ValidationError(renamed)) from None
        raise


def _contract(data: dict) -> dict:
    out = {k: data.get(k) for k in ContractInput().fields}
    out["facts"] = out["facts"] or {}
    return out


def _gpmi(actor, gpmi_id: int) -> Gpmi:
    try:
        return services.get_gpmi(actor, gpmi_id, purpose="api")
    except Gpmi.DoesNotExist:
        raise error(404, _("No such GPMI in your OCMW."), code="not_found") from None


def _person(actor, person_id: int) -> Person:
    try:
        return services.person_in_ocmw(actor, person_id)
    except Person.DoesNotExist:
        raise error(404, _("No such person in your OCMW."), code="not_found") from None


def _query(view, serializer_class) -> dict:
    return view.valid(
        serializer_class, {k: view.request.query_params.get(k) for k in view.request.GET}
    )


class Projects(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The GPMIs of a person",
        operation_id="gpmi_projects_list",
        parameters=[PersonQuery],
        responses={200: GpmiList} | refusals(400, 401, 403, 404),
    )
    def get(self, request):
        person = _person(self.actor, _query(self, PersonQuery)["person_id"])
        audit.record(
            self.actor, "view", object_type="gpmi", subject_person_id=person.pk, purpose="api"
        )
        rows = services.gpmis_for(self.actor).filter(person=person)
        return self.answer(GpmiList({"results": rows}).data)

    @extend_schema(
        tags=TAG,
        summary="Draft a GPMI (first, unsigned contract version)",
        request=DraftInput,
        responses={201: GpmiOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request):
        data = self.valid(DraftInput)
        person = _person(self.actor, data["person_id"])
        gpmi = _call(services.draft_gpmi, self.actor, person, _contract(data))
        return self.answer(GpmiOut(gpmi).data, 201)


class Project(ApiView):
    @extend_schema(
        tags=TAG,
        summary="A GPMI with its contract versions and evaluations",
        responses={200: GpmiOut} | refusals(401, 403, 404),
    )
    def get(self, request, gpmi_id: int):
        return self.answer(GpmiOut(_gpmi(self.actor, gpmi_id)).data)


class Versions(ApiView):
    @extend_schema(
        tags=TAG,
        summary="A new contract version (change_reason required once signed)",
        request=RevisionInput,
        responses={201: GpmiOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, gpmi_id: int):
        g = _gpmi(self.actor, gpmi_id)
        data = self.valid(RevisionInput)
        reason = data.get("change_reason") or ""
        _call(services.revise_contract, self.actor, g, _contract(data), reason)
        return self.answer(GpmiOut(g).data, 201)


class Validate(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Record both signatures and validate the newest version",
        request=SignaturesInput,
        responses={200: GpmiOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, gpmi_id: int):
        g = _gpmi(self.actor, gpmi_id)
        data = self.valid(SignaturesInput)
        version = services.pending_version(g)
        if version is None:
            raise error(400, _("There is no version waiting for signatures."), "version")
        services.validate_contract(
            self.actor,
            version,
            person_signed_on=data.get("person_signed_on"),
            person_signatory=data.get("person_signatory") or "",
            ocmw_signed_on=data.get("ocmw_signed_on"),
            ocmw_signatory=data.get("ocmw_signatory") or "",
        )
        g.refresh_from_db()
        return self.answer(GpmiOut(g).data)


class Evaluations(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Record an evaluation (inside the contract period)",
        request=EvaluationInput,
        responses={201: GpmiOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, gpmi_id: int):
        g = _gpmi(self.actor, gpmi_id)
        data = self.valid(EvaluationInput)
        services.record_evaluation(
            self.actor,
            g,
            held_on=data["held_on"],
            form=data["form"],
            progress=[dict(p) for p in data.get("progress") or []],
            adjustments=data.get("adjustments") or "",
        )
        g.refresh_from_db()
        return self.answer(GpmiOut(g).data, 201)


class Close(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Close a running GPMI with its outcome",
        request=CloseInput,
        responses={200: GpmiOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, gpmi_id: int):
        g = _gpmi(self.actor, gpmi_id)
        data = self.valid(CloseInput)
        g = services.close_gpmi(
            self.actor,
            g,
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            note=data.get("note") or "",
        )
        return self.answer(GpmiOut(g).data)


class SocialReport(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The GPMI part of the electronic social report (period, consent, last signed "
        "contract as base64 PDF while consent is given)",
        responses={200: SocialReportPart} | refusals(401, 403, 404),
    )
    def get(self, request, gpmi_id: int):
        part = services.social_report_part(self.actor, _gpmi(self.actor, gpmi_id))
        if part["contract"] is not None:
            part["contract"]["pdf"] = base64.b64encode(part["contract"]["pdf"]).decode()
        return self.answer(part)


class PersonRequirement(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Whether the person needs a GPMI, by when, and why",
        parameters=[RequirementQuery],
        responses={200: Requirement} | refusals(400, 401, 403, 404),
    )
    def get(self, request, person_id: int):
        person = _person(self.actor, person_id)
        req = services.requirement_for(person, _query(self, RequirementQuery).get("on"))
        audit.record(
            self.actor,
            "view",
            object_type="gpmi",
            subject_person_id=person.pk,
            purpose="api",
            detail={"requirement": True},
        )
        return self.answer(Requirement(req).data)


class PersonConsents(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Record consent for the electronic social report",
        request=ConsentInput,
        responses={201: ConsentOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, person_id: int):
        person = _person(self.actor, person_id)
        data = self.valid(ConsentInput)
        row = services.record_consent(
            self.actor,
            person,
            status=data["status"],
            on=data["on"],
            legal_basis=data["legal_basis"],
            note=data.get("note") or "",
        )
        return self.answer(ConsentOut(row).data, 201)


class GpmiStatistics(ApiView):
    @extend_schema(
        tags=TAG,
        summary="GPMI statistics for a period (aggregates only)",
        parameters=[StatisticsQuery],
        responses={200: Statistics} | refusals(400, 401, 403),
    )
    def get(self, request):
        query = _query(self, StatisticsQuery)
        s = statistics(
            self.actor, query["from"], query["until"], ocmw_id=query.get("ocmw"), export="json"
        )
        return self.answer(
            {
                "from": s.start.isoformat(),
                "until": s.end.isoformat(),
                "ocmw": s.ocmw_id,
                "totals": s.totals,
                "by_kind": s.by_kind,
                "by_age_group": {str(k): v for k, v in s.by_age.items()},
                "by_sex": s.by_sex,
                "by_category": {
                    str(k) if k is not None else "unknown": v for k, v in s.by_category.items()
                },
                "durations": s.durations,
                "evaluations": s.evaluations,
                "outcomes": s.outcomes,
                "disclosure": s.disclosure,  # suppressed counts are null (stats.protect)
            }
        )
