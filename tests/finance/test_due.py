"""The amount due for a month (finance.services.due): full and partial months, versions, gaps.

Law of 26 May 2002, art. 14 §1: the leefloon is a yearly amount, paid monthly; the council's
monthly amount is paid for a full month and pro rata of the calendar days for a partial one.
"""

from datetime import date
from decimal import Decimal

from openocmw.finance.services.due import Version, add_months, due_for_month, first_month


def v(id, version, kind, start, end=None, monthly="1000.00"):
    return Version(id, version, kind, start, end, Decimal(monthly) if monthly else None)


def test_full_month_pays_the_monthly_amount():
    d = due_for_month([v(1, 1, "grant", date(2026, 1, 1))], date(2026, 3, 1))
    assert (d.amount, d.days, d.decision_id) == (Decimal("1000.00"), 31, 1)


def test_partial_first_month_is_pro_rata_of_calendar_days():
    # from 17 September: 14 of 30 days -> 1000 x 14 / 30 = 466.666... -> 466.67
    d = due_for_month([v(1, 1, "grant", date(2026, 9, 17))], date(2026, 9, 1))
    assert (d.amount, d.days) == (Decimal("466.67"), 14)


def test_partial_last_month_and_february():
    d = due_for_month([v(1, 1, "grant", date(2026, 1, 1), date(2026, 2, 14))], date(2026, 2, 1))
    assert (d.amount, d.days) == (Decimal("500.00"), 14)  # 14 of 28 days


def test_revision_mid_month_pays_each_version_for_its_days():
    versions = [v(1, 1, "grant", date(2026, 1, 1)), v(2, 2, "modify", date(2026, 4, 16),
                                                       monthly="1200.00")]  # fmt: skip
    d = due_for_month(versions, date(2026, 4, 1))
    # 15 days x 1000/30 + 15 days x 1200/30 = 500 + 600
    assert (d.amount, d.decision_id) == (Decimal("1100.00"), 2)


def test_suspension_version_pays_nothing_then_the_grant_resumes():
    versions = [v(1, 1, "grant", date(2026, 1, 1)),
                v(2, 2, "suspend", date(2026, 5, 1), date(2026, 5, 31), monthly=None)]  # fmt: skip
    assert due_for_month(versions, date(2026, 5, 1)).amount == Decimal("0.00")
    assert due_for_month(versions, date(2026, 6, 1)).amount == Decimal("1000.00")


def test_stop_ends_the_payments():
    versions = [v(1, 1, "grant", date(2026, 1, 1)),
                v(2, 2, "stop", date(2026, 5, 11), monthly=None)]  # fmt: skip
    assert due_for_month(versions, date(2026, 5, 1)).amount == Decimal("322.58")  # 10 of 31
    assert due_for_month(versions, date(2026, 6, 1)).days == 0


def test_gaps_sanction_and_employment_are_unpaid():
    versions = [v(1, 1, "grant", date(2026, 1, 1))]
    d = due_for_month(versions, date(2026, 6, 1), [(date(2026, 6, 1), date(2026, 6, 10))])
    assert (d.amount, d.days) == (Decimal("666.67"), 20)


def test_months_helpers():
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert first_month([v(1, 1, "grant", date(2026, 3, 9))]) == date(2026, 3, 1)
