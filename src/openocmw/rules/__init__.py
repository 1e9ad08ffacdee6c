"""Legislation as code: the Belgian right to social integration (leefloon), with OpenFisca.

No Django here. Public API:

- `calculate(situation, on=None, *, reform=None) -> Result`
- `validate_situation(data) -> dict` (raises `SituationError`)
- `situation_schema() -> dict` (the JSON Schema of a situation)
- `SUPPORTED_RANGE`, `VERIFIED_UNTIL` (amounts checked up to this date), `RULES_VERSION`
"""

from __future__ import annotations

import copy
from datetime import date

from openocmw.rules.errors import SituationError
from openocmw.rules.facade import Result, calculate
from openocmw.rules.situation import SUPPORTED_RANGE, VERIFIED_UNTIL
from openocmw.rules.situation import situation_schema as _schema
from openocmw.rules.situation import validate_situation as _validate
from openocmw.rules.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "SUPPORTED_RANGE",
    "VERIFIED_UNTIL",
    "Result",
    "SituationError",
    "calculate",
    "situation_schema",
    "validate_situation",
]


def validate_situation(data: dict, *, on: date | str | None = None) -> dict:
    """Check a situation; return a validated copy or raise SituationError (field-named, nl/fr)."""
    return _validate(data, on=on)


def situation_schema() -> dict:
    """The JSON Schema of a situation (also at rules/situation_schema.json)."""
    return copy.deepcopy(_schema())
