"""The API framework as a client meets it: every error at once, each naming its field, in the
user's language (DRF's own messages included), and the OpenAPI document generated from the code."""

import json

import pytest
from django.test import Client

from openocmw.accounts.models import Role
from openocmw.accounts.tokens import issue_token

BAD_PERSON = {
    "first_name": 5, "last_name": "", "birth_date": "30/07/1985", "sex": "Q", "nationality": None,
    "favourite_colour": "blue", "residence_status": [],
}  # fmt: skip
MESSAGES = {
    "nl": {"first_name": "tekst", "birth_date": "formaat", "favourite_colour": "Onbekend veld"},
    "fr": {"first_name": "texte", "birth_date": "format", "favourite_colour": "Champ inconnu"},
}


def client_in(users, lang: str) -> Client:
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_error_at_once_each_naming_its_field_in_the_users_language(users, lang):
    r = client_in(users, lang).post(
        "/api/v1/persons", json.dumps(BAD_PERSON), content_type="application/json"
    )
    assert r.status_code == 400
    errors = {e["field"]: e for e in r.json()["errors"]}
    assert set(errors) == set(BAD_PERSON)
    assert errors["favourite_colour"]["code"] == "unknown_field"
    assert errors["last_name"]["code"] == "blank"
    assert errors["nationality"]["code"] == "null"
    for field, word in MESSAGES[lang].items():
        assert word in errors[field]["message"], (field, errors[field]["message"])


def test_without_accept_language_the_users_own_language_is_used(users):
    token = issue_token(users[("b", Role.SOCIAL_WORKER)].memberships.get(), "t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")  # user b speaks French
    r = c.post("/api/v1/households", "{}", content_type="application/json")
    assert r.status_code == 400
    assert {e["message"] for e in r.json()["errors"]} == {"Ce champ est obligatoire."}


def test_the_document_is_generated_from_the_serializers(client):
    doc = client.get("/api/v1/openapi.json").json()
    person = doc["components"]["schemas"]["PersonInputRequest"]
    assert person["additionalProperties"] is False
    assert {"first_name", "last_name", "birth_date", "sex", "nationality"} <= set(
        person["required"]
    )
    assert person["properties"]["first_name"]["maxLength"] == 100
    change = doc["paths"]["/households/{household_id}/changes"]["post"]
    body = change["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    props = doc["components"]["schemas"][body.split("/")[-1]]["properties"]
    assert props["person_id"]["type"] == "integer" and props["person_id"]["minimum"] == 1
    for status in ("400", "401", "403", "404"):
        assert status in change["responses"], status
    situation = doc["components"]["schemas"]["LeefloonSituation"]
    assert "$defs" not in situation
    refs = json.dumps(situation)
    assert "#/$defs/" not in refs and "#/components/schemas/LeefloonSituation_resources" in refs
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
