"""Many households in one simulation (rules.batch) give the facade's amounts, by the law and
by a parametric reform (issue 15, §2: the reform on the synthetic national population)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from openocmw.rules.batch import Households, calculate_households
from openocmw.rules.facade import _EPOCH, calculate
from openocmw.rules.reforms.spi_parametric import SpiParameters, reform_name

ON = date(2025, 3, 1)
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
SPI_START = "2024-09-02"

# (applicant's wages, members as (relation, birth, in_charge, benefits a month))
CASES = [
    (0, []),
    (600, []),
    (1200, []),
    (450, [("partner", "1984-02-01", False, 300)]),
    (300, [("child", "2015-06-01", True, 0)]),
    (0, [("partner", "1984-02-01", False, 0), ("child", "2012-06-01", True, 0)]),
]


def situation(wages, members):
    applicant = {
        "birth_date": "1985-04-12", "residence_status": "belgian", "conditions": CONDITIONS,
        "resources": [{"kind": "wages", "amount": wages, "period": "month"}] if wages else [],
    }  # fmt: skip
    if wages:
        applicant["spi"] = {"first_day": SPI_START, "days_worked": 20}
    return {
        "reference_date": ON.isoformat(),
        "applicant": applicant,
        "household": {"members": [
            {"relation": r, "birth_date": b, "shares_household": True, "in_charge": c,
             "married": False,
             "resources": [{"kind": "other_benefit", "amount": x, "period": "month"}] if x else []}
            for r, b, c, x in members
        ]},
    }  # fmt: skip


def households() -> Households:
    rows = []
    for h, (wages, members) in enumerate(CASES):
        rows.append((h, "applicant", "1985-04-12", True, False, wages, 0))
        rows += [(h, r, b, False, c, 0, x) for r, b, c, x in members]
    cols = list(zip(*rows, strict=True))
    wages = np.array(cols[5], dtype=float)
    return Households(
        household=np.array(cols[0]), relation=np.array(cols[1]),
        birth_date=np.array(cols[2], dtype="datetime64[D]"),
        residence_status=np.where(np.array(cols[3]), "belgian", "unknown"),
        in_charge=np.array(cols[4]),
        incomes={"income_wages": wages, "income_benefits": np.array(cols[6], dtype=float)},
        spi_first_day=np.where(wages > 0, np.datetime64(SPI_START), np.datetime64(_EPOCH)),
        days_worked=np.where(wages > 0, 20, 0),
    )  # fmt: skip


def test_the_batch_gives_the_facades_amounts_by_the_law_and_by_a_reform():
    quarter = reform_name(SpiParameters(Decimal(25), Decimal(0), Decimal(300)))
    for reform in (None, quarter):
        out = calculate_households(households(), ON, reform=reform)
        for i, case in enumerate(CASES):
            one = calculate(situation(*case), reform=reform)
            assert Decimal(str(round(out["leefloon_monthly"][i], 2))) == one.monthly_amount, case
            assert int(out["category_number"][i]) == one.category, case
    # the reform changes something: 600 a month of wages loses part of the exemption
    law = calculate_households(households(), ON)["leefloon_monthly"]
    reformed = calculate_households(households(), ON, reform=quarter)["leefloon_monthly"]
    assert reformed[1] < law[1] and reformed[0] == law[0]
