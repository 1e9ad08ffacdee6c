"""The API applies the same input checks as the forms (issue 9, section 5): they live in the
services (openocmw.inputs.validation), so a zero-width or bidi character in a name, an
implausible birth date and an oversized name are a 400 naming the field, and nothing is
stored; a decomposed name is stored in NFC."""

import json

import pytest

from openocmw.accounts.models import Role
from openocmw.accounts.tokens import issue_token
from openocmw.registry.models import Person

NEW = {
    "insz": "", "first_name": "Jan", "last_name": "Peeters", "birth_date": "1985-07-30",
    "sex": "M", "nationality": "BE",
}  # fmt: skip


@pytest.fixture
def api_a(users, client):
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "tests")
    client.defaults.update(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="nl")
    return client


def post(client, data):
    return client.post("/api/v1/persons", json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": "Jan\u200b"}, "first_name"),
        ({"last_name": "\u202eSNEEP"}, "last_name"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
        ({"birth_date": "1899-12-31"}, "birth_date"),
        ({"last_name": "x" * (2 * 1024 * 1024)}, "last_name"),
        ({"street": "Kerk\x00straat"}, "street"),
    ],
)
def test_implausible_input_is_400_naming_the_field(api_a, change, field):
    r = post(api_a, NEW | change)
    assert r.status_code == 400, r.content[:300]
    assert field in [e["field"] for e in r.json()["errors"]]
    assert Person.objects.count() == 0


def test_names_are_stored_in_nfc(api_a):
    r = post(api_a, NEW | {"first_name": "Rene\u0301"})
    assert r.status_code == 201, r.content
    assert Person.objects.get().first_name == "Ren\u00e9"
