"""A reform of the socio-professional exemption defined by its parameters only (issue 15, §2).

Seed 001 (POD MI working group on social activation, 2017) discusses replacing the fixed
monthly exemption of RD 11 July 2002 art. 35, §1 by a percentage of the earned income with a
floor and a ceiling, per month or per worked day, and asks whether the artists' exemption
(art. 35, §2) should stay. :class:`SpiParameters` holds such a design; :func:`reform_name`
registers it as an OpenFisca reform that :func:`openocmw.rules.facade.calculate` accepts like
the named ones.

The reform changes the general socio-professional exemption only. The exemption for a
bottleneck profession (art. 35, §1, second paragraph) and the students' exemption keep the law,
so that parameters equal to the law (100 %, minimum 0, maximum the law's monthly amount,
monthly, artists kept) give exactly the law's amounts (tested: the reform costs 0).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from openocmw.rules.entities import Person
from openocmw.rules.variables.common import KB, KB_URL, round_cents


class ReformParameterError(ValueError):
    """Bad parameters; ``errors`` maps each field to an error code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SpiParameters:
    percentage: Decimal  # of the earned income, 0 to 100
    minimum: Decimal  # euros per month, or per worked day when ``daily``
    maximum: Decimal
    daily: bool = False
    artists_removed: bool = False

    def validate(self) -> SpiParameters:
        errors = {}
        if not Decimal(0) <= self.percentage <= Decimal(100):
            errors["percentage"] = "between_0_and_100"
        if self.minimum < 0:
            errors["minimum"] = "negative"
        if self.maximum < 0:
            errors["maximum"] = "negative"
        if "minimum" not in errors and "maximum" not in errors and self.minimum > self.maximum:
            errors["minimum"] = "above_maximum"
        if errors:
            raise ReformParameterError(errors)
        return self

    @property
    def key(self) -> str:
        return (
            f"spi_parametric:{self.percentage}:{self.minimum}:{self.maximum}:"
            f"{'daily' if self.daily else 'monthly'}:{'no-artists' if self.artists_removed else 'artists'}"
        )


def _spi(params: SpiParameters) -> type[Variable]:
    rate = float(params.percentage) / 100
    low, high = float(params.minimum), float(params.maximum)

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.spi
        income = person("earned_income_monthly", period)
        if params.daily:
            days = person("days_worked", period)
            floor, ceiling = low * days, high * days
        else:
            floor, ceiling = low, high
        reformed = np.minimum(np.clip(income * rate, floor, ceiling), income)
        bottleneck = person("spi_bottleneck_applies", period)
        law_bottleneck = np.minimum(income, p.bottleneck_monthly_amount)
        monthly = np.where(bottleneck, law_bottleneck, reformed)
        applies = person("spi_within_time_limit", period) * np.logical_not(
            person("student_exemption_applies", period)
        )
        return round_cents(monthly * 12) * applies

    return type(
        "spi_exemption_yearly",
        (Variable,),
        {
            "value_type": float,
            "entity": Person,
            "definition_period": DateUnit.MONTH,
            "unit": "currency-EUR",
            "label": "Socio-professionele vrijstelling per jaar (hervorming met parameters)",
            "reference": [f"{KB}, art. 35, §1 (gewijzigd door de hervorming)", KB_URL],
            "formula": formula,
            "__module__": __name__,
        },
    )


def _no_artists() -> type[Variable]:
    return type(
        "artist_exemption_yearly",
        (Variable,),
        {
            "value_type": float,
            "entity": Person,
            "definition_period": DateUnit.MONTH,
            "unit": "currency-EUR",
            "label": "Vrijstelling van artistieke inkomsten per jaar (afgeschaft door de hervorming)",
            "reference": [f"{KB}, art. 35, §2 (afgeschaft door de hervorming)", KB_URL],
            "formula": lambda person, period: person("income_artistic", period) * 0,
            "__module__": __name__,
        },
    )


def make_reform(params: SpiParameters) -> type[Reform]:
    params.validate()

    class SpiParametric(Reform):
        name = f"Socio-professionele vrijstelling: {params.percentage} %"

        def apply(self):
            self.update_variable(_spi(params))
            if params.artists_removed:
                self.update_variable(_no_artists())

    return SpiParametric


# A long-running worker sees many distinct reforms: each registered one holds a reform class and
# a built tax-benefit system (several MB). Only the most recently used ones are kept.
MAX_REGISTERED = 8
_registered: OrderedDict[str, None] = OrderedDict()
_lock = threading.Lock()


def reform_name(params: SpiParameters) -> str:
    """Register the reform and return the name to pass to ``calculate(..., reform=name)``.

    The registered parametric reforms form an LRU keyed by the parameters, at most
    ``MAX_REGISTERED``: registering one more forgets the least recently used (its class and its
    cached system). A forgotten one is registered again when it is asked for again, so a caller
    that runs long calls this before each calculation rather than keeping the name."""
    from openocmw.rules.reforms import REFORMS
    from openocmw.rules.system import forget_system

    key = params.validate().key
    with _lock:
        if key in _registered and key in REFORMS:
            _registered.move_to_end(key)
            return key
        REFORMS[key] = make_reform(params)
        _registered[key] = None
        _registered.move_to_end(key)
        while len(_registered) > MAX_REGISTERED:
            old, _ = _registered.popitem(last=False)
            REFORMS.pop(old, None)
            forget_system(old)
    return key
