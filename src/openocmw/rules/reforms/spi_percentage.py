"""Example reform: the socio-professional exemption as a percentage with a minimum and a maximum.

Seed 001 (POD MI working group on social activation, 2017) discusses replacing the fixed monthly
exemption of RD 11 July 2002 art. 35, §1 by a percentage of the earned income with a floor and a
ceiling, computed either per month or per worked day. The parameter values of this reform are an
illustrative design, not law: they live in reforms/parameters/spi_percentage/ and say so.

Two variants:
- `spi_percentage_monthly`: exemption = clip(rate x income, minimum, maximum), never above income;
- `spi_percentage_daily`: the floor and ceiling are per worked day (x days worked in the month).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from openocmw.rules.entities import Person
from openocmw.rules.variables.common import KB, KB_URL, round_cents

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"


def _add_parameters(parameters: ParameterNode) -> ParameterNode:
    node = ParameterNode("reforms", directory_path=str(PARAMETERS_DIR))
    parameters.add_child("reforms", node)
    return parameters


def _spi_formula(daily: bool):
    def formula(person, period, parameters):
        p = parameters(period.start).reforms.spi_percentage
        income = person("earned_income_monthly", period)
        if daily:
            days = person("days_worked", period)
            floor = p.minimum_daily * days
            ceiling = p.maximum_daily * days
        else:
            floor = p.minimum_monthly
            ceiling = p.maximum_monthly
        monthly = np.minimum(np.clip(income * p.rate, floor, ceiling), income)
        applies = person("spi_within_time_limit", period) * np.logical_not(
            person("student_exemption_applies", period)
        )
        return round_cents(monthly * 12) * applies

    return formula


def _variable(daily: bool) -> type[Variable]:
    return type(
        "spi_exemption_yearly",
        (Variable,),
        {
            "value_type": float,
            "entity": Person,
            "definition_period": DateUnit.MONTH,
            "unit": "currency-EUR",
            "label": (
                "Socio-professionele vrijstelling per jaar (hervorming: percentage met minimum en "
                f"maximum, {'per gewerkte dag' if daily else 'per maand'})"
            ),
            "reference": [f"{KB}, art. 35, §1 (gewijzigd door de hervorming)", KB_URL],
            "formula": _spi_formula(daily),
            "__module__": __name__,
        },
    )


class SpiPercentageMonthly(Reform):
    name = "Socio-professionele vrijstelling als percentage, per maand"

    def apply(self):
        self.modify_parameters(modifier_function=_add_parameters)
        self.update_variable(_variable(daily=False))


class SpiPercentageDaily(Reform):
    name = "Socio-professionele vrijstelling als percentage, per gewerkte dag"

    def apply(self):
        self.modify_parameters(modifier_function=_add_parameters)
        self.update_variable(_variable(daily=True))
