"""Fixtures of the exchange tests: the test adapter, folders in tmp, and a leefloon decision.

``granted`` is Jan Peeters's leefloon (OCMW A, Leuven) as a single person without income,
decided by the council on 25/02/2026 from 01/03/2026: the decision in force in March.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openocmw.accounts.models import Role
from openocmw.casework import services as casework
from openocmw.casework.models import ItemStatus
from openocmw.exchange.adapters import MemoryAdapter
from tests.conftest import actor_of

FIXTURES = Path(__file__).with_name("fixtures")
FIXTURE_SSIN = b"85073003328"

SINGLE_2026 = {
    "reference_date": "2026-03-01",
    "applicant": {
        "birth_date": "1985-07-30",
        "residence_status": "belgian",
        "conditions": {
            "actual_residence_in_belgium": True,
            "willing_to_work": True,
            "other_benefits_claimed": True,
        },
    },
    "household": {"members": []},
}


def fixture(name: str, ssin: str | None = None) -> bytes:
    data = (FIXTURES / name).read_bytes()
    return data.replace(FIXTURE_SSIN, ssin.encode()) if ssin else data


@pytest.fixture(autouse=True)
def exchange_settings(settings, tmp_path):
    MemoryAdapter.reset()
    settings.OPENOCMW_EXCHANGE = {
        "ADAPTER": "test",
        "FLOWS_DIR": tmp_path / "flows",
        "DROP_DIR": tmp_path / "drop",
        "QUARANTINE_DIR": tmp_path / "quarantine",
        "DONE_DIR": tmp_path / "done",
    }
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    yield settings.OPENOCMW_EXCHANGE
    MemoryAdapter.reset()


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def council_a(users):
    return actor_of(users[("a", Role.COUNCIL_MEMBER)])


def decide(actor, lead, council, req, proposal_input, held_on):
    """Investigate, propose, review, schedule and decide ``req``; the decision."""
    casework.add_home_visit(actor, req, visited_on=req.received_on, visited_by="Sara",
                            findings="Woont er alleen.")  # fmt: skip
    for item in req.items.all():
        casework.update_item(actor, item, status=ItemStatus.DONE, notes="ok")
    proposal = casework.save_proposal(actor, req, proposal_input)
    casework.submit_proposal(actor, proposal)
    casework.review_proposal(lead, proposal, approve=True)
    from tests.casework.conftest import plan  # a week ahead, with the attendance (quorum)

    meeting = plan(lead, held_on)
    item = casework.schedule(lead, meeting, proposal)
    return casework.decide(council, item, outcome="approved")


@pytest.fixture
def granted(actor_a, lead_a, council_a, jan):
    req = casework.register_request(
        actor_a, jan, received_on=date(2026, 2, 16), kind="leefloon", channel="counter"
    )
    return decide(actor_a, lead_a, council_a, req, casework.ProposalInput(
        kind="grant", effective_from=date(2026, 3, 1), situation=SINGLE_2026,
        motivation="Alleenstaande zonder inkomen; bereid tot werken.",
    ), date(2026, 2, 25))  # fmt: skip
