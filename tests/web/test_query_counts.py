"""The number of SQL queries of the three pages of the load benchmark (issue 9), pinned.

The person file, the search and the case page are what social workers open all day; the load
benchmark (bench/bench_load.py) asks for them in the proportions 40/40/20. Each query costs
the server CPU, so their number is fixed here: a page must not start a query per household,
member, request or decision (a ``{% for %}`` on a queryset in a template, a missing
``select_related``), and the middleware chain must not read the user's memberships twice.

The budgets count every statement Django sends in a test, SAVEPOINT and RELEASE of the audit
entry's atomic block included (a page outside a test sends BEGIN/COMMIT instead, not counted
by Django): session, user, memberships, the page's own reads, and the audit entry (the chain
head locked, the entry inserted, the head updated).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.casework import services as casework
from openocmw.registry import services as registry
from tests.casework.conftest import SINGLE, complete_investigation, grant_input, plan
from tests.conftest import actor_of, person_data

# The budgets (see the module's docstring for what they count).
PERSON_FILE = 19
# One word is the start of a last name or of a first name: each counted (issue 10 §1: no
# silent limit) and read by its own index, at most one page query each.
SEARCH = 12
# 18 since issue 10 §2-§5: the incomes recorded in the investigation, the letters of the request
# and the workers it can be handed over to (two user lists) are read once each; 19 since the
# incomes of household members: the household on the request's date, in one query however many
# households the person has lived in (`registry.compositions_with`).
CASE_PAGE = 19


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a client may set its session up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _decided_request(actor, lead, council, person, received_on):
    req = casework.register_request(
        actor, person, received_on=received_on, kind="leefloon", channel="counter"
    )
    complete_investigation(actor, req)
    data = grant_input(
        effective_from=received_on, situation={**SINGLE, "reference_date": str(received_on)}
    )
    proposal = casework.save_proposal(actor, req, data)
    casework.submit_proposal(actor, proposal)
    casework.review_proposal(lead, proposal, approve=True)
    meeting = plan(lead, date(received_on.year, received_on.month, 20))  # ahead, with quorum
    item = casework.schedule(lead, meeting, proposal)
    casework.decide(council, item, outcome="approved")
    return req


def _grow(actor, household, jan, how_many: int) -> None:
    """Children in jan's household, each with a residence status of their own."""
    for i in range(how_many):
        born = date(2016 + i, 3, 1 + i)
        child = registry.create_person(
            actor,
            person_data(first_name=f"Kind{i}", birth_date=born, insz=""),
            status="belgian",
            status_from=born,
        )
        registry.record_household_change(
            actor, household, person=child, reason="birth", on=born, relation="child"
        )


@pytest.fixture
def small_file(jan, household):
    return jan


@pytest.fixture
def big_file(users, actor_a, jan, household):
    """Jan with four children, a second household after a move, a second residence status,
    two decided leefloon requests and an open one."""
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    council = actor_of(users[("a", Role.COUNCIL_MEMBER)])
    _grow(actor_a, household, jan, 4)
    registry.record_household_change(
        actor_a, household, person=jan, reason="moved_out", on=date(2023, 1, 1)
    )
    registry.found_household(actor_a, jan, date(2023, 1, 1))
    registry.add_residence_status(actor_a, jan, "eu_citizen", date(2022, 1, 1))
    first = _decided_request(actor_a, lead, council, jan, date(2024, 3, 1))
    withdrawn = casework.register_request(
        actor_a, jan, received_on=date(2024, 6, 3), kind="leefloon", channel="counter"
    )
    casework.withdraw_request(actor_a, withdrawn, "Werk gevonden.")
    _decided_request(actor_a, lead, council, jan, date(2024, 9, 2))
    return jan, first


def test_the_person_file_asks_a_fixed_number_of_queries_whatever_its_size(
    client_for, small_file, django_assert_max_num_queries
):
    client = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("person_detail", args=[small_file.pk])
    small = _count(client, url)
    with django_assert_max_num_queries(PERSON_FILE):
        client.get(url)
    assert small <= PERSON_FILE


def test_a_big_person_file_asks_no_more_queries_than_a_small_one(client_for, big_file):
    jan, _ = big_file
    client = client_for("a", Role.SOCIAL_WORKER)
    html = client.get(reverse("person_detail", args=[jan.pk])).content.decode()
    # The file is really big: both households, the four children, three requests, decisions.
    assert html.count("Kind") >= 4 and html.count("Gezin van Peeters Jan") == 2
    assert html.count("/cases/") >= 3
    big = _count(client, reverse("person_detail", args=[jan.pk]))
    assert big <= PERSON_FILE


def test_the_search_asks_a_fixed_number_of_queries(
    client_for, big_file, django_assert_max_num_queries
):
    client = client_for("a", Role.SOCIAL_WORKER)
    client.get("/persons/?q=pee")
    with django_assert_max_num_queries(SEARCH):
        response = client.get("/persons/?q=pee")
    assert "Peeters Jan" in response.content.decode()
    with django_assert_max_num_queries(SEARCH):
        response = client.get("/persons/?q=peeters")  # five results, the same queries
    assert response.content.decode().count("Kind") >= 4


def test_the_case_page_asks_a_fixed_number_of_queries(
    client_for, big_file, django_assert_max_num_queries
):
    _, req = big_file
    client = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("case_detail", args=[req.pk])
    client.get(url)
    with django_assert_max_num_queries(CASE_PAGE):
        response = client.get(url)
    html = response.content.decode()
    assert 'id="decisions"' in html and "v1" in html


def test_the_memberships_are_read_once_per_request(client_for, small_file):
    client = client_for("a", Role.SOCIAL_WORKER)
    client.get("/persons/?q=pee")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/persons/?q=pee")
    reads = [q for q in ctx.captured_queries if 'FROM "accounts_membership"' in q["sql"]]
    assert len(reads) == 1
    assert 'id="ocmw-switch"' in response.content.decode()  # the switch still lists them


def test_an_audit_entry_is_one_insert_and_no_extra_select(actor_a, small_file):
    from openocmw.accounts import audit

    audit.record(actor_a, "view", object_type="person", object_id=small_file.pk)  # the head exists
    with CaptureQueriesContext(connection) as ctx:
        audit.record(actor_a, "view", object_type="person", object_id=small_file.pk)
    statements = [q["sql"].split()[0] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert statements == ["SELECT", "INSERT", "UPDATE"]
    locking = ctx.captured_queries[1]["sql"] if connection.vendor == "postgresql" else ""
    assert connection.vendor != "postgresql" or "FOR UPDATE" in locking


def test_templates_are_cached_when_debug_is_off(settings):
    """The production profile keeps compiled templates (Django's cached loader is the default
    whenever no loaders are configured); none of our settings may turn it off."""
    engine = engines["django"].engine
    assert engine.loaders == [
        ("django.template.loaders.cached.Loader", [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ])
    ]  # fmt: skip
