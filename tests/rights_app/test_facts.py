"""Incomes and status facts reach the screening (issue 11 §2: "income and status facts recorded
or received through data flows"): the investigation's recorded incomes (casework) and the
exchange's tax assessments, disability replies and accepted changes."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from openocmw.casework.models import AidRequest, RecordedResource
from openocmw.exchange.models import Consultation, Mutation
from openocmw.rights import services
from openocmw.rights.models import WorklistEntry

from .conftest import make_person

ON = date(2025, 3, 1)


def _request(person, received_on, *incomes):
    request = AidRequest.objects.create(
        ocmw=person.ocmw, person=person, number=f"R{person.pk}-{received_on:%m%d}",
        received_on=received_on, kind="leefloon", channel="counter", decision_due=received_on,
    )  # fmt: skip
    for amount, period in incomes:
        RecordedResource.objects.create(
            request=request, kind="pension", amount=Decimal(amount), period=period
        )
    return request


def _consult(person, source, reply_date, facts, user):
    return Consultation.objects.create(
        ocmw=person.ocmw, person=person, source=source, purpose="investigation",
        legal_basis="ri_art19", access_code=f"{source}-{person.pk}-{reply_date}",
        reply_date=reply_date, facts=facts, by=user,
    )  # fmt: skip


def test_recorded_incomes_decide_the_income_guarantee(actor_a, lead_a):
    poor = make_person(actor_a, "belgian", date(1950, 2, 2), first="Maria")
    rich = make_person(actor_a, "belgian", date(1951, 3, 3), first="Jos")
    unknown = make_person(actor_a, "belgian", date(1952, 4, 4), first="Rita")
    _request(poor, date(2024, 6, 1), ("2000", "month"))  # an older request: not the latest
    _request(poor, date(2025, 1, 10), ("850", "month"), ("1200", "year"))  # 850 + 100 a month
    _request(rich, date(2025, 1, 10), ("3100", "month"))
    _request(unknown, date(2025, 1, 10))  # a request, no income recorded: unknown, not zero
    population = services.load_population(lead_a, ON)
    net = dict(
        zip(population.person_id.tolist(), population.columns["income_net_monthly"], strict=True)
    )
    assert net[poor.pk] == 950.0 and net[rich.pk] == 3100.0 and math.isnan(net[unknown.pk])
    run = services.run_screening(lead_a, ON, purpose="test")
    igo = {
        e.person_id: e
        for e in WorklistEntry.objects.filter(run=run, right="income_guarantee_elderly")
    }
    assert rich.pk not in igo  # the recorded income is above the IGO amount
    assert "income_net_monthly=950.00" in igo[poor.pk].reason_nl
    assert "income_net_monthly" not in " ".join(igo[poor.pk].missing)
    assert not igo[unknown.pk].complete  # still says what is missing


def test_flow_facts_reach_the_columns(actor_a, lead_a, users):
    user = lead_a.user
    paid = make_person(actor_a, "belgian", date(1980, 1, 1), first="Ann")
    not_paid = make_person(actor_a, "belgian", date(1981, 1, 1), first="Bart")
    ended = make_person(actor_a, "belgian", date(1982, 1, 1), first="Carl")
    never = make_person(actor_a, "belgian", date(1983, 1, 1), first="Dirk")
    allowance = {"field": "other_benefit", "month": "2025-01", "amount": "1100.00", "value": "IT"}
    _consult(paid, "disability", date(2025, 2, 10), [allowance], user)
    _consult(not_paid, "disability", date(2025, 2, 10), [], user)
    _consult(ended, "disability", date(2024, 12, 1), [dict(allowance, month="2024-11")], user)
    Mutation.objects.create(
        ocmw=ended.ocmw, person=ended, source="disability", kind="benefit", status="accepted",
        effective_on=date(2025, 2, 1), data={"kind": "other_benefit", "amount": "0"},
        message_id="M1",
    )  # fmt: skip
    Mutation.objects.create(  # proposed, not accepted by a worker: not a fact yet
        ocmw=never.ocmw, person=never, source="disability", kind="benefit",
        effective_on=date(2025, 2, 1), data={"kind": "other_benefit", "amount": "900"},
        message_id="M2",
    )  # fmt: skip
    _consult(paid, "tax", date(2025, 2, 1), [
        {"field": "taxable_income", "year": "2023", "amount": "14000.00", "assessed_on": ""},
        {"field": "taxable_income", "year": "2024", "amount": "15500.00", "assessed_on": ""},
    ], user)  # fmt: skip
    _consult(never, "disability", date(2025, 4, 1), [allowance], user)  # after the date
    population = services.load_population(lead_a, ON)
    at = {pk: i for i, pk in enumerate(population.person_id.tolist())}
    disability = population.columns["disability_allowance"]
    assert [int(disability[at[p.pk]]) for p in (paid, not_paid, ended, never)] == [1, 0, 0, -1]
    gross = population.columns["income_gross_yearly"]
    assert gross[at[paid.pk]] == 15500.0 and math.isnan(gross[at[never.pk]])
    assert (population.columns["debt_mediation"] == -1).all()  # no flow brings it
