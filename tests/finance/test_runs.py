"""Monthly payment runs: computation, approval by the team lead, never paying a month twice."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import (
    LineKind,
    LineStatus,
    Payment,
    PaymentRun,
    RecoveryClaim,
    RunState,
    Suspension,
)
from openocmw.finance.services import runs
from openocmw.jobs.models import Job

from .conftest import IBAN_JAN


@pytest.fixture
def grant(jan):
    return make_decision(jan, start=date(2026, 3, 1), amount="1000.00")


def run_month(actor, month):
    run = runs.start_run(actor, month)
    run.refresh_from_db()
    return run


def test_a_run_pays_each_decision_in_force_as_a_job(actor_a, grant, account_jan):
    run = run_month(actor_a, date(2026, 3, 1))
    assert run.state == RunState.COMPUTED
    assert Job.objects.get(pk=run.job_id).kind == "finance.payment_run"
    line = Payment.objects.get(run=run)
    assert (line.decision_id, line.month, line.gross, line.net, line.iban) == (
        grant.pk,
        date(2026, 3, 1),
        Decimal("1000.00"),
        Decimal("1000.00"),
        IBAN_JAN,
    )
    assert (run.lines, run.total, run.held) == (1, Decimal("1000.00"), 0)


def test_refusals_other_aid_and_later_decisions_are_not_paid(actor_a, jan, make_person):
    make_decision(jan, kind="refuse", start=date(2026, 1, 1), amount=None)
    make_decision(make_person(), start=date(2026, 1, 1), aid_kind="other_social_aid")
    make_decision(make_person(), start=date(2026, 3, 1), decided_on=date(2026, 4, 2))
    run = run_month(actor_a, date(2026, 3, 1))
    assert run.lines == 0


def test_a_person_without_a_valid_account_is_held_not_lost(actor_a, grant):
    run = run_month(actor_a, date(2026, 3, 1))
    line = Payment.objects.get(run=run)
    assert line.status == LineStatus.HELD and run.held == 1


def test_the_same_month_cannot_be_run_twice(actor_a, grant):
    run_month(actor_a, date(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        runs.start_run(actor_a, date(2026, 3, 15))
    assert "month" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        runs.start_run(actor_a, date(2026, 2, 1))  # an earlier month after a later one
    assert "month" in exc.value.message_dict
    assert PaymentRun.objects.count() == 1 and Payment.objects.count() == 1


def test_a_retroactive_increase_pays_the_difference_once(actor_a, jan, grant, account_jan):
    run_month(actor_a, date(2026, 3, 1))
    # decided in March, effective 1 February: 1200 instead of 1000
    make_decision(jan, kind="modify", start=date(2026, 2, 1), amount="1200.00", replaces=grant,
                  decided_on=date(2026, 3, 20))  # fmt: skip
    april = run_month(actor_a, date(2026, 4, 1))
    lines = {(p.month, p.kind): p.gross for p in Payment.objects.filter(run=april)}
    # February is new (the grant began in March): all of it; March: the difference
    assert lines == {(date(2026, 2, 1), LineKind.DIFFERENCE): Decimal("1200.00"),
                     (date(2026, 3, 1), LineKind.DIFFERENCE): Decimal("200.00"),
                     (date(2026, 4, 1), LineKind.MONTH): Decimal("1200.00")}  # fmt: skip
    may = run_month(actor_a, date(2026, 5, 1))
    assert list(Payment.objects.filter(run=may).values_list("kind", "gross")) == [
        ("month", Decimal("1200.00"))
    ]


def test_a_retroactive_decrease_becomes_a_claim_deducted_within_ten_percent(
    actor_a, jan, grant, account_jan
):
    run_month(actor_a, date(2026, 3, 1))
    run_month(actor_a, date(2026, 4, 1))
    # decided in April, effective 1 March: 700 instead of 1000 -> 2 x 300 overpaid
    make_decision(jan, kind="modify", start=date(2026, 3, 1), amount="700.00", replaces=grant,
                  decided_on=date(2026, 4, 20))  # fmt: skip
    may = run_month(actor_a, date(2026, 5, 1))
    claims = RecoveryClaim.objects.order_by("period_start")
    assert [(c.period_start, c.amount, c.origin) for c in claims] == [
        (date(2026, 3, 1), Decimal("300.00"), "revision"),
        (date(2026, 4, 1), Decimal("300.00"), "revision"),
    ]
    line = Payment.objects.get(run=may)
    # Judicial Code art. 1410 §4: at most 10 % of the payment (700) is deducted: 70.00
    assert (line.gross, line.deducted, line.net) == (
        Decimal("700.00"),
        Decimal("70.00"),
        Decimal("630.00"),
    )
    assert sum(c.recovered for c in RecoveryClaim.objects.all()) == Decimal("70.00")


def test_suspension_sanction_pays_nothing_for_its_days(actor_a, lead_a, grant, account_jan):
    Suspension.objects.create(ocmw_id=grant.ocmw_id, chain=grant, start=date(2026, 3, 1),
                              end=date(2026, 3, 31), basis="art30_1")  # fmt: skip
    run = run_month(actor_a, date(2026, 3, 1))
    assert run.lines == 0


def test_approval_by_the_team_lead_writes_the_sepa_file(
    actor_a, lead_a, grant, account_jan, payer_a
):
    run = run_month(actor_a, date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        runs.approve(actor_a, run)  # a social worker cannot approve
    run = runs.approve(lead_a, run)
    assert run.state == RunState.APPROVED and run.sepa_sha256
    assert b"<IBAN>BE62510007547061</IBAN>" in bytes(run.sepa_xml)
    with pytest.raises(ValidationError):
        runs.approve(lead_a, run)  # twice: no


def test_the_one_who_started_cannot_approve(lead_a, grant, account_jan, payer_a):
    run = run_month(lead_a, date(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        runs.approve(lead_a, run)
    assert "approved_by" in exc.value.message_dict


def test_approval_without_the_ocmw_account_names_the_field(actor_a, lead_a, grant, account_jan):
    run = run_month(actor_a, date(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        runs.approve(lead_a, run)
    assert "payer_account" in exc.value.message_dict
    run.refresh_from_db()
    assert run.state == RunState.COMPUTED  # nothing half-saved


def test_another_ocmw_sees_no_run(actor_a, actor_b, grant):
    run = run_month(actor_a, date(2026, 3, 1))
    assert not runs.runs_for(actor_b).exists()
    with pytest.raises(PaymentRun.DoesNotExist):
        runs.get_run(actor_b, run.pk)


def test_compute_twice_is_idempotent(actor_a, grant, account_jan):
    run = run_month(actor_a, date(2026, 3, 1))
    assert runs.compute(run.pk)["skipped"] is True
    assert Payment.objects.count() == 1


def test_back_pay_before_the_first_run_comes_in_the_first_run_once(actor_a, jan, account_jan):
    """A decision from 15 January, the OCMW's first run in March: January (17 of 31 days) and
    February are paid as differences in that run, by the same pro rata rule, and never again."""
    make_decision(jan, start=date(2026, 1, 15), amount="1000.00", decided_on=date(2026, 2, 20))
    march = run_month(actor_a, date(2026, 3, 1))
    lines = {(p.month, p.kind): p.gross for p in Payment.objects.filter(run=march)}
    assert lines == {(date(2026, 1, 1), LineKind.DIFFERENCE): Decimal("548.39"),
                     (date(2026, 2, 1), LineKind.DIFFERENCE): Decimal("1000.00"),
                     (date(2026, 3, 1), LineKind.MONTH): Decimal("1000.00")}  # fmt: skip
    april = run_month(actor_a, date(2026, 4, 1))
    assert list(Payment.objects.filter(run=april).values_list("month", "kind")) == [
        (date(2026, 4, 1), "month")
    ]


def test_a_decision_the_previous_run_could_not_see_gets_its_arrears(
    actor_a, jan, make_person, account_jan
):
    """Recorded before the March run but decided after March: the April run is the first to
    see it and pays its March too (suspensions of the arrears' days are respected)."""
    make_decision(make_person(), start=date(2026, 3, 1))  # so that March is not the first run
    late = make_decision(jan, start=date(2026, 3, 1), amount="900.00", decided_on=date(2026, 4, 3))
    Suspension.objects.create(ocmw_id=jan.ocmw_id, chain=late, start=date(2026, 3, 1),
                              end=date(2026, 3, 10), basis="art30_1")  # fmt: skip
    run_month(actor_a, date(2026, 3, 1))
    april = run_month(actor_a, date(2026, 4, 1))
    mine = {(p.month, p.kind): p.gross for p in Payment.objects.filter(run=april, person=jan)}
    assert mine == {(date(2026, 3, 1), LineKind.DIFFERENCE): Decimal("609.68"),  # 21/31 days
                    (date(2026, 4, 1), LineKind.MONTH): Decimal("900.00")}  # fmt: skip
