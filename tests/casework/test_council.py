"""Council planning and minutes (issue 10 §2): a meeting in the past is refused, a weekend
or a second meeting on one day asks for confirmation, a proposal after its legal deadline
needs a justification, an item can be taken off the agenda or moved, and the minutes record
attendance, quorum, votes and signatures."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from openocmw.accounts.models import AuditEntry
from openocmw.casework import services
from openocmw.casework.models import AgendaItem, Decision, Meeting, ProposalState

from .conftest import complete_investigation, grant_input, plan, seat

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def today():
    with mock.patch("openocmw.casework.council._today", return_value=TODAY):
        yield TODAY


def codes(exc):
    return {e.code for errors in exc.error_dict.values() for e in errors}


def test_a_meeting_in_the_past_is_refused(lead_a, today):
    with pytest.raises(ValidationError) as exc:
        services.plan_meeting(lead_a, date(2026, 12, 1))
    assert "held_on" in exc.value.message_dict and "past" in codes(exc.value)
    assert not Meeting.objects.exists()


def test_a_weekend_day_asks_for_confirmation(lead_a, today):
    with pytest.raises(ValidationError) as exc:
        services.plan_meeting(lead_a, date(2026, 12, 5))
    assert codes(exc.value) == {"confirm"} and not Meeting.objects.exists()
    meeting = services.plan_meeting(lead_a, date(2026, 12, 5), confirmed=True, note="urgent")
    assert meeting.planning_note == "urgent"
    entry = AuditEntry.objects.filter(object_type="meeting", action="create").get()
    assert entry.detail == {"confirmed": ["weekend"]}


def test_a_second_meeting_on_one_day_asks_for_confirmation(lead_a, today):
    services.plan_meeting(lead_a, date(2026, 12, 9))
    with pytest.raises(ValidationError) as exc:
        services.plan_meeting(lead_a, date(2026, 12, 9))
    assert codes(exc.value) == {"confirm"}
    services.plan_meeting(lead_a, date(2026, 12, 9), confirmed=True)
    assert Meeting.objects.filter(held_on=date(2026, 12, 9)).count() == 2


@pytest.fixture
def reviewed(actor_a, lead_a, request_a):
    complete_investigation(actor_a, request_a)
    proposal = services.save_proposal(actor_a, request_a, grant_input())
    services.submit_proposal(actor_a, proposal)
    return services.review_proposal(lead_a, proposal, approve=True)


def test_scheduling_after_the_legal_deadline_needs_a_justification(lead_a, reviewed):
    late = plan(lead_a, date(2024, 11, 5))  # the request of 01/10/2024 is due on 31/10/2024
    with pytest.raises(ValidationError) as exc:
        services.schedule(lead_a, late, reviewed)
    assert "late_justification" in exc.value.message_dict
    assert "31/10/2024" in exc.value.message_dict["late_justification"][0]
    reviewed.refresh_from_db()
    assert reviewed.state == ProposalState.REVIEWED and not AgendaItem.objects.exists()
    item = services.schedule(lead_a, late, reviewed, justification="Documents kwamen laat.")
    assert item.late_justification == "Documents kwamen laat."


def test_an_item_is_taken_off_the_agenda_and_moved(lead_a, reviewed, actor_a, jan):
    first, second = plan(lead_a, date(2024, 10, 15)), plan(lead_a, date(2024, 10, 22))
    other = services.register_request(
        actor_a, jan, received_on=date(2024, 10, 2), kind="other_social_aid", other_aid="energy",
        channel="phone",
    )  # fmt: skip
    complete_investigation(actor_a, other)
    p2 = services.save_proposal(
        actor_a, other, grant_input(kind="refuse", refusal_reason="resources_above_threshold", situation=None)
    )  # fmt: skip
    services.submit_proposal(actor_a, p2)
    services.review_proposal(lead_a, p2, approve=True)
    a = services.schedule(lead_a, first, reviewed)
    b = services.schedule(lead_a, first, p2)
    assert (a.position, b.position) == (1, 2)
    services.unschedule(lead_a, a)
    reviewed.refresh_from_db()
    assert reviewed.state == ProposalState.REVIEWED
    b.refresh_from_db()
    assert b.position == 1  # renumbered
    moved = services.move_item(lead_a, b, second)
    assert moved.meeting_id == second.pk and moved.position == 1
    assert not first.items.exists()
    events = [e.detail.get("event") for e in AuditEntry.objects.filter(object_type="proposal")]
    assert "unschedule" in events and "move" in events


def test_no_decision_without_attendance_or_quorum(lead_a, council_a, reviewed):
    meeting = plan(lead_a, date(2024, 10, 15), attendance=False)
    item = services.schedule(lead_a, meeting, reviewed)
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, item, outcome="approved")
    assert exc.value.code == "attendance"
    seat(council_a, meeting, members=9, present=4)  # 5 needed
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, item, outcome="approved")
    assert exc.value.code == "quorum" and "5" in exc.value.messages[0]
    seat(council_a, meeting, members=9, present=5)
    assert services.decide(council_a, item, outcome="approved", votes=(3, 1, 1)) is not None


def test_votes_must_agree_with_the_outcome(lead_a, council_a, reviewed):
    meeting = plan(lead_a, date(2024, 10, 15))
    item = services.schedule(lead_a, meeting, reviewed)
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, item, outcome="approved", votes=(2, 2, 1))  # a tie
    assert "outcome" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, item, outcome="approved", votes=(9, 1, 0))  # 9 present
    assert "votes_for" in exc.value.message_dict
    assert not Decision.objects.exists()
    services.decide(council_a, item, outcome="approved", votes=(6, 2, 1))
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.votes_abstain) == (6, 2, 1)


def test_attendance_needs_a_chair_and_a_secretary(council_a, lead_a):
    meeting = plan(lead_a, date(2024, 10, 15), attendance=False)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(
            council_a, meeting, members_in_office=3, attendees=[("A", "member", True)]
        )
    assert "attendees" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(council_a, meeting, members_in_office=0, attendees=[])
    assert "members_in_office" in exc.value.message_dict


def test_closing_signs_the_minutes(lead_a, council_a, reviewed):
    import io

    from pypdf import PdfReader

    meeting = plan(lead_a, date(2024, 10, 15))
    item = services.schedule(lead_a, meeting, reviewed)
    services.decide(council_a, item, outcome="approved", votes=(7, 1, 1))
    meeting = services.close_meeting(council_a, meeting)
    assert meeting.signed_by_chair == "Voorzitter Vos"
    assert meeting.signed_by_secretary == "Secretaris Smet"
    from openocmw.casework.letters import minutes

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes(meeting, "nl"))).pages)
    assert "Voorzitter Vos" in text and "Secretaris Smet" in text
    assert "Lid 3" in text  # attendance
    assert "7" in text and "quorum" in text.lower()
