"""The OpenAPI 3.1 description of /api/v1/. A test checks that every route is described."""

from __future__ import annotations

from django.http import JsonResponse

from openocmw import __version__
from openocmw.registry.models import ChangeReason, Language, Relation, ResidenceStatusCode, Sex

ERRORS = {"$ref": "#/components/schemas/Errors"}


def _resp(description: str, schema: dict | None = None) -> dict:
    out: dict = {"description": description}
    if schema is not None:
        out["content"] = {"application/json": {"schema": schema}}
    return out


STANDARD = {
    "400": _resp("Bad input: every error names its field; nothing was changed.", ERRORS),
    "401": _resp("Not logged in, or an invalid token.", ERRORS),
    "403": _resp("The role does not allow this.", ERRORS),
}
NOT_FOUND = {"404": _resp("Not found in the user's OCMW (the attempt is audited).", ERRORS)}
DATE = {"type": "string", "format": "date"}

PERSON_INPUT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["first_name", "last_name", "birth_date", "sex", "nationality"],
    "properties": {
        "insz": {"type": "string", "description": "National or bis number, 11 digits."},
        "first_name": {"type": "string", "maxLength": 100},
        "last_name": {"type": "string", "maxLength": 100},
        "birth_date": DATE,
        "sex": {"enum": list(Sex.values)},
        "nationality": {"type": "string", "description": "ISO 3166-1 alpha-2, e.g. BE"},
        "language": {"enum": list(Language.values)},
        "street": {"type": "string"},
        "house_number": {"type": "string"},
        "box": {"type": "string"},
        "postal_code": {"type": "string", "pattern": "^[0-9]{4}$"},
        "municipality": {"type": "string"},
        "phone": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "residence_status": {"$ref": "#/components/schemas/ResidenceStatusInput"},
    },
}


def document() -> dict:
    person_id = {"name": "person_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    household_id = {
        "name": "household_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "OpenOCMW API",
            "version": __version__,
            "description": (
                "Registry of persons and households of one OCMW, and the leefloon calculation. "
                "Authenticate with a session or with `Authorization: Bearer <token>` "
                "(`openocmw createtoken USER`). Every call is scoped to the token's OCMW and "
                "audited. Error messages follow Accept-Language (nl, fr)."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/persons": {
                "get": {
                    "summary": "List or search persons (name or INSZ)",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                        },
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": _resp("Persons", {"type": "object"})} | STANDARD,
                },
                "post": {
                    "summary": "Register a person",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PersonInput"}
                            }
                        },
                    },
                    "responses": {
                        "201": _resp("The person", {"$ref": "#/components/schemas/Person"})
                    }
                    | STANDARD,
                },
            },
            "/persons/{person_id}": {
                "get": {
                    "summary": "A person with residence status history and households",
                    "parameters": [person_id],
                    "responses": {
                        "200": _resp("The person", {"$ref": "#/components/schemas/Person"})
                    }
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/persons/{person_id}/residence-statuses": {
                "post": {
                    "summary": "Record a residence status from a date",
                    "parameters": [person_id],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ResidenceStatusInput"}
                            }
                        },
                    },
                    "responses": {
                        "201": _resp("The person", {"$ref": "#/components/schemas/Person"})
                    }
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/households": {
                "post": {
                    "summary": "Register a household with its reference person",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["reference_person_id", "valid_from"],
                                    "properties": {
                                        "reference_person_id": {"type": "integer"},
                                        "valid_from": DATE,
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _resp("The household", {"$ref": "#/components/schemas/Household"})
                    }
                    | STANDARD,
                }
            },
            "/households/{household_id}": {
                "get": {
                    "summary": "A household and its composition over time",
                    "parameters": [household_id],
                    "responses": {
                        "200": _resp("The household", {"$ref": "#/components/schemas/Household"})
                    }
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/households/{household_id}/changes": {
                "post": {
                    "summary": "Record a household change (moves in, birth, moves out, death)",
                    "parameters": [household_id],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["person_id", "reason", "date"],
                                    "properties": {
                                        "person_id": {"type": "integer"},
                                        "reason": {
                                            "enum": [
                                                ChangeReason.MOVED_IN,
                                                ChangeReason.BIRTH,
                                                ChangeReason.MOVED_OUT,
                                                ChangeReason.DEATH,
                                            ]
                                        },
                                        "date": DATE,
                                        "relation": {
                                            "enum": [r for r in Relation.values if r != "reference"]
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _resp("The household", {"$ref": "#/components/schemas/Household"})
                    }
                    | STANDARD
                    | NOT_FOUND,
                }
            },
            "/residence-statuses": {
                "get": {
                    "summary": "The residence status codes with their labels",
                    "responses": {"200": _resp("Codes", {"type": "object"})} | STANDARD,
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
            "schemas": {
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "field": {"type": ["string", "null"]},
                                    "code": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        }
                    },
                },
                "PersonInput": PERSON_INPUT,
                "ResidenceStatusInput": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["status", "valid_from"],
                    "properties": {
                        "status": {"enum": list(ResidenceStatusCode.values)},
                        "valid_from": DATE,
                        "valid_until": DATE,
                        "document": {"type": "string"},
                    },
                },
                "Person": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "version": {"type": "integer"},
                        "residence_statuses": {"type": "array"},
                        "households": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Household"},
                        },
                    },
                },
                "Household": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "reference_person_id": {"type": "integer"},
                        "timeline": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "from": DATE,
                                    "until": {"type": ["string", "null"], "format": "date"},
                                    "members": {"type": "array"},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    for extra in EXTRA_PATHS:
        extra(doc)
    return doc


# Other apps add their paths here (e.g. the leefloon calculation).
EXTRA_PATHS: list = []


def openapi_json(request):
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False, "indent": 1})
