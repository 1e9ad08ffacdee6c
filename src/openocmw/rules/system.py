"""The leefloon tax-benefit system, built once per process (lazy singleton per reform)."""

from __future__ import annotations

import importlib
import inspect
import threading
from pathlib import Path

import numpy as np
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from openocmw.rules import entities

RULES_DIR = Path(__file__).resolve().parent
PARAMETERS_DIR = RULES_DIR / "parameters"
VARIABLES_DIR = RULES_DIR / "variables"

VARIABLE_MODULES = ("inputs", "household", "resources", "exemptions", "amounts")

_lock = threading.Lock()
_systems: dict[str | None, TaxBenefitSystem] = {}


class LeefloonSystem(TaxBenefitSystem):
    """Belgian right to social integration (leefloon), law of 26 May 2002 and RD 11 July 2002."""

    def __init__(self, parameters_dir: Path | None = None) -> None:
        super().__init__(entities.entities)
        # Another parameter tree (a copy, e.g. after `openocmw rules index` in a test) may be
        # given; the cached system of `get_system` always uses the built-in one.
        self.load_parameters(str(parameters_dir or PARAMETERS_DIR))
        for module in VARIABLE_MODULES:
            for variable in variable_classes(module):
                self.add_variable(variable)
        use_float64(self)


def forget_system(reform: str) -> None:
    """Drop the cached system of a reform (the parametric reforms are bounded, see
    ``rules.reforms.spi_parametric``); the baseline system is never dropped."""
    if reform is None:
        return
    with _lock:
        _systems.pop(reform, None)


def variable_classes(module_name: str) -> list[type[Variable]]:
    """The Variable subclasses defined in one module of `openocmw.rules.variables`."""
    module = importlib.import_module(f"openocmw.rules.variables.{module_name}")
    return [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Variable)
        and obj is not Variable
        and obj.__module__ == module.__name__
    ]


def use_float64(system: TaxBenefitSystem) -> None:
    """Store every float variable in float64: amounts must be exact to the cent.

    OpenFisca stores `float` variables as float32 by default, which loses cents above about
    100,000 EUR and accumulates rounding errors in sums.
    """
    for variable in system.variables.values():
        if variable.value_type is float:
            variable.dtype = np.float64


def get_system(reform: str | None = None) -> TaxBenefitSystem:
    """Return the (cached) tax-benefit system, optionally with a named reform applied."""
    system = _systems.get(reform)
    if system is not None:
        return system
    with _lock:
        system = _systems.get(reform)
        if system is None:
            if reform is None:
                system = LeefloonSystem()
            else:
                from openocmw.rules.reforms import get_reform

                system = get_reform(reform)(get_system(None))
                use_float64(system)
            _systems[reform] = system
    return system
