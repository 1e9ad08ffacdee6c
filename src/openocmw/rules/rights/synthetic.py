"""A deterministic synthetic national population as columns (NumPy), shared by the benchmark
of the rights screening (``bench/bench_screening.py``) and the reform simulator on the national
population (``openocmw.stats.national``). No Django.

By default 11.8 million persons in about 5 million households, with distributions of household
size, age, role, residence status, income and the rights already received chosen to resemble
Belgium's (see :func:`generate`). The figures are invented to be plausible, not measured.
"""

from __future__ import annotations

import numpy as np

from openocmw.rules.rights.conditions import LEEFLOON_STATUSES, S
from openocmw.rules.rights.screening import Population

# Household sizes 1..6 (Statbel-like shares; mean about 2.36 persons per household).
SIZE_SHARES = np.array([0.35, 0.31, 0.15, 0.13, 0.045, 0.015])
STATUS_SHARES = {
    "unknown": 0.01,
    "belgian": 0.866,
    "eu_citizen": 0.07,
    "recognised_refugee": 0.008,
    "subsidiary_protection": 0.002,
    "stateless": 0.0005,
    "population_register": 0.02,
    "foreigners_register": 0.0125,
    "asylum_seeker": 0.004,
    "no_legal_residence": 0.007,
}


def generate(persons: int, seed: int) -> Population:
    """A deterministic synthetic population of about `persons` persons, as columns."""
    rng = np.random.default_rng(seed)
    households = int(round(persons / float(SIZE_SHARES @ np.arange(1, 7))))
    sizes = rng.choice(np.arange(1, 7), households, p=SIZE_SHARES).astype(np.int64)
    hh = np.repeat(np.arange(households, dtype=np.int64), sizes)
    n = len(hh)
    starts = np.cumsum(sizes) - sizes
    position = np.arange(n, dtype=np.int64) - starts[hh]
    with_partner = rng.random(households) < 0.72
    role = np.where(position == 0, 0, 2).astype(np.int8)
    role[(position == 1) & with_partner[hh]] = 1
    role[(position == 1) & ~with_partner[hh] & (sizes[hh] == 2)] = 3  # e.g. an adult relative
    head_age = np.clip(rng.normal(52, 18, households), 18, 100).astype(np.int16)
    age = head_age[hh].copy()
    partner = role == 1
    age[partner] = np.clip(age[partner] + rng.integers(-6, 7, int(partner.sum())), 18, 100)
    other = role == 3
    age[other] = rng.integers(18, 90, int(other.sum()))
    child = role == 2
    parent_age = head_age[hh[child]]
    age[child] = np.clip(parent_age - rng.integers(20, 42, int(child.sum())), 0, 40)
    status_names = list(STATUS_SHARES)
    status_household = rng.choice(
        [S[s] for s in status_names], households, p=list(STATUS_SHARES.values())
    ).astype(np.int8)
    status = status_household[hh]
    # Income: a share of adults without own income; earnings lognormal; pensions for the elderly.
    adult = age >= 18
    # Working age: 68 % earn wages or self-employment income, 24 % a replacement income
    # (unemployment, sickness, disability), the rest nothing of their own; 97 % of those over 66
    # have a pension.
    draw = rng.random(n)
    working_age = adult & (age < 66)
    gross = np.zeros(n)
    wages = working_age & (draw < 0.68)
    gross[wages] = rng.lognormal(10.3, 0.5, int(wages.sum()))
    benefits = working_age & (draw >= 0.68) & (draw < 0.92)
    gross[benefits] = rng.lognormal(9.75, 0.3, int(benefits.sum()))
    retired = adult & (age >= 66) & (draw < 0.97)
    gross[retired] = rng.lognormal(9.9, 0.4, int(retired.sum()))
    irregular = np.isin(status, [S["asylum_seeker"], S["no_legal_residence"]])
    gross[irregular] = 0.0
    unknown_income = rng.random(n) < 0.03
    gross[unknown_income] = np.nan
    net = gross / 12 * 0.78
    disability = np.where(adult & (rng.random(n) < 0.035), 1, 0).astype(np.int8)
    debt = np.where(adult & (rng.random(n) < 0.02), 1, 0).astype(np.int8)
    disability[rng.random(n) < 0.02] = -1
    debt[rng.random(n) < 0.02] = -1
    # Rights received today: take-up probabilities on rough proxies of the conditions.
    household_gross = np.bincount(hh, weights=np.nan_to_num(gross), minlength=households)
    low = (household_gross < 24000 + 4500 * (sizes - 1))[hh]
    very_low = (household_gross < 9000 * np.minimum(sizes, 3))[hh]
    u = rng.random(n)
    entitled = np.isin(status, [S[s] for s in LEEFLOON_STATUSES])
    receives = {
        "leefloon": (role == 0) & very_low & entitled & adult & (u < 0.55),
        "equivalent_leefloon": (role == 0)
        & very_low
        & (status == S["foreigners_register"])
        & (u < 0.5),
        "urgent_medical_aid": (status == S["no_legal_residence"]) & (u < 0.45),
        "material_aid_reception": (status == S["asylum_seeker"]) & (u < 0.8),
        "income_guarantee_elderly": (age >= 65) & very_low & (u < 0.6),
        "increased_reimbursement": low & (u < 0.65),
        "social_energy_tariff": (role == 0) & very_low & (u < 0.7),
        "heating_allowance": (role == 0) & low & (u < 0.2),
        "uitpas_opportunity_rate": low & (u < 0.08),
    }
    receives["gpmi_obligation"] = receives["leefloon"] & (rng.random(n) < 0.8)
    columns = {
        "household": hh,
        "age": age,
        "role": role,
        "status": status,
        "income_net_monthly": net,
        "income_gross_yearly": gross,
        "disability_allowance": disability,
        "debt_mediation": debt,
    }
    return Population.from_columns(columns, receives)
