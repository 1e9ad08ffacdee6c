"""The breakdowns of the observatory: the values of each, in the order the tables show them,
and a beneficiary's value (shared by the stored counts and the tables)."""

from __future__ import annotations

from datetime import date

from openocmw.registry.models import ResidenceStatusCode, Sex

from . import measures as m
from .selectors import Beneficiary

AID_KINDS = ("leefloon", "equivalent_leefloon")


def values(dimension: str) -> list:
    if dimension == "age":
        return [label for _lo, _hi, label in m.AGE_BANDS]
    if dimension == "sex":
        return list(Sex.values)
    if dimension == "category":
        return [1, 2, 3, None]
    if dimension == "nationality":
        return list(m.NATIONALITY_GROUPS)
    if dimension == "residence":
        return [*ResidenceStatusCode.values, ""]
    return list(AID_KINDS)


def value_of(b: Beneficiary, dimension: str, on: date):
    if dimension == "age":
        return m.age_band(b.birth_date, on)
    if dimension == "sex":
        return b.sex
    if dimension == "category":
        return b.category if b.category in (1, 2, 3) else None
    if dimension == "nationality":
        return m.nationality_group(b.nationality or "XX")
    if dimension == "residence":
        return b.residence_status if b.residence_status in ResidenceStatusCode.values else ""
    return b.aid_kind
