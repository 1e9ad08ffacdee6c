"""registry.matching: the likely duplicates shown before a person is registered (issue 10 §1:
"the same person (name and birth date) can be registered three times without a warning when
no INSZ is given")."""

from datetime import date

import pytest

from openocmw.registry import matching, services
from openocmw.registry.matching import EXACT, SIMILAR, SWAPPED, compare, edit_distance
from tests.conftest import person_data


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("peeters", "peeters", 0),
        ("peters", "peeters", 1),  # a letter missing
        ("peetres", "peeters", 1),  # two neighbouring letters swapped: one typo
        ("peeterz", "peeters", 1),
        ("jan", "piet", 4),
        ("", "jan", 3),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_edit_distance_stops_early_beyond_the_limit():
    assert edit_distance("vandenbroeck", "janssens", limit=2) == 3


@pytest.mark.parametrize(
    ("typed", "registered", "expected"),
    [
        (("Jan", "Peeters"), ("Jan", "Peeters"), (EXACT, 0)),
        (("JAN", "peeters"), ("Jan", "Peeters"), (EXACT, 0)),
        (("Ayse", "Celik"), ("Ayşe", "Çelik"), (EXACT, 0)),  # accents
        (("Marie Claire", "Vandenbroeck"), ("Marie-Claire", "Van den Broeck"), (EXACT, 0)),
        (("Peeters", "Jan"), ("Jan", "Peeters"), (SWAPPED, 0)),  # name order
        (("Jan", "Peters"), ("Jan", "Peeters"), (SIMILAR, 1)),  # a typo
        (("Jna", "Peetres"), ("Jan", "Peeters"), (SIMILAR, 2)),  # two, in a longer name
        (("Mohamed", "El Amrani"), ("Mohammed", "El Amrani"), (SIMILAR, 1)),
        (("Peters", "Jan"), ("Jan", "Peeters"), (SIMILAR, 1)),  # order and a typo
    ],
)
def test_names_that_match(typed, registered, expected):
    assert compare(*typed, *registered) == expected


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        (("Piet", "Peeters"), ("Jan", "Peeters")),  # a brother, not a typo
        (("Jan", "Janssens"), ("Jan", "Peeters")),
        (("Bo", "Li"), ("Jo", "Lu")),  # short names: one typo at most
        (("", ""), ("Jan", "Peeters")),
    ],
)
def test_names_that_do_not_match(typed, registered):
    assert compare(*typed, *registered) is None


def test_likely_duplicates_same_birth_date_only_and_best_first(actor_a, ocmw_a, jan):
    born = jan.birth_date
    typo = services.create_person(
        actor_a, person_data(insz="", first_name="Jan", last_name="Peters", birth_date=born)
    )
    services.create_person(  # same name, another birth date: not a likely duplicate
        actor_a, person_data(insz="", birth_date=date(1985, 7, 31))
    )
    found = matching.likely_duplicates(ocmw_a, "Jan", "Peeters", born)
    assert [(m.person, m.reason) for m in found] == [(jan, EXACT), (typo, SIMILAR)]
    assert found[0].label == "zelfde naam en geboortedatum"


def test_likely_duplicates_with_an_insz(actor_a, ocmw_a, jan):
    # The same INSZ is refused by the uniqueness check, not shown as "likely".
    assert matching.likely_duplicates(ocmw_a, "Jan", "Peeters", jan.birth_date, jan.insz) == []
    # Another INSZ with the same name and birth date: still shown, flagged.
    other = "85073003571"
    [match] = matching.likely_duplicates(ocmw_a, "Jan", "Peeters", jan.birth_date, other)
    assert match.person == jan and match.other_insz


def test_likely_duplicates_stay_within_the_ocmw(ocmw_b, jan):
    assert matching.likely_duplicates(ocmw_b, "Jan", "Peeters", jan.birth_date) == []
    assert matching.likely_duplicates(ocmw_b.pk, "Jan", "Peeters", None) == []


def test_the_api_refuses_a_likely_duplicate_until_confirmed(users, jan):
    """POST /api/v1/persons runs the form's duplicate check: 409 with the likely duplicates
    and nothing saved; sent again with confirm_different_person, registered and audited."""
    import json

    from django.test import Client

    from openocmw.accounts.models import AuditEntry, Role
    from openocmw.accounts.tokens import issue_token
    from openocmw.registry.models import Person

    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="fr")
    body = {"first_name": "Jän", "last_name": "Peters", "birth_date": jan.birth_date.isoformat(),
            "sex": "M", "nationality": "BE"}  # fmt: skip
    r = client.post("/api/v1/persons", json.dumps(body), content_type="application/json")
    assert r.status_code == 409, r.content
    answer = r.json()
    assert answer["errors"][0]["field"] == "confirm_different_person"
    assert "confirm_different_person" in answer["errors"][0]["message"]
    assert "Vraisemblablement" in answer["errors"][0]["message"]  # the user's language
    assert [d["id"] for d in answer["duplicates"]] == [jan.pk]
    assert answer["duplicates"][0]["url"] == f"/api/v1/persons/{jan.pk}"
    assert Person.objects.count() == 1
    check = AuditEntry.objects.filter(purpose="duplicate check").first()
    assert check.detail["persons"] == [jan.pk]
    r = client.post(
        "/api/v1/persons", json.dumps(body | {"confirm_different_person": True}),
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    created = AuditEntry.objects.filter(object_type="person", action="create").first()
    assert created.detail["not_duplicate_of"] == [jan.pk]
    r = client.post(
        "/api/v1/persons", json.dumps(body | {"confirm_different_person": "yes"}),
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "confirm_different_person"
