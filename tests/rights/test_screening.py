"""The screening engine: the issue's worked example, partitions, workers, bad input."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from openocmw.rules.rights.explain import worklist
from openocmw.rules.rights.screening import (
    Population,
    PopulationError,
    merge,
    partition,
    screen,
    screen_in_workers,
)

from .helpers import person, population

ON = date(2024, 6, 1)


def _example(granted_extra: int = 0) -> Population:
    """1,000 persons living alone, aged 70: 400 meet the IGO conditions (net income 1,000 EUR
    a month, under the single amount of 1,549.42 EUR of 1 May 2024), 600 do not (2,000 EUR).
    240 of the 400 receive the IGO; `granted_extra` more are granted after outreach."""
    households = []
    for i in range(1000):
        eligible = i < 400
        receives = {"income_guarantee_elderly"} if i < 240 + granted_extra else set()
        households.append([person(70, net=1000 if eligible else 2000, receives=receives)])
    return population(households)


def test_worked_example_of_the_issue_non_take_up_40_then_30_percent():
    pop = _example()
    result = screen(pop, ON, ["income_guarantee_elderly"]).rights["income_guarantee_elderly"]
    assert result.eligible == 400 and result.receiving == 240
    assert result.eligible_not_receiving == 160
    assert round(result.non_take_up * 100, 1) == 40.0
    entries = worklist(result, pop, ON)
    assert len(entries) == 160
    assert {e["person_id"] for e in entries} == set(range(240, 400))
    assert all(e["reason"] and e["complete"] for e in entries)
    # After outreach, 40 of them are granted the right: a rerun gives 30.0 %.
    again = screen(_example(granted_extra=40), ON, ["income_guarantee_elderly"])
    rerun = again.rights["income_guarantee_elderly"]
    assert rerun.eligible_not_receiving == 120
    assert round(rerun.non_take_up * 100, 1) == 30.0


def _random_population(seed: int, households: int = 3000) -> Population:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 5, households)
    hh = np.repeat(np.arange(households), sizes)
    n = len(hh)
    first = np.r_[True, hh[1:] != hh[:-1]]
    position = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))
    role = np.where(position == 0, 0, np.where(position == 1, 1, 2)).astype(np.int8)
    age = np.where(role == 2, rng.integers(0, 25, n), rng.integers(18, 95, n))
    gross = rng.gamma(2.0, 9000.0, n)
    gross[rng.random(n) < 0.05] = np.nan
    net = gross / 14
    columns = {
        "household": hh,
        "age": age,
        "role": role,
        "status": rng.choice(
            10, n, p=[0.02, 0.8, 0.06, 0.02, 0.01, 0.01, 0.03, 0.02, 0.015, 0.015]
        ),
        "income_net_monthly": net,
        "income_gross_yearly": gross,
        "disability_allowance": rng.choice([-1, 0, 1], n, p=[0.05, 0.9, 0.05]),
        "debt_mediation": rng.choice([-1, 0, 1], n, p=[0.1, 0.85, 0.05]),
    }
    receives = {
        code: rng.random(n) < 0.05
        for code in (
            "leefloon",
            "increased_reimbursement",
            "income_guarantee_elderly",
            "heating_allowance",
        )
    }
    return Population.from_columns(
        columns, receives, person_id=np.arange(n) * 7 + 3, ocmw=rng.choice([11002, 24062, 92094], n)
    )


def _same(a, b):
    assert a.persons == b.persons and a.households == b.households
    for code, left in a.rights.items():
        right = b.rights[code]
        for name in (
            "candidates",
            "eligible",
            "eligible_complete",
            "receiving",
            "eligible_receiving",
        ):
            assert getattr(left, name) == getattr(right, name), (code, name)
        for name in ("enr_ids", "enr_reasons", "enr_missing", "review_ids", "review_failing"):
            np.testing.assert_array_equal(
                getattr(left, name), getattr(right, name), err_msg=f"{code}.{name}"
            )


@pytest.mark.parametrize("by", ["household", "ocmw"])
def test_partitions_give_the_same_result_as_one_run(by):
    pop = _random_population(1)
    whole = screen(pop, ON)
    parts = partition(pop, 3, by=by)
    assert sum(len(p) for p in parts) == len(pop)
    _same(whole, merge([screen(p, ON) for p in parts]))


def test_households_are_never_split_across_partitions():
    pop = _random_population(2)
    seen = {}
    for k, part in enumerate(partition(pop, 4)):
        for household in part.household_id.tolist():
            assert seen.setdefault(household, k) == k


def test_worker_processes_give_the_same_result():
    pop = _random_population(3)
    _same(screen(pop, ON), screen_in_workers(pop, ON, workers=2, parts=4))


def test_every_encoded_right_finds_matches_in_a_varied_population():
    result = screen(_random_population(4), ON)
    for code, right in result.rights.items():
        assert right.eligible > 0, code
        assert 0.0 <= right.non_take_up <= 1.0


def test_a_population_without_a_required_column_is_refused_naming_it():
    columns = {"household": np.array([0]), "age": np.array([30])}
    with pytest.raises(PopulationError) as error:
        Population.from_columns(columns)
    assert error.value.field == "role"
    assert "role" in error.value.message_fr


def test_a_population_with_an_unknown_right_is_refused_naming_it():
    pop = population([[person(30)]])
    with pytest.raises(PopulationError) as error:
        Population.from_columns(pop.columns, {"free_beer": np.array([True])})
    assert error.value.field == "receives.free_beer"


def test_a_column_of_the_wrong_length_is_refused():
    pop = population([[person(30), person(5, "child")]])
    columns = dict(pop.columns, age=np.array([30]))
    with pytest.raises(PopulationError) as error:
        Population.from_columns(columns)
    assert error.value.field == "age"
