"""Beneficiaries made straight in the database (the casework flow is tested elsewhere): each
with a request, a proposal, a meeting and a council decision of leefloon."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal
from openocmw.registry.demo import insz_for
from openocmw.registry.models import Person, ResidenceStatus

_serial = itertools.count(1)


def beneficiary(
    ocmw, *, start=date(2025, 1, 1), until=None, sex="F", nationality="BE", category=2,
    birth=date(1990, 5, 1), aid="leefloon", status="belgian", kind="grant",
) -> Person:  # fmt: skip
    n = next(_serial)
    person = Person.objects.create(
        ocmw=ocmw, insz=insz_for(birth, 2 * (n % 490) + (1 if sex == "M" else 2)),
        first_name=f"P{n}", last_name="Test", birth_date=birth, sex=sex,
        nationality=nationality, language="nl",
    )  # fmt: skip
    ResidenceStatus.objects.create(person=person, status=status, valid_from=birth)
    decide(person, start=start, until=until, category=category, aid=aid, kind=kind)
    return person


def decide(person, *, start, until=None, category=2, aid="leefloon", kind="grant", situation=None):
    n = next(_serial)
    ocmw = person.ocmw
    req = AidRequest.objects.create(
        ocmw=ocmw, person=person, number=f"T{n}", received_on=start, kind=aid,
        channel="counter", decision_due=start,
    )  # fmt: skip
    proposal = Proposal.objects.create(
        request=req, kind=kind, effective_from=start, situation=situation
    )
    meeting = Meeting.objects.create(ocmw=ocmw, held_on=start, state="closed")
    return Decision.objects.create(
        ocmw=ocmw, person=person, request=req, proposal=proposal, meeting=meeting,
        aid_kind=aid, kind=kind, decided_on=start, effective_from=start,
        effective_until=until, category=category, notify_due=start,
    )  # fmt: skip


@pytest.fixture
def population_a(ocmw_a, ocmw_b):
    """OCMW A (Leuven): 12 beneficiaries in 2025 (8 Belgian women, 3 Moroccan men, 1 Dutch
    woman), 10 of whom were already paid over 2024; OCMW B (Namur): 6 Belgian men."""
    people = []
    for i in range(8):
        people.append(beneficiary(ocmw_a, start=date(2024, 1, 1) if i < 7 else date(2025, 3, 1)))
    for _i in range(3):
        people.append(beneficiary(ocmw_a, start=date(2024, 6, 1), sex="M", nationality="MA",
                                  status="population_register", category=1))  # fmt: skip
    people.append(beneficiary(ocmw_a, start=date(2025, 2, 1), nationality="NL",
                              status="eu_citizen", until=date(2025, 4, 30)))  # fmt: skip
    for _i in range(6):
        people.append(beneficiary(ocmw_b, start=date(2025, 1, 1), sex="M", category=3))
    return people
