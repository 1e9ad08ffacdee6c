"""The rights catalogue in the JSON API (/api/v1/rights/...): the OCMW's catalogue in the
export shape of docs/rights.md, one right, the administrator's new version of a local right,
and the intake panel of a person (the rights their household appears to miss)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from openocmw.accounts.tenancy import require
from openocmw.api.framework import (
    ApiView,
    DayField,
    ErrorsSerializer,
    StrictSerializer,
    django_validation_errors,
    error,
)
from openocmw.registry.api import person_in_ocmw

from . import catalogue_services, intake, selectors

TAG = ["rights"]
ON = OpenApiParameter(
    "on", str, description="The date (YYYY-MM-DD) of the catalogue; default today."
)


def _refusals(*codes):
    text = {
        400: "Bad input: every error names its field; nothing was changed.",
        401: "Not logged in, or an invalid token.",
        403: "The role does not allow this.",
        404: "Not found in the user's OCMW.",
    }
    return {c: OpenApiResponse(ErrorsSerializer, description=text[c]) for c in codes}


class RightOut(serializers.Serializer):
    code = serializers.CharField()
    names = serializers.DictField(child=serializers.CharField())
    level = serializers.CharField()
    domain = serializers.CharField()
    target_groups = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    granted_by = serializers.DictField(child=serializers.CharField())
    how_to_apply = serializers.DictField(child=serializers.CharField())
    documents = serializers.ListField(child=serializers.CharField())
    automation = serializers.DictField()
    conditions = serializers.CharField()
    not_checkable = serializers.ListField(child=serializers.DictField())
    owner = serializers.CharField()
    last_review = serializers.CharField()
    verification = serializers.CharField()
    local_conditions = serializers.DictField(required=False)


class CatalogueOut(serializers.Serializer):
    schema_version = serializers.IntegerField()
    publisher = serializers.DictField(child=serializers.CharField())
    valid_on = serializers.CharField()
    rights = RightOut(many=True)


class LocalRightInput(StrictSerializer):
    valid_from = DayField()
    entry = serializers.DictField(
        help_text="A catalogue entry (docs/rights.md) with local_conditions."
    )


def _on(request) -> date:
    text = request.query_params.get("on", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise error(400, _("Enter a valid date (YYYY-MM-DD)."), field="on") from None


def _ocmw(actor):
    if actor.ocmw_id is None:
        raise error(403, _("You do not have access to this page."), code="permission_denied")
    return actor.ocmw


class Catalogue(ApiView):
    @extend_schema(
        tags=TAG, parameters=[ON], operation_id="rights_catalogue",
        summary="The OCMW's rights catalogue (federal, regional, its local rights) on a date",
        responses={200: CatalogueOut} | _refusals(400, 401, 403),
    )  # fmt: skip
    def get(self, request):
        return self.answer(selectors.export_data(_ocmw(self.actor), _on(request)))


class CatalogueRight(ApiView):
    @extend_schema(
        tags=TAG, parameters=[ON], operation_id="rights_catalogue_right",
        summary="One right of the OCMW's catalogue",
        responses={200: RightOut} | _refusals(400, 401, 403, 404),
    )  # fmt: skip
    def get(self, request, code: str):
        rights = selectors.catalogue_for(_ocmw(self.actor), _on(request))
        if code not in rights:
            raise error(404, _("No such right in the catalogue of your OCMW."), code="not_found")
        return self.answer(rights[code].to_dict())


class LocalRights(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Store a new version of a local right of the OCMW, applying from a date",
        request=LocalRightInput,
        responses={201: RightOut} | _refusals(400, 401, 403),
    )
    def post(self, request):
        actor = self.actor
        require(actor, "ocmw.manage")
        data = self.valid(LocalRightInput)
        try:
            version = catalogue_services.save_local_right(actor, data["entry"], data["valid_from"])
        except ValidationError as exc:
            named = {
                (field if field == "valid_from" else f"entry.{field}"): messages
                for field, messages in exc.message_dict.items()
            }
            raise django_validation_errors(ValidationError(named)) from None
        return self.answer(version.data, 201)


class PersonMissingRights(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The rights the person's household appears to miss (the intake panel)",
        responses={
            200: inline_serializer(
                "MissingRights",
                {"rights": serializers.ListField(child=serializers.DictField())},
            )
        }
        | _refusals(401, 403, 404),
    )
    def get(self, request, person_id: int):
        person = person_in_ocmw(self.actor, person_id)
        return self.answer({"rights": intake.missing_rights(self.actor, person)})
