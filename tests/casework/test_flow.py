"""The casework flow: request, investigation, proposal, council, decision, letter.

Deadlines: law of 26 May 2002 on the right to social integration, art. 21 §1 (decision within
30 days of the request) and art. 21 §3 (notification within 8 days of the decision);
art. 47 §1 (appeal to the labour court within 3 months).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import AuditEntry
from openocmw.casework import services
from openocmw.casework.models import AidRequest, Decision, Evidence, ItemStatus, Proposal

from ..inputs import samples
from ..inputs.samples import upload
from .conftest import SINGLE, complete_investigation, grant_input, plan


def test_register_starts_the_30_day_clock_and_the_checklist(request_a):
    assert request_a.decision_due == date(2024, 10, 31)  # art. 21 §1: 30 days
    assert request_a.number == "2024/000001"
    codes = [i.code for i in request_a.items.all()]
    assert codes == ["identity", "actual_residence", "household", "resources", "other_benefits",
                     "willingness_to_work", "needs"]  # fmt: skip
    assert AuditEntry.objects.filter(object_type="aidrequest", action="create").exists()


def test_numbers_are_sequential_per_ocmw_and_year(actor_a, actor_b, jan, request_a):
    second = services.register_request(actor_a, jan, received_on=date(2024, 11, 2), kind="other_social_aid",
                                       other_aid="energy", channel="phone")  # fmt: skip
    assert second.number == "2024/000002"
    assert [i.code for i in second.items.all()] == ["identity", "household", "resources", "needs"]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"received_on": None}, "received_on"),
        ({"received_on": date(2099, 1, 1)}, "received_on"),
        ({"kind": "lottery"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"kind": "other_social_aid", "other_aid": ""}, "other_aid"),
        ({"kind": "other_social_aid", "other_aid": "other", "description": ""}, "description"),
    ],
)
def test_bad_request_input_names_the_field_and_saves_nothing(actor_a, jan, kwargs, field):
    data = {"received_on": date(2024, 10, 1), "kind": "leefloon", "channel": "counter"} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.register_request(actor_a, jan, **data)
    assert field in exc.value.message_dict
    assert AidRequest.objects.count() == 0


def test_home_visit_is_required_before_the_residence_item_is_done(actor_a, request_a):
    item = request_a.items.get(code="actual_residence")
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor_a, item, status=ItemStatus.DONE)
    assert "status" in exc.value.message_dict
    services.add_home_visit(
        actor_a, request_a, visited_on=date(2024, 10, 3), visited_by="Sara", findings="ok"
    )
    services.update_item(actor_a, item, status=ItemStatus.DONE)
    request_a.refresh_from_db()
    assert request_a.state == "investigating"


def test_not_applicable_needs_an_explanation(actor_a, request_a):
    item = request_a.items.get(code="willingness_to_work")
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor_a, item, status=ItemStatus.NOT_APPLICABLE, notes=" ")
    assert "notes" in exc.value.message_dict


def test_proposal_cannot_be_submitted_while_items_are_open(actor_a, request_a):
    proposal = services.save_proposal(actor_a, request_a, grant_input())
    with pytest.raises(ValidationError) as exc:
        services.submit_proposal(actor_a, proposal)
    assert exc.value.code == "investigation_incomplete"
    from openocmw.casework.flow import ITEMS

    assert str(ITEMS["actual_residence"]["label"]) in exc.value.messages[0]  # names what is missing
    proposal.refresh_from_db()
    assert proposal.state == "draft"


def test_leefloon_proposal_freezes_the_calculation(actor_a, request_a):
    proposal = services.save_proposal(actor_a, request_a, grant_input())
    # Category 2 (single person), 1 May 2024: € 15.461,53 a year = € 1.288,46 a month.
    assert proposal.category == 2
    assert proposal.calculated_amount == Decimal("1288.46")
    assert proposal.monthly_amount == Decimal("1288.46")
    assert proposal.situation == SINGLE
    assert proposal.calculation["explanation"]["steps"]
    assert proposal.rules_version.startswith("0.1.0+rules.")


def test_amount_different_from_calculation_needs_a_justification(actor_a, request_a):
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(actor_a, request_a, grant_input(monthly_amount=Decimal("1000.00")))
    assert "amount_justification" in exc.value.message_dict
    assert Proposal.objects.count() == 0
    p = services.save_proposal(
        actor_a,
        request_a,
        grant_input(
            monthly_amount=Decimal("1000.00"),
            amount_justification="Voorschot in afwachting van loonfiches.",
        ),
    )
    assert p.monthly_amount == Decimal("1000.00") and p.calculated_amount == Decimal("1288.46")


def test_situation_errors_are_named_with_their_path(actor_a, request_a):
    bad = {
        **SINGLE,
        "applicant": {
            **SINGLE["applicant"],
            "resources": [{"kind": "wages", "amount": -5, "period": "month"}],
        },
    }
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(actor_a, request_a, grant_input(situation=bad))
    assert "situation.applicant.resources[0].amount" in exc.value.message_dict


def test_refusal_needs_a_coded_reason(actor_a, request_a):
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(actor_a, request_a, grant_input(kind="refuse", situation=None))
    assert "refusal_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(
            actor_a, request_a, grant_input(kind="refuse", refusal_reason="other", situation=None)
        )
    assert "motivation" in exc.value.message_dict
    p = services.save_proposal(
        actor_a,
        request_a,
        grant_input(kind="refuse", refusal_reason="not_willing_to_work", situation=None),
    )
    assert p.refusal_reason == "not_willing_to_work" and p.monthly_amount is None


def test_two_users_editing_the_same_draft_conflict(actor_a, lead_a, request_a):
    p = services.save_proposal(actor_a, request_a, grant_input())
    services.save_proposal(
        lead_a, request_a, grant_input(motivation="team lead"), proposal=p, expected_edit_version=1
    )
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(
            actor_a,
            request_a,
            grant_input(motivation="worker"),
            proposal=p,
            expected_edit_version=1,
        )
    assert exc.value.code == "conflict"
    p.refresh_from_db()
    assert p.motivation == "team lead" and p.edit_version == 2


def test_whole_flow_to_a_notified_decision(actor_a, council_a, scheduled):
    decision = services.decide(council_a, scheduled, outcome="approved")
    assert decision.kind == "grant" and decision.monthly_amount == Decimal("1288.46")
    assert decision.decided_on == date(2024, 10, 15)
    assert decision.notify_due == date(2024, 10, 23)  # art. 21 §3: 8 days
    assert decision.request.state == "decided"
    services.notify(actor_a, decision, notified_on=date(2024, 10, 18))
    decision.refresh_from_db()
    assert decision.notified_on == date(2024, 10, 18)
    assert bytes(decision.letter_pdf).startswith(b"%PDF")
    assert len(decision.letter_sha256) == 64
    assert decision.request.state == "notified"


def test_council_rejection_sends_the_request_back(council_a, scheduled):
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, scheduled, outcome="rejected")
    assert "note" in exc.value.message_dict
    assert (
        services.decide(council_a, scheduled, outcome="rejected", note="Onvoldoende onderzoek")
        is None
    )
    req = scheduled.proposal.request
    req.refresh_from_db()
    assert req.state == "investigating"
    assert Decision.objects.count() == 0


def test_council_amendment_creates_a_new_version(council_a, scheduled):
    p = scheduled.proposal
    amendment = grant_input(
        monthly_amount=Decimal("1200.00"), amount_justification="Raad: gedeeltelijke toekenning"
    )
    decision = services.decide(council_a, scheduled, outcome="amended", amendment=amendment)
    p.refresh_from_db()
    assert p.state == "superseded"
    assert decision.proposal.version == 2 and decision.proposal.previous == p
    assert decision.monthly_amount == Decimal("1200.00")


def test_illegal_transitions_are_refused_with_a_clear_error(actor_a, lead_a, council_a, scheduled):
    with pytest.raises(ValidationError) as exc:
        services.review_proposal(lead_a, scheduled.proposal, approve=True)
    assert exc.value.code == "illegal_transition"
    services.decide(council_a, scheduled, outcome="approved")
    with pytest.raises(ValidationError):
        services.decide(council_a, scheduled, outcome="approved")
    with pytest.raises(ValidationError):
        services.withdraw_request(actor_a, scheduled.proposal.request, "te laat")


def test_roles_are_enforced(actor_a, lead_a, council_a, request_a):
    complete_investigation(actor_a, request_a)
    p = services.save_proposal(actor_a, request_a, grant_input())
    services.submit_proposal(actor_a, p)
    with pytest.raises(PermissionDenied):
        services.review_proposal(
            actor_a, p, approve=True
        )  # social workers prepare, team leads review
    with pytest.raises(PermissionDenied):
        services.save_proposal(council_a, request_a, grant_input())  # council members decide only
    meeting = plan(lead_a, date(2024, 10, 15))
    services.review_proposal(lead_a, p, approve=True)
    item = services.schedule(lead_a, meeting, p)
    with pytest.raises(PermissionDenied):
        services.decide(lead_a, item, outcome="approved")


def test_other_ocmw_cannot_touch_the_request(actor_b, request_a):
    with pytest.raises(AidRequest.DoesNotExist):
        services.get_request(actor_b, request_a.pk)
    with pytest.raises(AidRequest.DoesNotExist):
        services.update_item(actor_b, request_a.items.first(), status="done")
    assert AuditEntry.objects.filter(action="denied", object_type="aidrequest").exists()


def test_decision_before_the_request_is_refused(actor_a, lead_a, council_a, request_a):
    complete_investigation(actor_a, request_a)
    p = services.save_proposal(actor_a, request_a, grant_input())
    services.submit_proposal(actor_a, p)
    services.review_proposal(lead_a, p, approve=True)
    item = services.schedule(lead_a, plan(lead_a, date(2024, 9, 20)), p)
    with pytest.raises(ValidationError) as exc:
        services.decide(council_a, item, outcome="approved")
    assert "held_on" in exc.value.message_dict
    assert Decision.objects.count() == 0


def test_a_later_change_is_a_new_decision_version(actor_a, lead_a, council_a, scheduled, jan):
    first = services.decide(council_a, scheduled, outcome="approved")
    services.notify(actor_a, first, notified_on=date(2024, 10, 18))
    review = services.register_request(actor_a, jan, received_on=date(2024, 12, 2), kind="leefloon",
                                       channel="own_initiative", replaces_decision=first)  # fmt: skip
    complete_investigation(actor_a, review)
    with_wages = {
        **SINGLE,
        "reference_date": "2024-12-01",
        "applicant": {
            **SINGLE["applicant"],
            "resources": [{"kind": "unemployment_benefit", "amount": 300, "period": "month"}],
        },
    }
    p = services.save_proposal(
        actor_a,
        review,
        grant_input(kind="modify", effective_from=date(2024, 12, 1), situation=with_wages),
    )
    services.submit_proposal(actor_a, p)
    services.review_proposal(lead_a, p, approve=True)
    item = services.schedule(lead_a, plan(lead_a, date(2024, 12, 10)), p)
    second = services.decide(council_a, item, outcome="approved")
    assert second.replaces == first and second.version == 2
    assert second.monthly_amount < first.monthly_amount
    first.refresh_from_db()
    assert first.monthly_amount == Decimal("1288.46")  # nothing overwritten
    assert first.replaced_by == second


def test_evidence_pdf_or_image_with_checksum(actor_a, request_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = request_a.items.get(code="identity")
    e = services.add_evidence(actor_a, item, upload("id.pdf", samples.pdf(), "application/pdf"))
    assert e.content_type == "application/pdf" and len(e.sha256) == 64
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor_a, item, upload("virus.exe", b"MZ\x90\x00"))
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor_a, item, upload("big.pdf", b"%PDF-", size=21 * 1024 * 1024))
    assert "20 MB" in exc.value.message_dict["file"][0]
    assert Evidence.objects.count() == 1


def test_withdrawal_needs_a_reason_and_closes_the_request(actor_a, request_a):
    with pytest.raises(ValidationError):
        services.withdraw_request(actor_a, request_a, "")
    req = services.withdraw_request(actor_a, request_a, "Werk gevonden")
    assert req.state == "withdrawn" and req.closed_on is not None


def test_letter_text_in_the_persons_language(actor_a, council_a, scheduled, jan):
    import subprocess

    decision = services.decide(council_a, scheduled, outcome="approved")
    services.notify(actor_a, decision, notified_on=date(2024, 10, 18))
    decision.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(decision.letter_pdf), capture_output=True, check=True
    ).stdout.decode()
    assert "1.288,46" in text
    assert "arbeidsrechtbank" in text and "3 maanden" in text
    assert decision.letter_language == "nl"
