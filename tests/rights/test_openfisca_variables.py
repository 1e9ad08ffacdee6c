"""The rights' conditions as OpenFisca variables: one implementation of the law, two uses.

The population screening (`screening.screen`, NumPy over candidates) and OpenFisca (a variable
per condition, `rules.rights.variables`) must give identical results: the same eligible, the
same persons eligible and not receiving, with the same conditions holding and missing, and the
same review list, on generated populations with unknown facts.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from openocmw.rules.rights import variables
from openocmw.rules.rights.conditions import RIGHTS, STATUS_CODES
from openocmw.rules.rights.screening import RECEIVABLE, Population, screen

from .helpers import person, population


def generated(n_households: int, seed: int) -> Population:
    rng = np.random.default_rng(seed)
    size = rng.integers(1, 6, n_households)
    hh = np.repeat(np.arange(n_households), size)
    first = np.r_[True, hh[1:] != hh[:-1]]
    n = len(hh)
    position = np.arange(n) - np.flatnonzero(first)[hh]
    role = np.where(position == 0, 0, np.where(position == 1, rng.choice([1, 3], n), 2))
    age = np.where(role == 2, rng.integers(0, 25, n), rng.integers(16, 95, n))
    net = rng.gamma(2.0, 700.0, n)
    net[rng.random(n) < 0.15] = np.nan
    gross = rng.gamma(2.0, 9000.0, n)
    gross[rng.random(n) < 0.15] = np.nan
    columns = {
        "household": hh,
        "age": age,
        "role": role,
        "status": rng.integers(0, len(STATUS_CODES), n),
        "income_net_monthly": net,
        "income_gross_yearly": gross,
        "disability_allowance": rng.choice([-1, 0, 1], n, p=[0.3, 0.6, 0.1]),
        "debt_mediation": rng.choice([-1, 0, 1], n, p=[0.3, 0.6, 0.1]),
    }
    receives = {code: rng.random(n) < 0.12 for code in RECEIVABLE}
    return Population.from_columns(columns, receives)


def _openfisca_result(pop: Population, on: date, code: str) -> dict:
    simulation = variables.simulation_of(pop)
    period = on.isoformat()
    rule = RIGHTS[code]
    candidate = simulation.calculate(f"{code}__candidate", period)
    eligible = simulation.calculate(f"{code}__eligible", period)
    hh = pop.columns["household"]
    receives = pop.receives[code]
    if rule.unit == "household":
        receives = (np.bincount(hh, weights=receives, minlength=pop.households) > 0)[hh]
    possible = candidate & (eligible != 0)
    enr = np.flatnonzero(possible & ~receives)
    review = np.flatnonzero(candidate & receives & (eligible == 0))
    reasons = np.zeros(len(enr), np.int64)
    missing = np.zeros(len(enr), np.int64)
    for bit, condition in enumerate(rule.conditions):
        value = simulation.calculate(f"{code}__{condition.code}", period)
        reasons += (value[enr] == 1) << bit
        missing += (value[enr] == -1) << bit
    missing *= eligible[enr] != 1
    return {
        "eligible": int(possible.sum()),
        "eligible_complete": int((candidate & (eligible == 1)).sum()),
        "enr": enr,
        "reasons": reasons,
        "missing": missing,
        "review": review,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("on", [date(2023, 11, 1), date(2025, 3, 1)])
def test_openfisca_and_the_screening_give_identical_results(seed, on):
    pop = generated(2000, seed)
    result = screen(pop, on)
    for code in RIGHTS:
        expected = result.rights[code]
        got = _openfisca_result(pop, on, code)
        assert got["eligible"] == expected.eligible, code
        assert got["eligible_complete"] == expected.eligible_complete, code
        assert got["enr"].tolist() == expected.enr_ids.tolist(), code
        assert got["reasons"].tolist() == expected.enr_reasons.tolist(), code
        assert got["missing"].tolist() == expected.enr_missing.tolist(), code
        assert got["review"].tolist() == expected.review_ids.tolist(), code
        assert expected.eligible_not_receiving > 0 or code == "gpmi_obligation", code


def test_every_condition_is_a_variable_with_label_reference_and_dated_formula():
    system = variables.rights_system()
    for rule in RIGHTS.values():
        since, _ = variables.COMMENCEMENT[rule.code]
        for condition in rule.conditions:
            variable = system.variables[f"{rule.code}__{condition.code}"]
            assert variable.label == condition.nl
            assert variable.reference[1].startswith("https://")
            assert str(variable.formulas.keys()[0]) == since.isoformat()


def test_igo_for_one_household_by_openfisca_cites_the_law():
    # Wet van 22 maart 2001, art. 2 and 6-7 (IGO): pension age, nationality, resources under
    # the amount; the amount for a single person from 1 May 2024 is 1,549.42 EUR a month
    # (wikifin.be, parameters/igo/amount_single.yaml).
    pop = population([[person(70, net=1500.0)], [person(70, net=1600.0)]])
    on = date(2025, 3, 1)
    assert variables.calculate(
        pop, on, "income_guarantee_elderly__resources_below_igo"
    ).tolist() == [1, 0]
    assert variables.calculate(pop, on, "income_guarantee_elderly__eligible").tolist() == [1, 0]
    steps = [
        e for e in variables.explain_household(pop, on) if e["right"] == "income_guarantee_elderly"
    ]
    assert steps[0]["steps"][2]["result"] == "voldaan"
    assert steps[1]["steps"][2]["result"] == "niet voldaan"
    assert "22 maart 2001" in steps[0]["steps"][0]["reference"][0]


def test_an_unknown_income_is_unknown_in_openfisca_too():
    pop = population([[person(70, net=None)]])
    on = date(2025, 3, 1)
    assert variables.calculate(
        pop, on, "income_guarantee_elderly__resources_below_igo"
    ).tolist() == [-1]
    explanation = variables.explain_household(pop, on, language="fr")
    igo = next(e for e in explanation if e["right"] == "income_guarantee_elderly")
    assert igo["eligible"] == -1 and igo["steps"][2]["result"].startswith("inconnu")


def test_the_formula_does_not_apply_before_the_commencement():
    # The GPMI obligation for every new leefloon beneficiary: law of 21 July 2016, from 1
    # November 2016. Before that date the variable has no formula: its default (unknown).
    pop = population([[person(30, receives=("leefloon",))]])
    assert variables.calculate(
        pop, date(2016, 10, 31), "gpmi_obligation__receives_leefloon"
    ).tolist() == [-1]


@pytest.mark.parametrize(
    ("variable", "person_", "commencement", "after"),
    [
        # KB of 12 December 1996 on urgent medical aid, BS 31 December 1996, in force on
        # 10 January 1997 (Justel, ELI .../eli/besluit/1996/12/12/1996022721/justel).
        (
            "urgent_medical_aid__status_no_legal_residence",
            {"status": "no_legal_residence"},
            date(1997, 1, 10),
            date(1997, 1, 10),
        ),
        # The automatic social energy tariff (programme law of 27 April 2007) in force through
        # the KB of 28 June 2009 on 1 July 2009 (Justel, ELI .../eli/besluit/2009/06/28/
        # 2009011287/justel).
        (
            "social_energy_tariff__automatic_benefit",
            {"receives": ("leefloon",)},
            date(2009, 7, 1),
            date(2025, 3, 1),  # its parameters have values from 2021 only
        ),
    ],
)
def test_commencement_checked_against_justel(variable, person_, commencement, after):
    pop = population([[person(40, **person_)]])
    before = commencement.fromordinal(commencement.toordinal() - 1)
    assert variables.calculate(pop, before, variable).tolist() == [-1]
    assert variables.calculate(pop, after, variable).tolist() == [1]
