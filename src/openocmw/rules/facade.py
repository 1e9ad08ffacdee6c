"""The facade: `calculate(situation, on)` -> Result with amounts, right, category, explanation."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from openocmw.rules.errors import SituationError, make_error
from openocmw.rules.explanation import build_explanation
from openocmw.rules.params import parameter_value
from openocmw.rules.result import INCOME_VARIABLES, RESOURCE_VARIABLES, Result, monthly_of
from openocmw.rules.situation import month_bounds, parse_date, spi_periods, validate_situation
from openocmw.rules.system import get_system

__all__ = ["Result", "calculate"]

OUTPUT_VARIABLES = (
    "age",
    "category_number",
    "category_amount_yearly",
    "right",
    "right_reason",
    "income_yearly",
    "capital_income_yearly",
    "real_estate_income_yearly",
    "family_allowance_exempt_yearly",
    "maintenance_for_children_exempt_yearly",
    "study_grant_exempt_yearly",
    "entry_traineeship_exempt_yearly",
    "spi_within_time_limit",
    "spi_bottleneck_applies",
    "spi_exemption_yearly",
    "student_exemption_applies",
    "student_exemption_yearly",
    "artist_exemption_yearly",
    "partner_resources_counted_yearly",
    "relatives_resources_counted_yearly",
    "resources_before_general_exemption_yearly",
    "general_exemption_yearly",
    "countable_resources_yearly",
    "leefloon_yearly",
    "leefloon_monthly",
    "leefloon_for_period",
    "days_with_right",
)

_EPOCH = "1970-01-01"


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def spi_days_used_before(periods: list[tuple[date, date | None]], before: date) -> int:
    """Days of use of the socio-professional exemption before `before` (interruptions excluded).

    An open period (no end) runs up to the day before `before`.
    """
    last = before - timedelta(days=1)
    total = 0
    for start, end in periods:
        stop = min(end or last, last)
        if stop >= start:
            total += (stop - start).days + 1
    return total


def _build_simulation(system, situation: dict, reference: date):
    applicant = situation["applicant"]
    members = situation["household"]["members"]
    people = [applicant, *members]
    count = len(people)
    period = f"{reference.year:04d}-{reference.month:02d}"

    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", [f"p{i}" for i in range(count)])
    household = builder.declare_entity("household", ["h"])
    builder.join_with_persons(household, ["h"] * count, ["applicant"] + ["member"] * (count - 1))
    simulation = builder.build(system)

    def put(name, values, at=period):
        simulation.set_input(name, at, np.asarray(values))

    put(
        "birth_date",
        np.array([p["birth_date"] for p in people], dtype="datetime64[D]"),
        at="ETERNITY",
    )
    put("relation", np.array(["applicant"] + [m["relation"] for m in members]))
    put(
        "residence_status",
        np.array([applicant["residence_status"]] + ["unknown"] * len(members)),
    )
    eu = applicant.get("eu_residence") or {}
    if "right_of_residence_over_3_months" in eu:
        eu_ok = eu["right_of_residence_over_3_months"]
    elif "residence_since" in eu:
        since = parse_date(eu["residence_since"])
        months = parameter_value(
            system, "leefloon.eligibility.eu_minimum_residence_months", reference
        )
        eu_ok = _add_months(since, int(months["value"])) <= reference
    else:
        eu_ok = False
    put("eu_right_of_residence_over_3_months", [eu_ok] + [False] * len(members))
    put("married", [bool(p.get("married", False)) for p in people])
    put("pregnant", [bool(applicant.get("pregnant", False))] + [False] * len(members))
    put("in_charge", [False] + [bool(m.get("in_charge", False)) for m in members])
    put("shares_household", [False] + [bool(m["shares_household"]) for m in members])
    conditions = applicant["conditions"]
    for key in ("actual_residence_in_belgium", "willing_to_work", "other_benefits_claimed"):
        put(key, [bool(conditions[key])] + [True] * len(members))
    student = applicant.get("student")
    put("is_student", [student is not None] + [False] * len(members))
    put("has_study_grant", [bool(student and student["study_grant"])] + [False] * len(members))
    put("student_full_time", [bool(student and student["full_time"])] + [False] * len(members))
    put("student_gpmi", [bool(student and student["gpmi"])] + [False] * len(members))
    age_at_start = 0
    if student is not None:
        since = parse_date(student["gpmi_start"]) if "gpmi_start" in student else reference
        age_at_start = _age(parse_date(applicant["birth_date"]), since)
    put("student_age_at_gpmi_start", [age_at_start] + [0] * len(members))

    spi = applicant.get("spi")
    periods = spi_periods(spi) if spi else []
    month_start, _month_end = month_bounds(reference)
    put("spi_entitled", [spi is not None] + [False] * len(members))
    first_day = min(start for start, _ in periods).isoformat() if periods else _EPOCH
    put(
        "spi_first_day",
        np.array([first_day] + [_EPOCH] * len(members), dtype="datetime64[D]"),
        at="ETERNITY",
    )
    put(
        "spi_days_used_before_month",
        [spi_days_used_before(periods, month_start)] + [0] * len(members),
    )
    bottleneck = next(
        ((p["start"], p["bottleneck_occupation"]) for p in (spi or {}).get("periods") or []
         if "bottleneck_occupation" in p),
        None,
    )  # fmt: skip
    put(
        "spi_bottleneck_start",
        np.array(
            [bottleneck[0] if bottleneck else _EPOCH] + [_EPOCH] * len(members),
            dtype="datetime64[D]",
        ),
        at="ETERNITY",
    )
    put(
        "spi_bottleneck_conditions_met",
        [
            bool(
                bottleneck
                and bottleneck[1]["regional_attestation"]
                and bottleneck[1]["contract_months"] >= 3
            )
        ]
        + [False] * len(members),
    )
    put(
        "receives_leefloon",
        [False] + [bool(m.get("leefloon_beneficiary", False)) for m in members],
    )

    put("days_worked", [int(spi.get("days_worked", 0)) if spi else 0] + [0] * len(members))

    incomes = {name: np.zeros(count) for name in INCOME_VARIABLES}
    capital = np.zeros(count)
    cadastral = np.zeros(count)
    rent = np.zeros(count)
    mortgage = np.zeros(count)
    for index, person in enumerate(people):
        for item in person.get("resources") or []:
            incomes[RESOURCE_VARIABLES[item["kind"]]][index] += monthly_of(item)
        capital[index] = float((person.get("capital") or {}).get("movable", 0))
        for estate in person.get("real_estate") or []:
            if estate["rented"]:
                rent[index] += float(estate["yearly_rent"])
            else:
                cadastral[index] += float(estate["cadastral_income"]) * float(estate["share"])
                mortgage[index] += float(estate.get("mortgage_yearly", 0))
    for name, values in incomes.items():
        put(name, values)
    put("movable_capital", capital)
    put("cadastral_income", cadastral)
    put("rent_received_yearly", rent)
    put("mortgage_payments_yearly", mortgage)
    share = (situation.get("ocmw_choices") or {}).get("first_degree_relatives_share", 0.0)
    put("relatives_share_counted", [float(share)])

    first, last = month_bounds(reference)
    right_period = situation.get("right_period") or {}
    start = parse_date(right_period["start"]) if "start" in right_period else first
    end = parse_date(right_period["end"]) if "end" in right_period else last
    days = (end - start).days + 1
    put("days_with_right", [days] + [0] * len(members))
    return simulation, period


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def calculate(
    situation: dict, on: date | str | None = None, *, reform: str | None = None
) -> Result:
    """Calculate the right to social integration for one situation.

    `on` (a date or YYYY-MM-DD) overrides the situation's `reference_date`. `reform` names a
    policy reform (see `openocmw.rules.reforms.REFORMS`). Raises SituationError on bad input.
    """
    checked = validate_situation(situation, on=on)
    if reform is not None:
        from openocmw.rules.reforms import REFORMS

        if reform not in REFORMS:
            raise SituationError(
                [make_error("reform", "unknown_reform", allowed=", ".join(sorted(REFORMS)))]
            )
        spi = checked["applicant"].get("spi")
        if reform == "spi_percentage_daily" and spi is not None and "days_worked" not in spi:
            raise SituationError([make_error("applicant.spi.days_worked", "required")])
    system = get_system(reform)
    reference = parse_date(checked["reference_date"])
    simulation, period = _build_simulation(system, checked, reference)
    values = {}
    for name in OUTPUT_VARIABLES:
        array = simulation.calculate(name, period)
        if hasattr(array, "decode_to_str"):
            values[name] = str(array.decode_to_str()[0])
        else:
            values[name] = array[0].item()
    return build_explanation(system, checked, reference, values, reform)
