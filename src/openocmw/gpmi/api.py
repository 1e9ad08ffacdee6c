"""The GPMI part of the JSON API (/api/v1/gpmi/...), described in the OpenAPI document."""

from __future__ import annotations

import base64
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from openocmw.api.base import check_fields, endpoint, error, read_json, validation_errors
from openocmw.api.openapi import ERRORS, EXTRA_PATHS, NOT_FOUND, STANDARD, _resp
from openocmw.registry.models import Person

from . import services
from .models import (
    ConsentStatus,
    EvaluationForm,
    Gpmi,
    Kind,
    LegalBasis,
    Outcome,
    Progress,
)
from .stats import statistics

CONTRACT_FIELDS = {
    "kind",
    "start",
    "end",
    "goals",
    "person_commitments",
    "ocmw_commitments",
    "support",
    "facts",
    "leefloon_category",
    "leefloon_start",
}


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(data: dict, field: str, required: bool = True) -> date | None:
    value = data.get(field)
    if value in (None, "") and not required:
        return None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise error(400, _("Give a date as YYYY-MM-DD."), field)
    return parsed


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise error(400, _("Give a whole number."), field) from None


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
            raise validation_errors(ValidationError(renamed)) from None
        raise


def _contract_input(data: dict) -> dict:
    out = {k: data.get(k) for k in CONTRACT_FIELDS}
    out["start"] = _date(data, "start")
    out["end"] = _date(data, "end")
    out["leefloon_start"] = _date(data, "leefloon_start", required=False)
    if not isinstance(out["goals"], list):
        raise error(400, _("Give the goals as a list of texts."), "goals")
    if out["facts"] is not None and not isinstance(out["facts"], dict):
        raise error(400, _("Give the facts as an object."), "facts")
    return out


def gpmi_data(g: Gpmi) -> dict:
    versions = services.versions_of(g)
    return {
        "id": g.pk,
        "person_id": g.person_id,
        "status": g.status,
        "kind": g.kind,
        "start": _d(g.start),
        "end": _d(g.end),
        "closed_on": _d(g.closed_on),
        "outcome": g.outcome or None,
        "leefloon_category": g.leefloon_category,
        "leefloon_start": _d(g.leefloon_start),
        "versions": [
            {
                "number": v.number,
                "kind": v.kind,
                "start": _d(v.start),
                "end": _d(v.end),
                "goals": v.goals,
                "person_commitments": v.person_commitments,
                "ocmw_commitments": v.ocmw_commitments,
                "support": v.support,
                "facts": v.facts,
                "change_reason": v.change_reason,
                "validated": v.validated,
                "person_signed_on": _d(v.person_signed_on),
                "person_signatory": v.person_signatory,
                "ocmw_signed_on": _d(v.ocmw_signed_on),
                "ocmw_signatory": v.ocmw_signatory,
            }
            for v in versions
        ],
        "evaluations": [
            {
                "id": e.pk,
                "due_on": _d(e.due_on),
                "held_on": _d(e.held_on),
                "form": e.form or None,
                "progress": e.progress,
                "adjustments": e.adjustments,
                "cancelled": e.cancelled_at is not None,
            }
            for e in g.evaluations.order_by("due_on", "held_on", "pk")
        ],
    }


def _gpmi(actor, gpmi_id: int) -> Gpmi:
    try:
        return services.get_gpmi(actor, gpmi_id, purpose="api")
    except Gpmi.DoesNotExist:
        raise error(404, _("No such GPMI in your OCMW."), code="not_found") from None


def _person(actor, person_id) -> Person:
    try:
        return services.person_in_ocmw(actor, _int(person_id, "person_id"))
    except Person.DoesNotExist:
        raise error(404, _("No such person in your OCMW."), code="not_found") from None


@endpoint(("GET", "POST"))
def projects(request, actor):
    if request.method == "POST":
        data = read_json(
            request, CONTRACT_FIELDS | {"person_id"}, {"person_id", "kind", "start", "end"}
        )
        person = _person(actor, data["person_id"])
        gpmi = _call(services.draft_gpmi, actor, person, _contract_input(data))
        return 201, gpmi_data(gpmi)
    check_fields(dict(request.GET), {"person_id"}, {"person_id"})
    person = _person(actor, request.GET["person_id"])
    from openocmw.accounts import audit

    audit.record(actor, "view", object_type="gpmi", subject_person_id=person.pk, purpose="api")
    return {"results": [gpmi_data(g) for g in services.gpmis_for(actor).filter(person=person)]}


@endpoint(("GET",))
def project(request, actor, gpmi_id: int):
    return gpmi_data(_gpmi(actor, gpmi_id))


@endpoint(("POST",))
def versions(request, actor, gpmi_id: int):
    g = _gpmi(actor, gpmi_id)
    data = read_json(request, CONTRACT_FIELDS | {"change_reason"}, {"kind", "start", "end"})
    _call(
        services.revise_contract, actor, g, _contract_input(data), data.get("change_reason") or ""
    )
    return 201, gpmi_data(g)


