"""POST /api/v1/leefloon/calculate: the rules behind HTTP, with the same JSON as the command."""

from __future__ import annotations

import json

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import require
from openocmw.rules import SituationError, calculate, situation_schema

from .base import ApiError, endpoint, error
from .openapi import ERRORS, EXTRA_PATHS, STANDARD, _resp


@endpoint(("POST",))
def calculate_view(request, actor):
    """Body: a situation (docs/leefloon.md). Query: ?explain=1 adds the readable text."""
    require(actor, "leefloon.calculate")
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise error(400, _("The request body is not valid JSON."), code="parse_error") from None
    if not isinstance(data, dict):
        raise error(400, _("The request body must be a JSON object."), code="parse_error")
    lang = "fr" if (get_language() or "nl").startswith("fr") else "nl"
    try:
        result = calculate(data)
    except SituationError as exc:
        raise ApiError(
            400,
            [
                {
                    "field": e["field"],
                    "code": e["code"],
                    "message": e[lang],
                    "nl": e["nl"],
                    "fr": e["fr"],
                }
                for e in exc.errors
            ],
        ) from None
    out = result.to_dict()
    if request.GET.get("explain") in ("1", "true"):
        out["text"] = result.explain(lang)
    audit.record(
        actor,
        "calculate",
        object_type="leefloon",
        purpose="api calculation",
        detail={"rules_version": out["rules_version"]},
    )
    return out


def _openapi(doc: dict) -> None:
    doc["components"]["schemas"]["LeefloonSituation"] = situation_schema()
    doc["paths"]["/leefloon/calculate"] = {
        "post": {
            "summary": "Calculate the right to a leefloon, with its explanation",
            "description": (
                "The same situation as `openocmw leefloon FILE.json` (docs/leefloon.md). Unknown "
                "fields are rejected; every error names its field, in Dutch and French."
            ),
            "parameters": [{"name": "explain", "in": "query", "schema": {"type": "boolean"}}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/LeefloonSituation"}
                    }
                },
            },
            "responses": {
                "200": _resp(
                    "The result: right, category, amounts, resources, exemptions, "
                    "explanation, parameters with their sources, rules version, warnings",
                    {"type": "object"},
                ),
                "400": _resp("Bad input, each error naming its field", ERRORS),
            }
            | {k: v for k, v in STANDARD.items() if k != "400"},
        }
    }


EXTRA_PATHS.append(_openapi)
