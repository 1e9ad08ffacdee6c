"""Recovery claims: law of 26 May 2002 art. 24 §1 (what may be recovered) and Judicial Code
art. 1410 §4 (deduction from later payments: at most 10 % of each, unless fraud)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import Payment, RecoveryClaim
from openocmw.finance.services import recovery, runs


@pytest.fixture
def paid(actor_a, jan, account_jan):
    grant = make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    runs.start_run(actor_a, date(2026, 3, 1))
    runs.start_run(actor_a, date(2026, 4, 1))
    return grant


def test_a_cross_check_claim_is_opened_and_deducted(actor_a, paid):
    claim = recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 3, 31)), Decimal("250.00"),
                                "crosscheck", "KSZ A001 2026-04")  # fmt: skip
    again = recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 3, 31)), Decimal("250.00"),
                                "crosscheck", "KSZ A001 2026-04")  # fmt: skip
    assert again.pk == claim.pk  # the same proposal twice opens one claim
    runs.start_run(actor_a, date(2026, 5, 1))
    line = Payment.objects.get(month=date(2026, 5, 1))
    assert (line.deducted, line.net) == (Decimal("100.00"), Decimal("900.00"))


def test_a_claim_larger_than_what_was_paid_is_refused(paid):
    with pytest.raises(ValidationError) as exc:
        recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 3, 31)), Decimal("1000.01"),
                            "crosscheck")  # fmt: skip
    assert list(exc.value.message_dict) == ["amount"]
    with pytest.raises(ValidationError) as exc:  # February was never paid
        recovery.open_claim(paid, (date(2026, 2, 1), date(2026, 2, 28)), Decimal("1"), "other")
    assert "amount" in exc.value.message_dict
    assert not RecoveryClaim.objects.exists()


def test_claims_together_cannot_exceed_what_was_paid(paid):
    period = (date(2026, 3, 1), date(2026, 4, 30))
    recovery.open_claim(paid, period, Decimal("1500.00"), "crosscheck", "one")
    with pytest.raises(ValidationError):
        recovery.open_claim(paid, period, Decimal("500.01"), "crosscheck", "two")


def test_bad_claim_input_names_the_field(paid):
    with pytest.raises(ValidationError) as exc:
        recovery.open_claim(paid, (date(2026, 3, 31), date(2026, 3, 1)), Decimal("-5"), "nope")
    assert {"period", "origin"} <= set(exc.value.message_dict)


def test_fraud_lifts_the_ten_percent_limit_but_not_the_instalment(actor_a, paid):
    recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 4, 30)), Decimal("2000.00"),
                        "crosscheck", fraud=True, instalment=Decimal("400.00"))  # fmt: skip
    runs.start_run(actor_a, date(2026, 5, 1))
    line = Payment.objects.get(month=date(2026, 5, 1))
    assert (line.deducted, line.net) == (Decimal("400.00"), Decimal("600.00"))


def test_a_repayment_settles_the_claim(actor_a, paid):
    claim = recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 3, 31)), Decimal("300.00"),
                                "other")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        recovery.record_repayment(actor_a, claim, Decimal("300.01"), date(2026, 4, 10))
    assert "amount" in exc.value.message_dict
    recovery.record_repayment(actor_a, claim, Decimal("300.00"), date(2026, 4, 10))
    claim.refresh_from_db()
    assert claim.state == "settled" and claim.remaining == 0
    runs.start_run(actor_a, date(2026, 5, 1))
    assert Payment.objects.get(month=date(2026, 5, 1)).deducted == 0


def test_several_claims_share_the_ten_percent(actor_a, paid):
    for ref in ("a", "b"):
        recovery.open_claim(paid, (date(2026, 3, 1), date(2026, 3, 31)), Decimal("80.00"),
                            "crosscheck", ref)  # fmt: skip
    runs.start_run(actor_a, date(2026, 5, 1))
    assert Payment.objects.get(month=date(2026, 5, 1)).deducted == Decimal("100.00")
    assert sorted(c.recovered for c in RecoveryClaim.objects.all()) == [
        Decimal("20.00"),
        Decimal("80.00"),
    ]


def test_a_sanction_after_payment_becomes_a_revision_claim(actor_a, paid):
    """Law of 26 May 2002, art. 30 §1: a sanction suspends the leefloon; April was already paid,
    so the next run opens a claim for the days of April under the sanction."""
    from openocmw.finance.services.recovery import suspend

    with pytest.raises(ValidationError) as exc:
        suspend(actor_a, paid, start=date(2026, 4, 30), end=date(2026, 4, 1), basis="x")
    assert {"end", "basis"} <= set(exc.value.message_dict)
    suspend(actor_a, paid, start=date(2026, 4, 16), end=date(2026, 5, 15), basis="art30_1",
            reference="BCSD 2026-05-02")  # fmt: skip
    runs.start_run(actor_a, date(2026, 5, 1))
    claim = RecoveryClaim.objects.get(origin="revision")
    assert (claim.period_start, claim.amount) == (date(2026, 4, 1), Decimal("500.00"))  # 15/30
    may = Payment.objects.get(month=date(2026, 5, 1))
    # 16 of 31 days = 516.13 due; 10 % of it deducted for the claim (51.61)
    assert (may.gross, may.deducted) == (Decimal("516.13"), Decimal("51.61"))