@endpoint(("POST",))
def validate(request, actor, gpmi_id: int):
    g = _gpmi(actor, gpmi_id)
    data = read_json(
        request, {"person_signed_on", "person_signatory", "ocmw_signed_on", "ocmw_signatory"}
    )
    version = services.pending_version(g)
    if version is None:
        raise error(400, _("There is no version waiting for signatures."), "version")
    services.validate_contract(
        actor,
        version,
        person_signed_on=_date(data, "person_signed_on", required=False),
        person_signatory=str(data.get("person_signatory") or ""),
        ocmw_signed_on=_date(data, "ocmw_signed_on", required=False),
        ocmw_signatory=str(data.get("ocmw_signatory") or ""),
    )
    g.refresh_from_db()
    return gpmi_data(g)


@endpoint(("POST",))
def evaluations(request, actor, gpmi_id: int):
    g = _gpmi(actor, gpmi_id)
    data = read_json(request, {"held_on", "form", "progress", "adjustments"}, {"held_on", "form"})
    services.record_evaluation(
        actor,
        g,
        held_on=_date(data, "held_on"),
        form=data.get("form"),
        progress=data.get("progress"),
        adjustments=str(data.get("adjustments") or ""),
    )
    g.refresh_from_db()
    return 201, gpmi_data(g)


@endpoint(("POST",))
def close(request, actor, gpmi_id: int):
    g = _gpmi(actor, gpmi_id)
    data = read_json(request, {"closed_on", "outcome", "note"}, {"closed_on", "outcome"})
    g = services.close_gpmi(
        actor,
        g,
        closed_on=_date(data, "closed_on"),
        outcome=data.get("outcome"),
        note=str(data.get("note") or ""),
    )
    return gpmi_data(g)


@endpoint(("GET",))
def social_report(request, actor, gpmi_id: int):
    g = _gpmi(actor, gpmi_id)
    part = services.social_report_part(actor, g)
    if part["contract"] is not None:
        part["contract"]["pdf"] = base64.b64encode(part["contract"]["pdf"]).decode()
    return part


@endpoint(("GET",))
def requirement(request, actor, person_id: int):
    person = _person(actor, person_id)
    on = _date(request.GET, "on", required=False) or None
    req = services.requirement_for(person, on)
    from openocmw.accounts import audit

    audit.record(
        actor,
        "view",
        object_type="gpmi",
        subject_person_id=person.pk,
        purpose="api",
        detail={"requirement": True},
    )
    return {
        "required": req.required,
        "due": _d(req.due),
        "reason": req.reason,
        "concluded": req.concluded,
    }


@endpoint(("POST",))
def consents(request, actor, person_id: int):
    person = _person(actor, person_id)
    data = read_json(
        request, {"status", "on", "legal_basis", "note"}, {"status", "on", "legal_basis"}
    )
    row = services.record_consent(
        actor,
        person,
        status=data.get("status"),
        on=_date(data, "on"),
        legal_basis=data.get("legal_basis"),
        note=str(data.get("note") or ""),
    )
    return 201, {
        "id": row.pk,
        "status": row.status,
        "on": _d(row.on),
        "legal_basis": row.legal_basis,
    }


@endpoint(("GET",))
def stats(request, actor):
    check_fields(dict(request.GET), {"from", "until", "ocmw"}, {"from", "until"})
    start = _date(request.GET, "from")
    end = _date(request.GET, "until")
    ocmw_id = _int(request.GET["ocmw"], "ocmw") if request.GET.get("ocmw") else None
    s = statistics(actor, start, end, ocmw_id=ocmw_id, export="json")
    return {
        "from": _d(s.start),
        "until": _d(s.end),
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


# --- OpenAPI -----------------------------------------------------------------------------------

DATE = {"type": "string", "format": "date"}
CONTRACT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "start", "end", "goals", "person_commitments", "ocmw_commitments"],
    "properties": {
        "kind": {"enum": list(Kind.values)},
        "start": DATE,
        "end": DATE,
        "goals": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "person_commitments": {"type": "string"},
        "ocmw_commitments": {"type": "string"},
        "support": {"type": "string"},
        "facts": {
            "type": "object",
            "description": (
                "studies: institution, programme, academic_year (2025-2026), study_years; "
                "training: provider, programme, hours_per_week, training_end; community_service: "
                "organisation, tasks, hours_per_week, voluntary (true). Errors name facts.<field>."
            ),
        },
        "leefloon_category": {"enum": [1, 2, 3]},
        "leefloon_start": DATE,
    },
}


