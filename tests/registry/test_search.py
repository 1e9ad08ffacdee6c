"""registry.search: a name prefix is an index range with both bounds, and stays exact at the
edges (a prefix ending in "z", a name that is the prefix's successor)."""

from datetime import date

import pytest

from openocmw.registry import search, services
from tests.conftest import person_data


@pytest.mark.parametrize(
    ("prefix", "upper"),
    [("pe", "pf"), ("pez", "pf"), ("peeters j", "peeters k"), ("van8", "van9"), ("zz", None),
     ("van-", None)],
)  # fmt: skip
def test_a_prefix_has_an_upper_bound_when_it_is_safe(prefix, upper):
    bounds = dict(search._prefix("search_name", prefix).children)
    assert bounds["search_name__gte"] == prefix
    assert bounds.get("search_name__lt") == upper
    assert bounds.get("search_name__startswith") == (None if upper else prefix)


def test_results_at_the_edges_of_the_range(actor_a):
    names = ["Pez", "Pezzi", "Pf", "Pe", "Peeters", "Zz", "Zzap"]
    made = {}
    for i, last in enumerate(names):
        made[last] = services.create_person(
            actor_a, person_data(insz="", last_name=last, birth_date=date(1980, 1, 1 + i))
        )
    found = search.search(actor_a, "pez")
    assert [p.last_name for p in found.results] == ["Pez", "Pezzi"]
    assert [p.last_name for p in search.search(actor_a, "zz").results] == ["Zz", "Zzap"]
    assert {p.last_name for p in search.search(actor_a, "pe").results} == {
        "Pe", "Peeters", "Pez", "Pezzi"
    }  # fmt: skip


def test_one_word_lists_last_names_first_then_first_names(actor_a):
    jan = services.create_person(actor_a, person_data(insz="", first_name="Jan", last_name="Aerts"))
    janssens = services.create_person(
        actor_a, person_data(insz="", first_name="Piet", last_name="Janssens")
    )
    found = search.search(actor_a, "jan", per_page=1)
    assert found.total == 2 and found.results == [janssens]
    assert search.search(actor_a, "jan", page=2, per_page=1).results == [jan]
    assert services.search_persons(actor_a, "jan") == [janssens, jan]


def _plan(qs) -> str:
    """The database's plan of ``qs``. PostgreSQL plans by its statistics: the test fills the
    OCMW with a few hundred people and analyses the table first."""
    return qs.explain()


def _neighbours(ocmw_id: int, n: int = 400) -> None:
    """``n`` other people of the OCMW, on other streets and in other postal codes (one insert,
    then the statistics PostgreSQL plans with)."""
    from django.db import connection

    from openocmw.registry.models import Person

    Person.objects.bulk_create(
        Person(
            ocmw_id=ocmw_id, first_name=f"P{i}", last_name=f"Lid{i:04d}",
            birth_date=date(1950 + i % 50, 1 + i % 12, 1 + i % 28), sex="M", nationality="BE",
            search_name=f"lid{i:04d} p{i}", search_first=f"p{i}", street=f"Laan {i}",
            search_street=f"laan {i}", house_number=str(i % 90), postal_code=str(1000 + i % 80),
        )
        for i in range(n)
    )  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_person")


@pytest.mark.parametrize(
    ("address", "index"),
    [
        ({"street": "Kérkstr"}, "person_ocmw_search_street"),
        ({"street": "kerkstraat", "number": "12"}, "person_ocmw_search_street"),
        ({"postcode": "3000"}, "person_ocmw_postal_code"),
    ],
)
def test_an_address_search_is_served_by_an_index(actor_a, address, index):
    """Issue 10 §1: who lives at Kerkstraat 12. The street (folded: accents and case do not
    matter) is a range on (ocmw, search_street), the postal code a lookup on (ocmw,
    postal_code, search_name); EXPLAIN shows the index on SQLite and PostgreSQL."""
    home = services.create_person(actor_a, person_data(
        insz="", last_name="Aerts", street="Kerkstraat", house_number="12", postal_code="3000"))  # fmt: skip
    services.create_person(actor_a, person_data(
        insz="", last_name="Claes", birth_date=date(1990, 1, 1), street="Kerkhofweg",
        house_number="12", postal_code="3001"))  # fmt: skip
    _neighbours(actor_a.ocmw_id)
    found = search.search(actor_a, "", address=search.Address(**address))
    assert [p.pk for p in found.results] == [home.pk]
    qs = services.persons_for(actor_a).filter(search.Address(**address).condition())
    assert index in _plan(qs.order_by())  # the count
    assert index in _plan(qs.order_by("search_name", "pk")[:25])  # the page
