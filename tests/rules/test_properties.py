"""Property tests: the amount is never negative, never above the category amount, and never
increases when countable income increases."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openocmw.rules import calculate

CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
KINDS = [
    "wages",
    "unemployment_benefit",
    "pension",
    "maintenance",
    "other",
    "artistic",
    "entry_traineeship",
    "family_allowance",
]

amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False)
resource = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "amount": amounts.map(float),
        "period": st.sampled_from(["month", "year"]),
    }
)


@st.composite
def situations(draw):
    members = []
    if draw(st.booleans()):
        members.append(
            {
                "relation": "partner",
                "birth_date": "1984-01-01",
                "shares_household": True,
                "resources": draw(st.lists(resource, max_size=2)),
            }
        )
    if draw(st.booleans()):
        members.append(
            {
                "relation": "child",
                "birth_date": "2008-01-01",
                "shares_household": True,
                "in_charge": True,
                "married": False,
            }
        )
    applicant = {
        "birth_date": "1985-04-12",
        "residence_status": "belgian",
        "conditions": CONDITIONS,
        "resources": draw(st.lists(resource, max_size=3)),
        "capital": {"movable": float(draw(st.decimals(min_value=0, max_value=40000, places=2)))},
    }
    if draw(st.booleans()):
        applicant["spi"] = {"first_day": "2013-03-01"}
    month = draw(st.sampled_from(["2013-10-01", "2016-11-01", "2019-10-01", "2023-03-01"]))
    return {"reference_date": month, "applicant": applicant, "household": {"members": members}}


@settings(max_examples=150, deadline=None)
@given(situations())
def test_amount_between_zero_and_category_amount(data):
    result = calculate(data)
    assert result.yearly_amount >= 0
    assert result.monthly_amount >= 0
    assert result.yearly_amount <= result.category_amount_yearly
    assert result.amount_for_period <= result.monthly_amount


@settings(max_examples=150, deadline=None)
@given(situations(), st.sampled_from(["wages", "pension", "other", "maintenance"]), amounts)
def test_more_income_never_increases_the_amount(data, kind, extra):
    before = calculate(data)
    data["applicant"]["resources"] = [
        *data["applicant"]["resources"],
        {"kind": kind, "amount": float(extra), "period": "month"},
    ]
    after = calculate(data)
    assert after.yearly_amount <= before.yearly_amount
    assert after.countable_resources_total >= before.countable_resources_total - Decimal("0.01")