def describe(doc: dict) -> None:
    gid = {"name": "gpmi_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    pid = {"name": "person_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    gpmi = {"$ref": "#/components/schemas/Gpmi"}
    body = lambda schema: {"required": True, "content": {"application/json": {"schema": schema}}}  # noqa: E731
    doc["components"]["schemas"]["Gpmi"] = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "person_id": {"type": "integer"},
            "status": {"enum": ["draft", "active", "closed"]},
            "kind": {"enum": list(Kind.values)},
            "versions": {"type": "array"},
            "evaluations": {"type": "array"},
        },
    }
    doc["components"]["schemas"]["GpmiContract"] = CONTRACT_SCHEMA
    doc["paths"].update(
        {
            "/gpmi/projects": {
                "get": {
                    "summary": "The GPMIs of a person",
                    "parameters": [
                        {
                            "name": "person_id",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": _resp("GPMIs", {"type": "object"})} | STANDARD | NOT_FOUND,
                },
                "post": {
                    "summary": "Draft a GPMI (first, unsigned contract version)",
                    "requestBody": body(
                        {
                            "allOf": [{"$ref": "#/components/schemas/GpmiContract"}],
                            "properties": {"person_id": {"type": "integer"}},
                        }
                    ),
                    "responses": {"201": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                },
            },
            "/gpmi/projects/{gpmi_id}": {
                "get": {
                    "summary": "A GPMI with its contract versions and evaluations",
                    "parameters": [gid],
                    "responses": {"200": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                }
            },
            "/gpmi/projects/{gpmi_id}/versions": {
                "post": {
                    "summary": "A new contract version (change_reason required once signed)",
                    "parameters": [gid],
                    "requestBody": body(CONTRACT_SCHEMA | {"additionalProperties": True}),
                    "responses": {"201": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                }
            },
            "/gpmi/projects/{gpmi_id}/validate": {
                "post": {
                    "summary": "Record both signatures and validate the newest version",
                    "parameters": [gid],
                    "requestBody": body(
                        {
                            "type": "object",
                            "properties": {
                                "person_signed_on": DATE,
                                "person_signatory": {"type": "string"},
                                "ocmw_signed_on": DATE,
                                "ocmw_signatory": {"type": "string"},
                            },
                        }
                    ),
                    "responses": {"200": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                }
            },
            "/gpmi/projects/{gpmi_id}/evaluations": {
                "post": {
                    "summary": "Record an evaluation (inside the contract period)",
                    "parameters": [gid],
                    "requestBody": body(
                        {
                            "type": "object",
                            "required": ["held_on", "form"],
                            "properties": {
                                "held_on": DATE,
                                "form": {"enum": list(EvaluationForm.values)},
                                "progress": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "goal": {"type": "string"},
                                            "progress": {"enum": list(Progress.values)},
                                            "note": {"type": "string"},
                                        },
                                    },
                                },
                                "adjustments": {"type": "string"},
                            },
                        }
                    ),
                    "responses": {"201": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                }
            },
            "/gpmi/projects/{gpmi_id}/close": {
                "post": {
                    "summary": "Close a running GPMI with its outcome",
                    "parameters": [gid],
                    "requestBody": body(
                        {
                            "type": "object",
                            "required": ["closed_on", "outcome"],
                            "properties": {
                                "closed_on": DATE,
                                "outcome": {"enum": list(Outcome.values)},
                                "note": {"type": "string"},
                            },
                        }
                    ),
                    "responses": {"200": _resp("The GPMI", gpmi)} | STANDARD | NOT_FOUND,
                }
            },
            "/gpmi/projects/{gpmi_id}/social-report": {
                "get": {
                    "summary": "The GPMI part of the electronic social report (period, consent, last "
                    "signed contract as base64 PDF while consent is given)",
                    "parameters": [gid],
                    "responses": {"200": _resp("The part", {"type": "object"})}
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/gpmi/persons/{person_id}/requirement": {
                "get": {
                    "summary": "Whether the person needs a GPMI, by when, and why",
                    "parameters": [pid, {"name": "on", "in": "query", "schema": DATE}],
                    "responses": {"200": _resp("The requirement", {"type": "object"})}
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/gpmi/persons/{person_id}/consents": {
                "post": {
                    "summary": "Record consent for the electronic social report",
                    "parameters": [pid],
                    "requestBody": body(
                        {
                            "type": "object",
                            "required": ["status", "on", "legal_basis"],
                            "properties": {
                                "status": {"enum": list(ConsentStatus.values)},
                                "on": DATE,
                                "legal_basis": {"enum": list(LegalBasis.values)},
                                "note": {"type": "string"},
                            },
                        }
                    ),
                    "responses": {"201": _resp("The consent", {"type": "object"})}
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/gpmi/statistics": {
                "get": {
                    "summary": "GPMI statistics for a period (aggregates only)",
                    "parameters": [
                        {"name": "from", "in": "query", "required": True, "schema": DATE},
                        {"name": "until", "in": "query", "required": True, "schema": DATE},
                        {
                            "name": "ocmw",
                            "in": "query",
                            "schema": {"type": "integer"},
                            "description": "Federal inspector only: one OCMW",
                        },
                    ],
                    "responses": {
                        "200": _resp(
                            "Counts; for the federal inspector, counts under 5 and those that "
                            "would reveal them are null, listed under disclosure.suppressed",
                            {"type": "object"},
                        ),
                        "400": _resp("Bad input", ERRORS),
                    }
                    | STANDARD,
                }
            },
        }
    )


if describe not in EXTRA_PATHS:
    EXTRA_PATHS.append(describe)
