"""The registry part of the JSON API (/api/v1/persons, /api/v1/households, ...).

Serializers check the JSON types and name unknown fields; the registry's own forms and services
check the facts (INSZ, nationality, periods), so the API and the web pages refuse the same input
with the same messages. Every read and change is audited by the services.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers

from openocmw.accounts import audit
from openocmw.accounts.tenancy import require
from openocmw.api.framework import (
    ApiView,
    Choice,
    DayField,
    ErrorsSerializer,
    StrictSerializer,
    TextField,
    TruthField,
    WholeNumberField,
    error,
    form_errors,
)

from . import services
from .forms import PersonForm, ResidenceStatusForm
from .models import ChangeReason, Household, Language, Person, Relation, ResidenceStatusCode, Sex

TAG = ["registry"]


def refusals(*codes: int) -> dict:
    """The documented error answers (every one has the same shape)."""
    text = {
        400: "Bad input: every error names its field; nothing was changed.",
        401: "Not logged in, or an invalid token.",
        403: "The role does not allow this.",
        404: "Not found in the user's OCMW (the attempt is audited).",
    }
    return {c: OpenApiResponse(ErrorsSerializer, description=text[c]) for c in codes}


# --- Input -------------------------------------------------------------------------------------


def _text(max_length: int | None = None, **kwargs) -> TextField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", not kwargs.get("required"))
    return TextField(max_length=max_length, **kwargs)


class ResidenceStatusInput(StrictSerializer):
    status = Choice(choices=ResidenceStatusCode.choices)
    valid_from = DayField()
    valid_until = DayField(required=False, allow_null=True)
    document = _text(200)


class PersonInput(StrictSerializer):
    insz = _text(20, help_text="National or bis number, 11 digits.")
    first_name = _text(100, required=True)
    last_name = _text(100, required=True)
    birth_date = DayField()
    sex = Choice(choices=Sex.choices)
    nationality = _text(2, required=True, help_text="ISO 3166-1 alpha-2, e.g. BE")
    language = Choice(choices=Language.choices, required=False)
    street = _text(150)
    house_number = _text(10)
    box = _text(10)
    postal_code = _text(4, help_text="4 digits")
    municipality = _text(100)
    phone = _text(30)
    email = _text(254)
    residence_status = ResidenceStatusInput(required=False)
    confirm_different_person = TruthField(
        required=False,
        default=False,
        help_text="true: the likely duplicates of an earlier 409 answer were checked and are "
        "other persons (recorded in the audit trail).",
    )


class HouseholdInput(StrictSerializer):
    reference_person_id = WholeNumberField()
    valid_from = DayField()


class HouseholdChangeInput(StrictSerializer):
    person_id = WholeNumberField()
    reason = Choice(
        choices=[
            ChangeReason.MOVED_IN,
            ChangeReason.BIRTH,
            ChangeReason.MOVED_OUT,
            ChangeReason.DEATH,
        ]
    )
    date = DayField()
    relation = Choice(choices=[r for r in Relation.values if r != "reference"], required=False)


# --- Output ------------------------------------------------------------------------------------


class PersonSummary(serializers.Serializer):
    id = serializers.IntegerField()
    insz = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = serializers.DateField()
    sex = serializers.CharField()


class ResidenceStatusOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    document = serializers.CharField()
    cancelled = serializers.SerializerMethodField()

    def get_cancelled(self, s) -> bool:
        return s.cancelled_at is not None


class Address(serializers.Serializer):
    street = serializers.CharField()
    house_number = serializers.CharField()
    box = serializers.CharField()
    postal_code = serializers.CharField()
    municipality = serializers.CharField()


class MemberOut(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField(source="person.full_name")
    relation = serializers.CharField()


class SegmentOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    members = MemberOut(many=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {"from": data["start"], "until": data["end"], "members": data["members"]}


class SegmentSchema(serializers.Serializer):
    """The documented shape of a period (``from`` is a Python keyword, hence the mapping)."""

    until = serializers.DateField(allow_null=True)
    members = MemberOut(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class HouseholdOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference_person_id = serializers.IntegerField()
    address = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(Address)
    def get_address(self, h) -> dict:
        return Address(h).data

    @extend_schema_field(SegmentSchema(many=True))
    def get_timeline(self, h) -> list:
        return SegmentOut(services.timeline(h), many=True).data


class PersonOut(PersonSummary):
    nationality = serializers.CharField()
    language = serializers.CharField()
    street = serializers.CharField()
    house_number = serializers.CharField()
    box = serializers.CharField()
    postal_code = serializers.CharField()
    municipality = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    version = serializers.IntegerField()
    residence_statuses = serializers.SerializerMethodField()
    households = serializers.SerializerMethodField()

    @extend_schema_field(ResidenceStatusOut(many=True))
    def get_residence_statuses(self, p) -> list:
        return ResidenceStatusOut(p.statuses.order_by("valid_from", "pk"), many=True).data

    @extend_schema_field(HouseholdOut(many=True))
    def get_households(self, p) -> list:
        return HouseholdOut(services.households_of(p), many=True).data


class DuplicateOut(PersonSummary):
    reason = serializers.CharField(help_text="same_name, names_swapped or similar_name")
    url = serializers.CharField(help_text="The existing person in the API")


class DuplicatesAnswer(serializers.Serializer):
    errors = serializers.ListField(child=serializers.DictField())
    duplicates = DuplicateOut(many=True)


class PersonList(serializers.Serializer):
    count = serializers.IntegerField(required=False, help_text="With q: the number of matches")
    offset = serializers.IntegerField(required=False, help_text="Without q: the offset asked")
    results = PersonSummary(many=True)


class PersonQuery(StrictSerializer):
    q = TextField(required=False, allow_blank=True, max_length=200)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10**9, default=0)


class StatusCode(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class StatusCodes(serializers.Serializer):
    statuses = StatusCode(many=True)


# --- Views -------------------------------------------------------------------------------------


def person_in_ocmw(actor, person_id: int) -> Person:
    try:
        return services.get_person(actor, person_id, purpose="api")
    except Person.DoesNotExist:
        raise error(404, _("No such person in your OCMW."), code="not_found") from None


def household_in_ocmw(actor, household_id: int) -> Household:
    require(actor, "person.view")
    try:
        return audit.fetch(
            actor, Household.objects.all(), household_id, object_type="household",
            purpose="api", subject=lambda h: h.reference_person_id,
        )  # fmt: skip
    except Household.DoesNotExist:
        raise error(404, _("No such household in your OCMW."), code="not_found") from None


class Persons(ApiView):
    @extend_schema(
        tags=TAG,
        summary="List or search persons (name or INSZ)",
        operation_id="persons_list",
        parameters=[PersonQuery],
        responses={200: PersonList} | refusals(400, 401, 403),
    )
    def get(self, request):
        query = self.valid(PersonQuery, {k: request.query_params.get(k) for k in request.GET})
        actor = self.actor
        q = query.get("q", "").strip()
        if q:
            results = services.search_persons(actor, q, limit=query["limit"])
            return self.answer(PersonList({"count": len(results), "results": results}).data)
        offset = query["offset"]
        qs = services.persons_for(actor).order_by("search_name", "pk")
        rows = list(qs[offset : offset + query["limit"]])
        audit.record(
            actor,
            "search",
            object_type="person",
            purpose="person list",
            detail={"offset": offset, "results": len(rows)},
        )
        return self.answer(PersonList({"offset": offset, "results": rows}).data)

    @extend_schema(
        tags=TAG,
        summary="Register a person",
        description="Persons of the OCMW born the same day with a similar name (accents, name "
        "order, small typos) are likely duplicates: the answer is 409 with them and nothing is "
        "registered, unless `confirm_different_person` is true, as on the registration form.",
        request=PersonInput,
        responses={
            201: PersonOut,
            409: OpenApiResponse(DuplicatesAnswer, description="Likely duplicates; not saved."),
        }
        | refusals(400, 401, 403),
    )
    def post(self, request):
        actor = self.actor
        require(actor, "person.create")
        data = dict(self.valid(PersonInput))
        status = data.pop("residence_status", None)
        confirmed = data.pop("confirm_different_person", False)
        form = PersonForm({"language": "nl"} | {k: v for k, v in data.items() if v is not None})
        if not form.is_valid():
            raise form_errors(form)
        kwargs = {}
        if status is not None:
            sform = ResidenceStatusForm(status)
            if not sform.is_valid():
                raise form_errors(sform, prefix="residence_status.")
            kwargs = {
                "status": sform.cleaned_data["status"],
                "status_from": sform.cleaned_data["valid_from"],
                "status_document": sform.cleaned_data["document"],
            }
        duplicates = services.likely_duplicates(actor, form.cleaned_data)
        if duplicates and not confirmed:
            return self.answer(_duplicates_answer(duplicates), 409)
        person = services.create_person(
            actor, form.cleaned_data, not_duplicate_of=[m.person.pk for m in duplicates], **kwargs
        )
        return self.answer(PersonOut(person).data, 201)


def _duplicates_answer(duplicates) -> dict:
    message = _(
        "Likely already registered: check the persons below; if this is another person, "
        "send the request again with confirm_different_person set to true."
    )
    rows = [
        {"id": m.person.pk, "insz": m.person.insz, "first_name": m.person.first_name,
         "last_name": m.person.last_name, "birth_date": m.person.birth_date,
         "sex": m.person.sex, "reason": m.reason, "url": f"/api/v1/persons/{m.person.pk}"}
        for m in duplicates
    ]  # fmt: skip
    return {
        "errors": [
            {"field": "confirm_different_person", "code": "likely_duplicate", "message": message}
        ],
        "duplicates": DuplicateOut(rows, many=True).data,
    }


class PersonDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="A person with residence status history and households",
        responses={200: PersonOut} | refusals(401, 403, 404),
    )
    def get(self, request, person_id: int):
        return self.answer(PersonOut(person_in_ocmw(self.actor, person_id)).data)


class PersonStatuses(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Record a residence status from a date",
        request=ResidenceStatusInput,
        responses={201: PersonOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, person_id: int):
        actor = self.actor
        require(actor, "person.update")
        person = person_in_ocmw(actor, person_id)
        form = ResidenceStatusForm(self.valid(ResidenceStatusInput))
        if not form.is_valid():
            raise form_errors(form)
        services.add_residence_status(
            actor,
            person,
            form.cleaned_data["status"],
            form.cleaned_data["valid_from"],
            valid_until=form.cleaned_data["valid_until"],
            document=form.cleaned_data["document"],
        )
        return self.answer(PersonOut(person).data, 201)


class Households(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Register a household with its reference person",
        request=HouseholdInput,
        responses={201: HouseholdOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request):
        actor = self.actor
        require(actor, "household.change")
        data = self.valid(HouseholdInput)
        ref = person_in_ocmw(actor, data["reference_person_id"])
        hh = services.found_household(actor, ref, data["valid_from"])
        return self.answer(HouseholdOut(hh).data, 201)


class HouseholdDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="A household and its composition over time",
        responses={200: HouseholdOut} | refusals(401, 403, 404),
    )
    def get(self, request, household_id: int):
        return self.answer(HouseholdOut(household_in_ocmw(self.actor, household_id)).data)


class HouseholdChanges(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Record a household change (moves in, birth, moves out, death)",
        request=HouseholdChangeInput,
        responses={201: HouseholdOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, household_id: int):
        actor = self.actor
        require(actor, "household.change")
        hh = household_in_ocmw(actor, household_id)
        data = self.valid(HouseholdChangeInput)
        person = services.persons_for(actor).filter(pk=data["person_id"]).first()
        if person is None:
            raise error(400, _("No such person in your OCMW."), "person_id")
        services.record_household_change(
            actor,
            hh,
            person=person,
            reason=data["reason"],
            on=data["date"],
            relation=data.get("relation"),
        )
        return self.answer(HouseholdOut(hh).data, 201)


class ResidenceStatuses(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The residence status codes with their labels",
        responses={200: StatusCodes} | refusals(401),
    )
    def get(self, request):
        return self.answer(
            {"statuses": [{"code": c, "label": str(lbl)} for c, lbl in ResidenceStatusCode.choices]}
        )
