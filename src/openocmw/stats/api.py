"""The observatory's API: GET /api/v1/stats/observatory (aggregates only; for the federal
inspector, suppressed counts are the marker "< 5", exactly as on the page and in exports)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from openocmw.api.framework import ApiView, Choice, StrictSerializer
from openocmw.registry.api import refusals

from .observatory import DIMENSIONS, observatory

TAG = ["stats"]
DIMS = [("", "none"), *((k, k) for k in DIMENSIONS)]


class ObservatoryQuery(StrictSerializer):
    year = serializers.IntegerField(min_value=2002, max_value=2100)
    until_month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    ocmw = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Federal inspector: one OCMW"
    )
    by = Choice(choices=DIMS, required=False)
    within = Choice(choices=DIMS, required=False)


class TableOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField())


class ObservatoryOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    scope = serializers.CharField()
    protected = serializers.BooleanField(
        help_text="True for the federal inspector: counts under 5, and those that would "
        'reveal them, are "< 5" (accounts.disclosure).'
    )
    disclosure_note = serializers.CharField()
    population_source = serializers.CharField()
    tables = TableOut(many=True)


class Observatory(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The statistical observatory for a year (aggregates only)",
        parameters=[ObservatoryQuery],
        responses={200: ObservatoryOut} | refusals(400, 401, 403),
    )
    def get(self, request):
        q = self.valid(ObservatoryQuery, {k: request.query_params.get(k) for k in request.GET})
        s = observatory(
            self.actor,
            q["year"],
            q.get("until_month") or 12,
            ocmw_id=q.get("ocmw"),
            by=q.get("by") or "",
            within=q.get("within") or "",
            export="json",
        )
        return self.answer(
            {
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "scope": s.scope,
                "protected": s.protected,
                "disclosure_note": s.disclosure_note,
                "population_source": s.population_source,
                "tables": [
                    {
                        "key": t.key,
                        "title": t.title,
                        "headers": [str(h) for h in t.headers],
                        "rows": [[c if isinstance(c, int) else str(c) for c in r] for r in t.rows],
                    }
                    for t in s.tables
                ],
            }
        )
