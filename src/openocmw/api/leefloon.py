"""POST /api/v1/leefloon/calculate: the rules behind HTTP, with the same JSON as the command."""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from openocmw.accounts import audit
from openocmw.accounts.tenancy import require
from openocmw.i18n import interface_language
from openocmw.rules import SituationError, calculate

from .framework import ApiError, ApiView, ErrorSerializer, ErrorsSerializer

# The request body is the situation's own JSON Schema (rules/situation_schema.json), added to
# the document as the component LeefloonSituation by api.schema.


class LeefloonError(ErrorSerializer):
    """A refusal of the situation by the rules carries the three languages (not one of the
    parser)."""

    nl = serializers.CharField(required=False)
    fr = serializers.CharField(required=False)
    de = serializers.CharField(required=False)


class LeefloonErrors(serializers.Serializer):
    errors = LeefloonError(many=True)


class Calculate(ApiView):
    @extend_schema(
        tags=["leefloon"],
        summary="Calculate the right to a leefloon, with its explanation",
        description=(
            "The same situation as `openocmw leefloon FILE.json` (docs/leefloon.md). Unknown "
            "fields are rejected; every error names its field, in Dutch, French and German."
        ),
        parameters=[
            OpenApiParameter("explain", bool, description="Add the explanation as readable text")
        ],
        request={"application/json": {"$ref": "#/components/schemas/LeefloonSituation"}},
        responses={
            200: OpenApiResponse(
                {"type": "object"},
                description="The result: right, category, amounts, resources, exemptions, "
                "explanation, parameters with their sources, rules version, warnings",
            ),
            400: OpenApiResponse(
                LeefloonErrors, description="Bad input, each error naming its field"
            ),
            401: OpenApiResponse(ErrorsSerializer, description="Not logged in, or a bad token."),
            403: OpenApiResponse(ErrorsSerializer, description="The role does not allow this."),
        },
    )
    def post(self, request):
        require(self.actor, "leefloon.calculate")
        explain = request.query_params.get("explain") in ("1", "true", "True")
        lang = interface_language(get_language())
        try:
            result = calculate(self.body())
        except SituationError as exc:
            raise ApiError(
                400,
                [
                    {"field": e["field"], "code": e["code"], "message": e[lang]}
                    | {"nl": e["nl"], "fr": e["fr"], "de": e["de"]}
                    for e in exc.errors
                ],
            ) from None
        out = result.to_dict()
        if explain:
            out["text"] = result.explain(lang)
        audit.record(
            self.actor,
            "calculate",
            object_type="leefloon",
            purpose="api calculation",
            detail={"rules_version": out["rules_version"]},
        )
        return self.answer(out)
