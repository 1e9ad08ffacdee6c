"""The exchange part of the API (/api/v1/exchange/...).

- ``messages``: where another installation posts a signed social report message (no user: the
  Ed25519 signature of the sending installation authenticates it; see services.socialreport).
  Answers 202 (taken in), 400 (malformed or invalid), 403 (unknown sender or bad signature),
  409 (replayed), 413 (too large); every refusal is logged with its reason.
- ``warnings``: the e-box of the user's OCMW as JSON.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from openocmw.accounts import audit
from openocmw.api.framework import ApiView, StrictSerializer, WholeNumberField
from openocmw.api.schema import ERRORS_REF

from .messages import MAX_BYTES
from .services import ebox, socialreport

TAG = ["exchange"]
ERRORS = ERRORS_REF  # the API's one error shape (api.schema)


class SignedMessage(BaseParser):
    """The body of a social report message: the signed XML, taken as it is (the signature is
    over the exact bytes, so nothing may parse or re-encode it before it is verified)."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return b""  # never used: the view reads the raw body itself


class MessageAccepted(serializers.Serializer):
    accepted = serializers.CharField(help_text="The kind of message taken in: request or report.")


_REFUSED = {
    400: "Malformed or schema-invalid XML, a From that is not the sender, an addressee not in "
    "this installation, or a timestamp too far from this server's clock. Logged and audited.",
    403: "An unknown sender or a bad signature. Logged and audited.",
    409: "A message id already received (a replay; the sender of a genuine retry treats 409 as "
    "delivered). Logged and audited.",
    413: "A message over 50 MB.",
}


class InboundMessage(APIView):
    """POST /api/v1/exchange/messages: where another installation posts a signed message.

    No user and no token: the Ed25519 signature of the sending installation over the exact
    bytes (header ``X-Exchange-Signature``) authenticates the message, checked against the
    public key of the peer named in ``X-Exchange-Sender``. Refusals are in the API's error
    shape, the field naming what was wrong."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [SignedMessage]

    @extend_schema(
        tags=TAG, operation_id="exchange_messages_receive",
        summary="Receive a signed social report message from another installation",
        description=(
            "The body is one message of `social_report.xsd` (a `SocialReportRequest` or a "
            "`SocialReport`), signed XML as sent: it is validated against its XML Schema and "
            "its signature is verified before anything is applied. See docs/exchange.md."
        ),
        auth=[], request={"application/xml": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("X-Exchange-Sender", str, OpenApiParameter.HEADER, required=True,
                             description="The NIS code of the sending OCMW (5 digits)."),
            OpenApiParameter("X-Exchange-Signature", str, OpenApiParameter.HEADER, required=True,
                             description="Ed25519 signature of the body, base64."),
        ],
        responses={
            202: OpenApiResponse(MessageAccepted, description="Taken in; answered in the cycle."),
            **{status: OpenApiResponse(ERRORS, description=text)
               for status, text in _REFUSED.items()},
        },
    )  # fmt: skip
    def post(self, request):
        def refused(status: int, reason: str, field: str | None = "body") -> Response:
            code = {403: "forbidden", 409: "replayed", 413: "too_large"}.get(status, "invalid")
            return Response({"errors": [{"field": field, "code": code, "message": reason}]},
                            status=status)  # fmt: skip

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES:
            return refused(413, "message too large")
        try:
            kind = socialreport.receive(
                request._request.body,
                request.headers.get("X-Exchange-Signature", ""),
                request.headers.get("X-Exchange-Sender", ""),
            )
        except socialreport.Refused as exc:
            field = "X-Exchange-Signature" if exc.status == 403 else "body"
            return refused(exc.status, exc.reason, field)
        return Response({"accepted": kind}, status=202)


class WarningOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    decision = serializers.IntegerField(source="decision_id")
    mismatch = serializers.CharField()
    source = serializers.CharField()
    field = serializers.CharField()
    month = serializers.DateField()
    held = serializers.CharField()
    reported = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField()
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)


class WarningQuery(StrictSerializer):
    offset = WholeNumberField(required=False, default=0, min_value=0)
    limit = WholeNumberField(required=False, default=100, min_value=1, max_value=500)


class Warnings(ApiView):
    @extend_schema(tags=TAG, summary="The e-box: cross-check warnings of the user's OCMW",
                   parameters=[WarningQuery], responses={200: WarningOut(many=True)})  # fmt: skip
    def get(self, request):
        query = self.valid(WarningQuery, {k: request.query_params.get(k) for k in request.GET})
        rows = list(
            ebox.warnings_for(self.actor).order_by("due_on", "pk")[
                query["offset"] : query["offset"] + query["limit"]
            ]
        )
        audit.record(self.actor, "search", object_type="flow_warning", purpose="e-box",
                     detail={"results": len(rows)})  # fmt: skip
        return self.answer(WarningOut(rows, many=True).data)
