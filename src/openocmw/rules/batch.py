"""Many households in one OpenFisca simulation: the vectorised counterpart of
``facade.calculate`` for a population given as columns (the reform simulator on the synthetic
national population). No Django.

Every household has one applicant (``relation`` "applicant") and its members; what the columns
do not say takes the facade's defaults for a situation without it (no student, no real estate,
no capital, the conditions of art. 3 met, the reference month as the right's period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from openocmw.rules.facade import _EPOCH
from openocmw.rules.result import INCOME_VARIABLES
from openocmw.rules.situation import month_bounds
from openocmw.rules.system import get_system


@dataclass
class Households:
    """Persons as columns, grouped by household, the applicant first in each."""

    household: np.ndarray  # int, 0..H-1, non-decreasing
    relation: np.ndarray  # str: applicant, partner, child, other, ...
    birth_date: np.ndarray  # datetime64[D]
    residence_status: np.ndarray  # str, the applicant's (others "unknown")
    in_charge: np.ndarray  # bool
    incomes: dict  # income variable (rules.result.INCOME_VARIABLES) -> monthly float array
    spi_first_day: np.ndarray  # datetime64[D]; _EPOCH when the exemption does not apply
    days_worked: np.ndarray  # int


def calculate_households(h: Households, on: date, reform: str | None = None) -> dict:
    """``leefloon_monthly``, ``leefloon_yearly`` and ``category_number`` per household (of its
    applicant), by the law or by a registered reform."""
    system = get_system(reform)
    n = len(h.household)
    households = int(h.household.max()) + 1 if n else 0
    period = f"{on.year:04d}-{on.month:02d}"
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", [str(i) for i in range(n)])
    entity = builder.declare_entity("household", [str(i) for i in range(households)])
    applicant = h.relation == "applicant"
    roles = np.where(applicant, "applicant", "member")
    builder.join_with_persons(entity, h.household.astype(str), list(roles))
    simulation = builder.build(system)

    def put(name, values, at=period):
        simulation.set_input(name, at, np.asarray(values))

    false = np.zeros(n, dtype=bool)
    put("birth_date", h.birth_date.astype("datetime64[D]"), at="ETERNITY")
    put("relation", h.relation)
    put("residence_status", np.where(applicant, h.residence_status, "unknown"))
    for name in ("eu_right_of_residence_over_3_months", "married", "pregnant", "is_student",
                 "has_study_grant", "student_full_time", "student_gpmi",
                 "spi_bottleneck_conditions_met", "receives_leefloon"):  # fmt: skip
        put(name, false)
    put("in_charge", h.in_charge & ~applicant)
    put("shares_household", ~applicant)
    for name in ("actual_residence_in_belgium", "willing_to_work", "other_benefits_claimed"):
        put(name, np.ones(n, dtype=bool))
    put("student_age_at_gpmi_start", np.zeros(n, dtype=int))
    entitled = h.spi_first_day > np.datetime64(_EPOCH)
    put("spi_entitled", entitled & applicant)
    put("spi_first_day", h.spi_first_day.astype("datetime64[D]"), at="ETERNITY")
    put("spi_days_used_before_month", np.zeros(n, dtype=int))
    put("spi_bottleneck_start", np.full(n, _EPOCH, dtype="datetime64[D]"), at="ETERNITY")
    put("days_worked", np.where(applicant, h.days_worked, 0))
    for name in INCOME_VARIABLES:
        put(name, h.incomes.get(name, np.zeros(n)))
    for name in ("movable_capital", "cadastral_income", "rent_received_yearly",
                 "mortgage_payments_yearly"):  # fmt: skip
        put(name, np.zeros(n))
    put("relatives_share_counted", np.zeros(households))
    first, last = month_bounds(on)
    put("days_with_right", np.where(applicant, (last - first).days + 1, 0))
    out = {}
    for name in ("leefloon_monthly", "leefloon_yearly", "category_number"):
        values = simulation.calculate(name, period)
        out[name] = np.asarray(values)[applicant] if len(values) == n else np.asarray(values)
    return out
