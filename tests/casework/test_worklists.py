"""Issue 10 §2: a refusal for non-cooperation with an incomplete investigation, the
checklist in one save, the queues of the team lead and the worker, the hand-over of a
request, the team's caseload."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import queues, services
from openocmw.casework.models import ItemStatus, ProposalState
from tests.conftest import actor_of, make_user

from .conftest import complete_investigation, grant_input


def refusal(**over):
    data = {"kind": "refuse", "refusal_reason": "no_cooperation", "situation": None,
            "motivation": "Loonfiches gevraagd op 03/10 en 10/10, niet bezorgd."}  # fmt: skip
    return grant_input(**(data | over))


def test_a_refusal_for_non_cooperation_is_submitted_with_an_open_investigation(actor_a, request_a):
    # Law of 26 May 2002, art. 19 §2: the applicant gives every useful information; a refusal
    # to cooperate is what leaves the investigation incomplete.
    assert services.missing_items(request_a)
    proposal = services.save_proposal(actor_a, request_a, refusal())
    services.submit_proposal(actor_a, proposal)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_non_cooperation_needs_a_motivation_and_other_refusals_a_complete_file(actor_a, request_a):
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(actor_a, request_a, refusal(motivation=""))
    assert "motivation" in exc.value.message_dict
    other = services.save_proposal(
        actor_a, request_a, refusal(refusal_reason="resources_above_threshold")
    )
    with pytest.raises(ValidationError) as exc:
        services.submit_proposal(actor_a, other)
    assert exc.value.code == "investigation_incomplete"


def test_the_checklist_is_saved_in_one_form(client_for, actor_a, request_a):
    services.add_home_visit(actor_a, request_a, visited_on=date(2024, 10, 3), visited_by="Sara",
                            findings="Woont er.")  # fmt: skip
    data = {}
    for item in request_a.items.all():
        data[f"item{item.pk}-status"] = "done"
        data[f"item{item.pk}-notes"] = f"ok {item.code}"
    r = client_for("a", Role.SOCIAL_WORKER).post(
        reverse("checklist_save", args=[request_a.pk]), data
    )
    assert r.status_code == 302
    assert not services.missing_items(request_a)
    assert request_a.items.get(code="needs").notes == "ok needs"


def test_one_bad_point_saves_nothing_and_keeps_what_was_typed(client_for, request_a):
    items = list(request_a.items.all())
    data = {f"item{i.pk}-status": "done" for i in items if i.code != "actual_residence"}
    data |= {f"item{i.pk}-notes": "getypt" for i in items}
    residence = next(i for i in items if i.code == "actual_residence")
    data[f"item{residence.pk}-status"] = "done"  # no home visit recorded
    r = client_for("a", Role.SOCIAL_WORKER).post(
        reverse("checklist_save", args=[request_a.pk]), data
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert f'id="id_item{residence.pk}-status-error"' in html
    assert "getypt" in html
    assert all(i.status == ItemStatus.OPEN for i in request_a.items.all())


@pytest.fixture
def flow(actor_a, lead_a, request_a):
    complete_investigation(actor_a, request_a)
    return services.save_proposal(actor_a, request_a, grant_input())


def test_queues_follow_the_proposal(actor_a, lead_a, flow):
    assert queues.queue_counts(lead_a) == {"to_review": 0, "to_schedule": 0, "sent_back": 0}
    services.submit_proposal(actor_a, flow)
    assert list(queues.queue(lead_a, "to_review")) == [flow]
    services.review_proposal(lead_a, flow, approve=False, note="Huur ontbreekt.")
    assert list(queues.queue(actor_a, "sent_back")) == [flow]
    assert queues.queue_counts(actor_a) == {"sent_back": 1}
    services.submit_proposal(actor_a, flow)
    services.review_proposal(lead_a, flow, approve=True)
    assert list(queues.queue(lead_a, "to_schedule")) == [flow]
    assert not queues.queue(actor_a, "sent_back").exists()
    with pytest.raises(PermissionDenied):
        queues.queue(actor_a, "to_review")


def test_queue_pages_and_linked_tiles(client_for, actor_a, flow):
    services.submit_proposal(actor_a, flow)
    lead = client_for("a", Role.TEAM_LEAD)
    html = lead.get(reverse("case_dashboard")).content.decode()
    assert f'href="{reverse("case_queue", args=["to_review"])}"' in html
    assert '<th scope="col">' in html
    page = lead.get(reverse("case_queue", args=["to_review"])).content.decode()
    assert flow.request.number in page
    assert (
        client_for("a", Role.SOCIAL_WORKER)
        .get(reverse("case_queue", args=["to_review"]))
        .status_code
        == 403
    )
    assert lead.get("/cases/queue/nothing/").status_code == 404


def test_hand_over_is_audited_and_changes_the_caseload(users, ocmw_a, actor_a, lead_a, request_a):
    other = make_user("a-sw2", ocmw_a, Role.SOCIAL_WORKER)
    other.first_name, other.last_name = "Ella", "Maes"
    other.save()
    with pytest.raises(ValidationError) as exc:
        services.assign(actor_a, request_a, other.pk, reason="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.assign(actor_a, request_a, users[("b", Role.SOCIAL_WORKER)].pk, reason="verlof")
    assert "assigned_to" in exc.value.message_dict  # a worker of another OCMW
    services.assign(actor_a, request_a, other.pk, reason="verlof")
    request_a.refresh_from_db()
    assert request_a.assigned_to == other
    entry = AuditEntry.objects.filter(object_type="aidrequest", action="update").latest("at")
    assert entry.detail["event"] == "assign" and entry.detail["reason"] == "verlof"
    assert entry.detail["previous"] == actor_a.user.pk
    # The first worker no longer holds it and cannot take it back; the team lead can.
    with pytest.raises(ValidationError):
        services.assign(actor_a, request_a, actor_a.user.pk, reason="terug")
    load = {r["name"]: r["open"] for r in queues.caseload(lead_a, date(2024, 10, 5))}
    assert load == {"Ella Maes": 1}
    services.assign(lead_a, request_a, actor_a.user.pk, reason="terug van verlof")


def test_team_page_shows_the_caseload_and_the_worker_on_the_case(client_for, request_a):
    lead = client_for("a", Role.TEAM_LEAD)
    html = lead.get(reverse("case_team")).content.decode()
    assert '<th scope="row"' in html  # each worker's row is headed by the worker
    worker = request_a.assigned_to_id
    assert request_a.number in lead.get(reverse("case_team"), {"worker": worker}).content.decode()
    case = lead.get(reverse("case_detail", args=[request_a.pk])).content.decode()
    assert 'id="assigned-worker"' in case and f'action="/cases/{request_a.pk}/assign/"' in case
    assert client_for("a", Role.SOCIAL_WORKER).get(reverse("case_team")).status_code == 403


def test_the_lead_sees_the_proposal_in_full(client_for, actor_a, flow):
    long = "Reden " * 80  # 480 characters: the agenda used to cut it at 200
    services.save_proposal(actor_a, flow.request, grant_input(motivation=long), proposal=flow)
    html = (
        client_for("a", Role.TEAM_LEAD)
        .get(reverse("case_detail", args=[flow.request_id]))
        .content.decode()
    )
    assert long.strip() in html
    assert 'class="situation"' in html and 'class="why"' in html
    assert "15.461,53" in html  # the explanation of the amount, category 2 in 2024


def test_the_council_sees_the_proposal_in_full(client_for, actor_a, lead_a, flow):
    from .conftest import plan

    long = "Motivering " * 40
    flow = services.save_proposal(
        actor_a, flow.request, grant_input(motivation=long), proposal=flow
    )
    services.submit_proposal(actor_a, flow)
    services.review_proposal(lead_a, flow, approve=True)
    meeting = plan(lead_a, date(2024, 10, 15))
    services.schedule(lead_a, meeting, flow)
    html = (
        client_for("a", Role.COUNCIL_MEMBER)
        .get(reverse("meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert long.strip() in html and 'class="why"' in html and "€ 1.288,46" in html


def test_a_user_of_another_ocmw_cannot_assign(users, request_a):
    other = actor_of(users[("b", Role.TEAM_LEAD)])
    with pytest.raises(Exception):  # noqa: B017 - not found in the other OCMW's scope
        services.assign(other, request_a, users[("b", Role.SOCIAL_WORKER)].pk, reason="x")
