"""The rules an OCMW's local rights are screened with on a date (no import of the services, so
that the screening, the labels and the catalogue services can all read them)."""

from __future__ import annotations

from datetime import date

from openocmw.rules.rights.catalogue import validate_right
from openocmw.rules.rights.local import compile_rule

from .models import RightVersion


def local_rules(ocmw, on: date) -> dict:
    """The OCMW's local rights with conditions, in the version that applies on `on`:
    code -> (engine rule, catalogue entry)."""
    latest: dict[str, RightVersion] = {}
    for version in RightVersion.objects.filter(ocmw=ocmw, valid_from__lte=on).order_by(
        "valid_from", "version"
    ):
        latest[version.code] = version
    out = {}
    for code, version in latest.items():
        conditions = version.data.get("local_conditions")
        if conditions:
            out[code] = (compile_rule(code, conditions), validate_right(version.data))
    return out
