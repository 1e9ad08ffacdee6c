"""The recovery of a corrected warning: pro rata by day for a death or a move, and the
hand-off to the finance app (a recovery claim, once, audited, shown in the e-box).

The pro rata: the leefloon is an amount per year paid per month (law of 26 May 2002, art. 14
§1); for an incomplete month the rules pay the monthly amount x days with right / days of the
month. No legal text was found for that division by day: it is the practice of the OCMWs and
the POD MI, as the rules record it (``rules.explanation``, step "partial_month"). So a death on
14 March leaves 14 of 31 days due; a move on 10 March leaves 9 days due.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from openocmw.accounts.models import AuditEntry
from openocmw.exchange.models import ExchangeLog, FlowRecord, FlowWarning, RecoveryProposal
from openocmw.exchange.services import crosschecks, ebox, handoff, mutations
from openocmw.finance.models import RecoveryClaim
from openocmw.finance.services import banking, runs
from openocmw.jobs.services import enqueue

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
NS = 'xmlns="http://openocmw.be/xsd/exchange/1"'


def pro_rata(monthly: Decimal, days: int, month_days: int = 31) -> Decimal:
    return (monthly * days / month_days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def load(*facts: str, source="national_register"):
    from openocmw.exchange import messages

    xml = (f'<MonthlyFlow {NS} messageId="FLOW-NR-0001" source="{source}" month="2026-03">'
           f'{"".join(facts)}</MonthlyFlow>').encode()  # fmt: skip
    return mutations.load_monthly_flow(messages.validate(xml, ("MonthlyFlow",)))


@pytest.fixture
def paid_march(actor_a, jan, granted):
    """March paid to Jan by the finance app (a payment run), so that it can be recovered."""
    banking.add_bank_account(actor_a, jan, iban="BE62510007547061", bic="GEBABEBB",
                             holder="Jan Peeters", valid_from=date(2020, 1, 1))  # fmt: skip
    runs.start_run(actor_a, MARCH)
    return granted


def test_a_death_recovers_from_the_day_after_only(actor_a, granted, jan):
    load(f'<Fact ssin="{jan.insz}" field="death" value="2026-03-14"/>')
    crosschecks.run(MARCH)
    ebox.resolve(actor_a, FlowWarning.objects.get(), outcome="corrected")
    recovery = RecoveryProposal.objects.get()
    monthly = granted.monthly_amount
    assert recovery.amount == monthly - pro_rata(monthly, 14)
    assert 0 < recovery.amount < monthly
    assert (recovery.period_start, recovery.period_end) == (date(2026, 3, 15), date(2026, 3, 31))
    assert "14/03/2026" in recovery.basis


def test_a_move_recovers_from_the_day_of_the_move(actor_a, granted, jan):
    result = load(f'<Fact ssin="{jan.insz}" field="municipality" value="21004" '
                  'since="2026-03-10"/>')  # fmt: skip
    assert result["added"] == 1
    assert FlowRecord.objects.get().since == date(2026, 3, 10)
    crosschecks.run(MARCH)
    ebox.resolve(actor_a, FlowWarning.objects.get(), outcome="corrected")
    recovery = RecoveryProposal.objects.get()
    assert recovery.amount == granted.monthly_amount - pro_rata(granted.monthly_amount, 9)
    assert recovery.period_start == date(2026, 3, 10)


def test_a_move_without_a_day_and_a_second_ocmw_recover_the_whole_month(actor_a, granted, jan):
    load(f'<Fact ssin="{jan.insz}" field="municipality" value="21004"/>')
    crosschecks.run(MARCH)
    ebox.resolve(actor_a, FlowWarning.objects.get(), outcome="corrected")
    recovery = RecoveryProposal.objects.get()
    assert (recovery.amount, recovery.period_start) == (granted.monthly_amount, MARCH)


def test_a_corrected_overpayment_opens_one_claim_in_finance(client_for, actor_a, paid_march, jan):
    load(f'<Fact ssin="{jan.insz}" field="death" value="2026-03-14"/>')
    crosschecks.run(MARCH)
    w = FlowWarning.objects.get()
    ebox.resolve(actor_a, w, outcome="corrected")
    recovery = RecoveryProposal.objects.get()
    claim = RecoveryClaim.objects.get()
    assert (claim.decision_id, claim.amount, claim.origin) == (
        paid_march.pk, recovery.amount, "crosscheck",
    )  # fmt: skip
    assert (claim.period_start, claim.period_end) == (date(2026, 3, 15), date(2026, 3, 31))
    assert recovery.handed_off_at is not None and recovery.finance_reference == str(claim.pk)
    entry = AuditEntry.objects.get(object_type="recovery_proposal", action="update")
    assert (entry.user_id, entry.detail["handed_off"]) == (actor_a.user.pk, claim.pk)
    # Handing off again (a retried job) opens no second claim.
    RecoveryProposal.objects.filter(pk=recovery.pk).update(handed_off_at=None)
    assert handoff.hand_off(RecoveryProposal.objects.get()) is True
    assert RecoveryClaim.objects.count() == 1
    # The e-box shows the claim.
    page = client_for("a", "social_worker").get(reverse("exchange_warning", args=[w.pk]))
    claim_line = page.content.decode().split('id="claim"')[1].split("</p>")[0]
    assert str(claim.pk) in claim_line and reverse("finance_person", args=[jan.pk]) in claim_line


def test_a_claim_finance_refuses_waits_and_goes_with_the_nightly_job(actor_a, granted, jan):
    load(f'<Fact ssin="{jan.insz}" field="death" value="2026-03-14"/>')
    crosschecks.run(MARCH)
    ebox.resolve(actor_a, FlowWarning.objects.get(), outcome="corrected")
    recovery = RecoveryProposal.objects.get()
    # Nothing was paid for March yet: finance refuses, the proposal waits, the reason is kept.
    assert recovery.handed_off_at is None and RecoveryClaim.objects.count() == 0
    refused = ExchangeLog.objects.get(channel="finance", outcome="refused")
    assert refused.reference == handoff.reference(recovery)
    banking.add_bank_account(actor_a, jan, iban="BE62510007547061", bic="GEBABEBB",
                             holder="Jan Peeters", valid_from=date(2020, 1, 1))  # fmt: skip
    runs.start_run(actor_a, MARCH)
    job = enqueue("exchange.crosschecks", month="2026-03")
    assert job.status == "succeeded" and job.result["handed_off"] == 1
    recovery.refresh_from_db()
    assert recovery.handed_off_at is not None
    assert RecoveryClaim.objects.get().amount == recovery.amount
