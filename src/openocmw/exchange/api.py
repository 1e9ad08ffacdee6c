"""The exchange part of the API (/api/v1/exchange/...).

- ``messages``: where another installation posts a signed social report message (no user: the
  Ed25519 signature of the sending installation authenticates it; see services.socialreport).
  Answers 202 (taken in), 400 (malformed or invalid), 403 (unknown sender or bad signature),
  409 (replayed), 413 (too large); every refusal is logged with its reason.
- ``warnings``: the e-box of the user's OCMW as JSON.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from openocmw.accounts import audit
from openocmw.api.framework import ApiView, StrictSerializer, WholeNumberField

from .messages import MAX_BYTES
from .services import ebox, socialreport

TAG = ["exchange"]


@csrf_exempt
@require_POST
def inbound_message(request):
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BYTES:
        return JsonResponse({"detail": "message too large"}, status=413)
    try:
        kind = socialreport.receive(
            request.body,
            request.headers.get("X-Exchange-Signature", ""),
            request.headers.get("X-Exchange-Sender", ""),
        )
    except socialreport.Refused as exc:
        return JsonResponse({"detail": exc.reason}, status=exc.status)
    return JsonResponse({"accepted": kind}, status=202)


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
