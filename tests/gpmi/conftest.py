"""GPMI fixtures: a young person and an older one in OCMW A, contract data, a signed GPMI."""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.gpmi import services
from openocmw.registry import services as registry
from tests.conftest import person_data


def contract(**overrides) -> dict:
    data = {
        "kind": "general",
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "goals": ["Find a flat", "Follow a Dutch course"],
        "person_commitments": "Visit two landlords a week.",
        "ocmw_commitments": "Pay the rental guarantee.",
        "support": "Monthly meeting with the social worker.",
        "facts": {},
    }
    data.update(overrides)
    return data


START_BALANCE = {"housing": {"person": "Zoekt een woning.", "worker": "Dringend.", "score": 2}}


def start_balance(actor, gpmi, on=date(2025, 1, 1)):
    """The social balance at the start, without which a contract is not validated."""
    return services.record_social_balance(
        actor, gpmi, moment="start", recorded_on=on, domains=START_BALANCE
    )


def sign(actor, version, on=date(2025, 1, 1)):
    if not version.gpmi.balances.filter(moment="start").exists():
        start_balance(actor, version.gpmi, min(on, version.start))
    return services.validate_contract(
        actor,
        version,
        person_signed_on=on,
        person_signatory="Lotte Janssens",
        ocmw_signed_on=on,
        ocmw_signatory="An Maes, social worker",
    )


@pytest.fixture
def lotte(actor_a):
    """Lotte Janssens, born 12 March 2002 (22 at the start of 2025), in OCMW A."""
    return registry.create_person(
        actor_a,
        person_data(
            first_name="Lotte", last_name="Janssens", birth_date=date(2002, 3, 12), sex="F"
        ),
    )


@pytest.fixture
def marc(actor_a):
    """Marc Dubois, born 1 June 1980, French-speaking, in OCMW A."""
    return registry.create_person(
        actor_a,
        person_data(
            first_name="Marc", last_name="Dubois", birth_date=date(1980, 6, 1), language="fr"
        ),
    )


@pytest.fixture
def draft(actor_a, lotte):
    return services.draft_gpmi(actor_a, lotte, contract())


@pytest.fixture
def signed(actor_a, draft):
    sign(actor_a, services.latest_version(draft))
    draft.refresh_from_db()
    return draft


def leefloon_decision(actor, person, start: date):
    """A leefloon grant in force for ``person`` from ``start``, through the real casework flow
    (request, investigation, calculated proposal, review, council decision)."""
    from openocmw.accounts.models import Role
    from openocmw.casework import services as casework
    from tests.casework.conftest import plan
    from tests.conftest import actor_of

    users = actor.user.memberships.model.objects.filter(ocmw_id=actor.ocmw_id)
    lead = actor_of(users.get(role=Role.TEAM_LEAD).user)
    council = actor_of(users.get(role=Role.COUNCIL_MEMBER).user)
    req = casework.register_request(
        actor, person, received_on=start, kind="leefloon", channel="counter"
    )
    casework.add_home_visit(actor, req, visited_on=start, visited_by="An", findings="Woont er.")
    for item in req.items.all():
        casework.update_item(actor, item, status="done", notes="ok")
    situation = {
        "reference_date": start.isoformat(),
        "applicant": {
            "birth_date": person.birth_date.isoformat(),
            "residence_status": "belgian",
            "conditions": {
                "actual_residence_in_belgium": True,
                "willing_to_work": True,
                "other_benefits_claimed": True,
            },
        },
        "household": {"members": []},
    }
    proposal = casework.save_proposal(
        actor, req, casework.ProposalInput(kind="grant", effective_from=start, situation=situation)
    )
    casework.submit_proposal(actor, proposal)
    casework.review_proposal(lead, proposal, approve=True)
    item = casework.schedule(lead, plan(lead, start), proposal)
    return casework.decide(council, item, outcome="approved")


@pytest.fixture
def lotte_on_leefloon(actor_a, lotte):
    return leefloon_decision(actor_a, lotte, date(2025, 1, 1))
