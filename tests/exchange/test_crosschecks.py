"""The cross-check example of issue 13: a decision counts no income for March 2026; the
unemployment flow shows 900 EUR for March; one warning results. Resolving it as corrected
opens the revision of the decision (the council decides the new version) and a recovery
proposal of the difference overpaid; a rerun adds no warning. The other checks, the e-box's
handling, and the inspection register per year (seed 000: warnings, corrections, recoveries).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openocmw.accounts.models import AuditEntry
from openocmw.casework import services as casework
from openocmw.casework.calculation import calculate_for_proposal
from openocmw.casework.models import Decision, Proposal
from openocmw.exchange.models import FlowRecord, FlowWarning, RecoveryProposal
from openocmw.exchange.services import crosschecks, ebox
from openocmw.jobs.services import enqueue
from tests.casework.conftest import plan

from .conftest import SINGLE_2026

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


def flow(insz, field, amount=None, value="", source="unemployment", month=MARCH):
    return FlowRecord.objects.create(source=source, insz=insz, month=month, field=field,
                                     amount=amount, value=value, message_id="FLOW-TEST-0001")  # fmt: skip


def test_the_example_one_warning_corrected_new_version_and_recovery(
    actor_a, lead_a, council_a, granted, jan
):
    assert granted.monthly_amount > Decimal("900")
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"))
    job = enqueue("exchange.crosschecks", month="2026-03")
    assert job.status == "succeeded", job.message
    assert job.result["months"][0]["warnings"] == 1
    w = FlowWarning.objects.get()
    assert (w.person_id, w.decision_id, w.mismatch, w.source, w.field, w.month) == (
        jan.pk,
        granted.pk,
        "income",
        "unemployment",
        "unemployment_benefit",
        MARCH,
    )
    assert (w.held, w.reported, w.status) == ("0.00", "900.00", "open")
    assert w.assigned_to_id == granted.request.assigned_to_id and w.due_on > date(2026, 12, 1)
    entry = AuditEntry.objects.get(object_type="flow_warning", action="create")
    assert (entry.ocmw_id, entry.detail["warnings"]) == (granted.ocmw_id, 1)

    # A rerun (the next night, or a retried job) adds no warning.
    again = enqueue("exchange.crosschecks", month="2026-03")
    assert again.result["months"][0]["warnings"] == 0
    assert FlowWarning.objects.count() == 1

    ebox.resolve(actor_a, w, outcome="corrected", reason="Werkloosheidsuitkering niet gemeld.")
    w.refresh_from_db()
    assert w.status == "corrected" and w.review_request.replaces_decision_id == granted.pk
    draft = w.review_request.proposals.get()
    assert draft.kind == "modify" and draft.effective_from == MARCH
    resources = draft.situation["applicant"]["resources"]
    assert resources == [{"kind": "unemployment_benefit", "amount": 900.0, "period": "month"}]

    # The recovery: paid in March minus what was due with the 900 EUR counted.
    situation = dict(SINGLE_2026, applicant=dict(SINGLE_2026["applicant"], resources=resources))
    due = Decimal(calculate_for_proposal(situation, MARCH)["monthly_amount"])
    recovery = RecoveryProposal.objects.get()
    assert recovery.amount == granted.monthly_amount - due
    assert recovery.amount > 0
    assert (recovery.period_start, recovery.period_end) == (MARCH, date(2026, 3, 31))
    assert recovery.handed_off_at is None and recovery.decision_id == granted.pk

    # The council decides the revision: a new version of the decision replaces the first.
    casework.add_home_visit(actor_a, w.review_request, visited_on=timezone.localdate(),
                            visited_by="Sara", findings="Uitkering bevestigd.")  # fmt: skip
    for item in w.review_request.items.all():
        casework.update_item(actor_a, item, status="done", notes="ok")
    casework.submit_proposal(actor_a, draft)
    casework.review_proposal(lead_a, draft, approve=True)
    meeting = plan(lead_a, timezone.localdate())  # a week ahead, attendance recorded
    revised = casework.decide(
        council_a, casework.schedule(lead_a, meeting, draft), outcome="approved"
    )
    assert (revised.version, revised.replaces_id, revised.monthly_amount) == (2, granted.pk, due)

    # With the revised decision in force the same flow raises nothing new.
    enqueue("exchange.crosschecks", month="2026-03")
    assert FlowWarning.objects.count() == 1

    register = ebox.register([granted.ocmw_id])
    assert register == [{"year": 2026, "warnings": 1, "corrected": 1, "justified": 0,
                         "false_positive": 0, "open": 0, "recoveries": 1,
                         "amount": recovery.amount}]  # fmt: skip


def test_an_income_counted_in_the_decision_raises_nothing(actor_a, lead_a, council_a, jan):
    from .conftest import decide

    situation = dict(SINGLE_2026, applicant=dict(
        SINGLE_2026["applicant"],
        resources=[{"kind": "unemployment_benefit", "amount": 900, "period": "month"}],
    ))  # fmt: skip
    req = casework.register_request(actor_a, jan, received_on=date(2026, 2, 16), kind="leefloon",
                                    channel="counter")  # fmt: skip
    decide(actor_a, lead_a, council_a, req, casework.ProposalInput(
        kind="grant", effective_from=MARCH, situation=situation), date(2026, 2, 25))  # fmt: skip
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"))
    flow(jan.insz, "unemployment_benefit", Decimal("950.00"), month=date(2026, 4, 1))
    assert crosschecks.run(MARCH)["warnings"] == 0
    assert crosschecks.run(date(2026, 4, 1))["warnings"] == 1  # higher than counted
    assert FlowWarning.objects.get().held == "900.00"


def test_death_move_second_ocmw_and_employment(granted, jan):
    flow(jan.insz, "death", value="2026-03-14", source="national_register")
    flow(jan.insz, "municipality", value="21004", source="national_register")
    flow(
        jan.insz, "municipality", value="24062", source="national_register", month=date(2026, 4, 1)
    )
    flow(jan.insz, "ocmw_paying", Decimal("1298.00"), value="92094", source="attests")
    flow(jan.insz, "wages", Decimal("640.00"), source="employment")
    result = crosschecks.run(MARCH)
    assert result["warnings"] == 4
    got = {(w.mismatch, w.held, w.reported) for w in FlowWarning.objects.all()}
    assert got == {("death", "—", "2026-03-14"), ("moved", "24062", "21004"),
                   ("second_ocmw", "24062", "92094"), ("employment", "0.00", "640.00")}  # fmt: skip
    assert crosschecks.run(date(2026, 4, 1))["warnings"] == 0  # still in Leuven in April


def test_no_decision_in_force_no_warning(granted, jan):
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"), month=date(2026, 2, 1))
    assert crosschecks.run(date(2026, 2, 1))["warnings"] == 0  # the right starts in March


def test_justified_and_false_positive_need_a_reason(actor_a, granted, jan):
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"))
    crosschecks.run(MARCH)
    w = FlowWarning.objects.get()
    with pytest.raises(ValidationError) as exc:
        ebox.resolve(actor_a, w, outcome="justified", reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        ebox.resolve(actor_a, w, outcome="ignored")
    assert "outcome" in exc.value.message_dict
    ebox.resolve(actor_a, w, outcome="false_positive", reason="Uitkering van een naamgenoot.")
    w.refresh_from_db()
    assert (w.status, w.review_request_id) == ("false_positive", None)
    assert RecoveryProposal.objects.count() == 0
    with pytest.raises(ValidationError, match="al afgehandeld"):
        ebox.resolve(actor_a, w, outcome="corrected")


def test_a_corrected_death_before_the_month_proposes_the_whole_month(actor_a, granted, jan):
    # Reported in March's flow, the death was on 27 February: no day of March was due.
    flow(jan.insz, "death", value="2026-02-27", source="national_register")
    crosschecks.run(MARCH)
    ebox.resolve(actor_a, FlowWarning.objects.get(), outcome="corrected")
    assert RecoveryProposal.objects.get().amount == granted.monthly_amount
    assert Proposal.objects.filter(request__replaces_decision=granted).count() == 0  # no calc
    assert Decision.objects.count() == 1


def test_the_ebox_is_scoped_and_assignment_is_checked(actor_a, actor_b, users, granted, jan):
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"))
    crosschecks.run(MARCH)
    assert ebox.warnings_for(actor_b).count() == 0
    w = FlowWarning.objects.get()
    with pytest.raises(FlowWarning.DoesNotExist):
        ebox.get_warning(actor_b, w.pk)
    with pytest.raises(ValidationError):
        ebox.assign(actor_a, w, users[("b", "social_worker")].pk)
    ebox.assign(actor_a, w, users[("a", "team_lead")].pk)
    w.refresh_from_db()
    assert (w.status, w.assigned_to_id) == ("in_progress", users[("a", "team_lead")].pk)


def test_a_failed_correction_changes_nothing(actor_a, granted, jan, monkeypatch):
    flow(jan.insz, "unemployment_benefit", Decimal("900.00"))
    crosschecks.run(MARCH)
    w = FlowWarning.objects.get()

    def broken(*args, **kwargs):
        raise ValidationError({"situation": "rules refused"})

    monkeypatch.setattr(ebox, "calculate_for_proposal", broken)
    with pytest.raises(ValidationError):
        ebox.resolve(actor_a, w, outcome="corrected")
    w.refresh_from_db()
    assert w.status == "open" and RecoveryProposal.objects.count() == 0
    assert granted.reviews.count() == 0
