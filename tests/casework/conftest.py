from datetime import date, timedelta
from unittest import mock

import pytest

from openocmw.accounts.models import Role
from openocmw.casework import services
from openocmw.casework.models import ItemStatus
from tests.conftest import actor_of

SINGLE = {
    "reference_date": "2024-10-01",
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


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def council_a(users):
    return actor_of(users[("a", Role.COUNCIL_MEMBER)])


@pytest.fixture
def request_a(actor_a, jan):
    return services.register_request(
        actor_a, jan, received_on=date(2024, 10, 1), kind="leefloon", channel="counter"
    )


def seat(actor, meeting, *, members: int = 9, present: int = 9):
    """Record the attendance: a chair, a secretary and ``members - 1`` other members, of
    whom ``present`` (chair included) are present."""
    attendees = [("Voorzitter Vos", "chair", present >= 1), ("Secretaris Smet", "secretary", True)]
    attendees += [(f"Lid {n}", "member", n + 1 < present) for n in range(members - 1)]
    return services.record_attendance(
        actor, meeting, members_in_office=members, attendees=attendees
    )


def plan(lead, held_on: date, *, attendance: bool = True, **kwargs):
    """Plan a meeting a week before its date (a meeting in the past is refused), with its
    attendance recorded unless ``attendance=False``."""
    with mock.patch("openocmw.casework.council._today", return_value=held_on - timedelta(days=7)):
        meeting = services.plan_meeting(lead, held_on, confirmed=True, **kwargs)
    if attendance:
        seat(lead, meeting)
    return meeting


def complete_investigation(actor, req):
    services.add_home_visit(
        actor, req, visited_on=date(2024, 10, 3), visited_by="Sara", findings="Woont er."
    )
    for item in req.items.all():
        services.update_item(actor, item, status=ItemStatus.DONE, notes="ok")


def grant_input(**over):
    data = {"kind": "grant", "effective_from": date(2024, 10, 1), "situation": SINGLE}
    data.update(over)
    return services.ProposalInput(**data)


@pytest.fixture
def scheduled(actor_a, lead_a, request_a):
    """A leefloon request, investigated, proposed, reviewed and on the agenda of 15/10/2024."""
    complete_investigation(actor_a, request_a)
    proposal = services.save_proposal(actor_a, request_a, grant_input())
    services.submit_proposal(actor_a, proposal)
    services.review_proposal(lead_a, proposal, approve=True)
    meeting = plan(lead_a, date(2024, 10, 15))
    item = services.schedule(lead_a, meeting, proposal)
    return item
