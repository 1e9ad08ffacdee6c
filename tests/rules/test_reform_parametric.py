"""The parametric reform of the socio-professional exemption (issue 15, §2; seed 001)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openocmw.rules.facade import calculate
from openocmw.rules.reforms.spi_parametric import ReformParameterError, SpiParameters, reform_name
from openocmw.rules.system import get_system

CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
DAY = "2023-03-01"


def situation(wages: float, artistic: float = 0, spi: bool = True) -> dict:
    resources = [{"kind": "wages", "amount": wages, "period": "month"}]
    if artistic:
        resources.append({"kind": "artistic", "amount": artistic, "period": "month"})
    applicant = {
        "birth_date": "1985-04-12", "residence_status": "belgian", "conditions": CONDITIONS,
        "resources": resources,
    }  # fmt: skip
    if spi:
        applicant["spi"] = {"first_day": "2022-09-01", "days_worked": 12}
    return {"reference_date": DAY, "applicant": applicant, "household": {"members": []}}


POPULATION = [
    situation(w, a, s) for w in (0, 150, 300, 600, 1200) for a in (0, 200) for s in (True, False)
]


def law_amount() -> Decimal:
    p = get_system().parameters(DAY).leefloon.exemptions.spi
    return Decimal(str(p.monthly_amount))


def cost(params: SpiParameters) -> Decimal:
    name = reform_name(params)
    return sum(
        (calculate(s, reform=name).yearly_amount - calculate(s).yearly_amount for s in POPULATION),
        Decimal(0),
    )


def test_a_reform_equal_to_the_law_costs_exactly_zero():
    # RD 11 July 2002 art. 35, §1: the earned income is exempted up to a monthly amount.
    law = SpiParameters(percentage=Decimal(100), minimum=Decimal(0), maximum=law_amount())
    assert cost(law) == 0


def test_a_lower_percentage_saves_and_removing_the_artists_scheme_saves_more():
    quarter = SpiParameters(Decimal(25), Decimal(0), law_amount())
    assert cost(quarter) < 0
    no_artists = SpiParameters(Decimal(25), Decimal(0), law_amount(), artists_removed=True)
    assert cost(no_artists) < cost(quarter)


def test_a_daily_reform_uses_the_days_worked():
    daily = SpiParameters(Decimal(100), Decimal(0), Decimal(5), daily=True)  # 12 days: 60 a month
    one = situation(600)
    reformed = calculate(one, reform=reform_name(daily))
    law = calculate(one)
    assert reformed.monthly_amount < law.monthly_amount


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        (SpiParameters(Decimal(101), Decimal(0), Decimal(10)), "percentage", "between_0_and_100"),
        (SpiParameters(Decimal(-1), Decimal(0), Decimal(10)), "percentage", "between_0_and_100"),
        (SpiParameters(Decimal(50), Decimal(20), Decimal(10)), "minimum", "above_maximum"),
    ],
)
def test_bad_parameters_name_the_field(params, field, code):
    with pytest.raises(ReformParameterError) as exc:
        reform_name(params)
    assert exc.value.errors[field] == code


def test_registered_reforms_are_bounded_least_recently_used_first():
    """A worker running many distinct reforms keeps at most MAX_REGISTERED of them (their
    classes and built systems), forgetting the least recently used; a forgotten one is built
    again when asked for."""
    from openocmw.rules import system
    from openocmw.rules.reforms import REFORMS, spi_parametric

    bound = spi_parametric.MAX_REGISTERED
    made = [SpiParameters(Decimal(10 + i), Decimal(0), Decimal(100)) for i in range(bound + 3)]
    first = reform_name(made[0])
    get_system(first)  # built and cached
    for params in made[1:]:
        reform_name(params)
        reform_name(made[0])  # used again: stays
    names = [n for n in REFORMS if n.startswith("spi_parametric:")]
    assert len(names) == bound
    assert first in names
    assert made[1].key not in REFORMS  # the least recently used went
    assert made[1].key not in system._systems
    assert len([n for n in system._systems if n and n.startswith("spi_parametric:")]) <= bound
    again = reform_name(made[1])  # registered again on demand
    assert calculate(situation(300), reform=again).monthly_amount > 0
