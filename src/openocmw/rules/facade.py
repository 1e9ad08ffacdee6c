"""The facade: `calculate(situation, on)` -> Result with amounts, right, category, explanation."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from openocmw.rules import texts
from openocmw.rules.errors import SituationError, make_error
from openocmw.rules.params import parameter_value
from openocmw.rules.situation import month_bounds, parse_date, validate_situation
from openocmw.rules.system import get_system
from openocmw.rules.variables.common import KB, KB_URL, LAW, LAW_URL, ORGANIC_LAW_URL

CENT = Decimal("0.01")

RESOURCE_VARIABLES = {
    "wages": "income_wages",
    "self_employment": "income_self_employment",
    "vocational_training": "income_vocational_training",
    "unemployment_benefit": "income_benefits",
    "sickness_benefit": "income_benefits",
    "pension": "income_benefits",
    "other_benefit": "income_benefits",
    "maintenance": "income_maintenance",
    "maintenance_for_children": "income_maintenance_for_children",
    "family_allowance": "income_family_allowance",
    "study_grant": "income_study_grant",
    "entry_traineeship": "income_entry_traineeship",
    "artistic": "income_artistic",
    "other": "income_other",
}
INCOME_VARIABLES = sorted(set(RESOURCE_VARIABLES.values()))

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
    "spi_exemption_yearly",
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

ACTS = {
    "law": (LAW, "Loi du 26 mai 2002 concernant le droit à l'intégration sociale", LAW_URL),
    "kb": (
        KB,
        "Arrêté royal du 11 juillet 2002 portant règlement général en matière de droit à "
        "l'intégration sociale",
        KB_URL,
    ),
    "organic": (
        "Organieke wet van 8 juli 1976 betreffende de openbare centra voor maatschappelijk welzijn",
        "Loi organique du 8 juillet 1976 des centres publics d'action sociale",
        ORGANIC_LAW_URL,
    ),
}


def _rule(article: str, act: str = "law", article_fr: str | None = None) -> dict:
    """A legal rule: the act and article, in Dutch (`title`) and French (`title_fr`), and a link."""
    nl, fr, href = ACTS[act]
    article_fr = article_fr or article.replace(" en ", " et ")
    return {"title": f"{nl}, {article}", "title_fr": f"{fr}, {article_fr}", "href": href}


def cents(value) -> Decimal:
    """A float from the engine, as an exact amount in cents (half up)."""
    return Decimal(repr(round(float(value), 6))).quantize(CENT, rounding=ROUND_HALF_UP)


def _monthly(item: dict) -> float:
    amount = float(item["amount"])
    return amount if item["period"] == "month" else amount / 12.0


def _yearly(item: dict) -> Decimal:
    amount = Decimal(repr(float(item["amount"])))
    return (amount * 12 if item["period"] == "month" else amount).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Result:
    reference_date: date
    right: str
    right_reason: str
    category: int | None
    category_amount_yearly: Decimal
    yearly_amount: Decimal
    monthly_amount: Decimal
    amount_for_period: Decimal
    days_with_right: int
    days_in_month: int
    countable_resources: list[dict]
    countable_resources_total: Decimal
    exemptions: list[dict]
    explanation: dict
    parameters: list[dict]
    rules_version: str
    reform: str | None = None
    situation: dict = field(default_factory=dict, repr=False)
    warnings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        nl_right, fr_right = texts.RIGHTS[self.right]
        nl_reason, fr_reason = texts.REASONS[self.right_reason]
        category = None
        if self.category:
            nl_cat, fr_cat = texts.CATEGORIES[self.category]
            category = {"number": self.category, "nl": nl_cat, "fr": fr_cat}
        return {
            "rules_version": self.rules_version,
            "reform": self.reform,
            "reference_date": self.reference_date.isoformat(),
            "right": {"code": self.right, "nl": nl_right, "fr": fr_right},
            "right_reason": {"code": self.right_reason, "nl": nl_reason, "fr": fr_reason},
            "category": category,
            "category_amount_yearly": str(self.category_amount_yearly),
            "yearly_amount": str(self.yearly_amount),
            "monthly_amount": str(self.monthly_amount),
            "amount_for_period": str(self.amount_for_period),
            "days_with_right": self.days_with_right,
            "days_in_month": self.days_in_month,
            "countable_resources": _jsonable(self.countable_resources),
            "countable_resources_total": str(self.countable_resources_total),
            "exemptions": _jsonable(self.exemptions),
            "explanation": _jsonable(self.explanation),
            "parameters": _jsonable(self.parameters),
            "warnings": list(self.warnings),
        }

    def explain(self, lang: str = "nl") -> str:
        """The explanation as readable text, in Dutch (nl) or French (fr)."""
        lines = [f"! {w[lang]}" for w in self.warnings]
        lines += [self.explanation["summary"][lang], ""]
        for number, step in enumerate(self.explanation["steps"], start=1):
            lines.append(f"{number}. {step[lang]}")
            title = step["rule"]["title_fr" if lang == "fr" else "title"]
            lines.append(f"   ({title})")
        version = "Versie van de regels" if lang == "nl" else "Version des règles"
        lines += ["", f"{version}: {self.rules_version}"]
        return "\n".join(lines)


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date,)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


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
    spi = applicant.get("spi")
    put("spi_entitled", [spi is not None] + [False] * len(members))
    put(
        "spi_first_day",
        np.array(
            [spi["first_day"] if spi else "1970-01-01"] + ["1970-01-01"] * len(members),
            dtype="datetime64[D]",
        ),
        at="ETERNITY",
    )

    put("days_worked", [int(spi.get("days_worked", 0)) if spi else 0] + [0] * len(members))

    incomes = {name: np.zeros(count) for name in INCOME_VARIABLES}
    capital = np.zeros(count)
    cadastral = np.zeros(count)
    rent = np.zeros(count)
    mortgage = np.zeros(count)
    for index, person in enumerate(people):
        for item in person.get("resources") or []:
            incomes[RESOURCE_VARIABLES[item["kind"]]][index] += _monthly(item)
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
    from openocmw.rules.explanation import build_explanation

    return build_explanation(system, checked, reference, values, reform)
