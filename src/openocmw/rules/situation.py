"""Validation of a leefloon situation: the JSON Schema, plus the checks the schema cannot express.

The schema (situation_schema.json) is checked by the jsonschema library, so the documented schema
and the validation can never drift apart; its errors are turned into this package's codes. Every error names its field and carries a Dutch and a French
message; nothing is silently fixed or defaulted.
"""

from __future__ import annotations

import calendar
import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import jsonschema

from openocmw.rules.errors import SituationError, make_error

SCHEMA_PATH = Path(__file__).resolve().parent / "situation_schema.json"
PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
FIRST_SUPPORTED = date(2013, 1, 1)
_FALLBACK_LAST = date(2025, 12, 31)
_VALID_ON = re.compile(r"^\s*last_value_still_valid_on:\s*'?(\d{4}-\d{2}-\d{2})'?", re.MULTILINE)


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _last_supported() -> date:
    """The last date for which every parameter's latest value is confirmed still valid.

    Parameter files may declare `metadata.last_value_still_valid_on` (the date up to which the
    research confirmed no newer value was published). The verified range ends at the earliest
    of these dates, so no calculation silently uses a value that may have been superseded.

    A value only ever changes on the first day of a month (the temporal-coverage test and
    `openocmw rules check` refuse any other day), so a value confirmed on one day of a month is
    the value of that whole month: the verified range runs to the end of that month. Without
    this, a value confirmed "on 1 February 2025" (the day it took effect) was reported as
    unverified for 15 February 2025, a date whose amounts are the verified ones.
    """
    dates = [
        date.fromisoformat(match)
        for path in PARAMETERS_DIR.rglob("*.yaml")
        for match in _VALID_ON.findall(path.read_text(encoding="utf-8"))
    ]
    return end_of_month(min(dates)) if dates else _FALLBACK_LAST


# The last date up to which every parameter was checked against the published sources.
VERIFIED_UNTIL = _last_supported()
# Calculations after VERIFIED_UNTIL apply the last verified values, with a warning on every
# result, up to this horizon: an OCMW must be able to work today, and a newer indexation must
# be entered as soon as it is published. Moving the horizon is a deliberate, yearly act.
PROVISIONAL_HORIZON = date(2026, 12, 31)
LAST_SUPPORTED = max(VERIFIED_UNTIL, PROVISIONAL_HORIZON)
SUPPORTED_RANGE = (FIRST_SUPPORTED, LAST_SUPPORTED)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OLD_AGE = 18


@cache
def situation_schema() -> dict:
    """The JSON Schema of a situation (a fresh copy is returned by the public API)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def parse_date(value: str) -> date | None:
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


_TYPE_CODES = {
    "object": "type_object",
    "array": "type_array",
    "string": "type_string",
    "number": "type_number",
    "integer": "type_integer",
    "boolean": "type_boolean",
}


def _path(parts) -> str:
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else _join(out, part)
    return out


def _is_number(checker, value) -> bool:
    # JSON numbers only: a boolean is not a number, NaN is not a number.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _is_integer(checker, value) -> bool:
    return _is_number(checker, value) and float(value).is_integer()


_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


@cache
def _validator():
    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine_many({"number": _is_number, "integer": _is_integer})
    cls = jsonschema.validators.extend(base, type_checker=types)
    return cls(situation_schema(), format_checker=_FORMATS)


def _position(data, path) -> tuple:
    """Where an error lies in the document: errors are listed in reading order, an object's
    own (unknown or missing fields) before those of its contents."""
    out, node = [], data
    for part in path:
        if isinstance(node, dict):
            keys = list(node)
            out.append(keys.index(part) if part in keys else len(keys))
        else:
            out.append(part if isinstance(part, int) else 0)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def _schema_errors(data: dict) -> list[dict]:
    """The situation checked by the jsonschema library, as field-named nl/fr errors."""
    errors: list[dict] = []
    typed: set[str] = set()  # a value of the wrong type gets one error, not one per keyword
    found = sorted(_validator().iter_errors(data), key=lambda e: _position(data, e.absolute_path))
    for e in found:
        path = _path(e.absolute_path)
        if e.validator == "type":
            typed.add(path)
            errors.append(make_error(path, _TYPE_CODES[e.validator_value]))
        elif path in typed:
            continue
        elif e.validator == "required":
            for key in e.validator_value:
                if isinstance(e.instance, dict) and key not in e.instance:
                    errors.append(make_error(_join(path, key), "required"))
        elif e.validator == "additionalProperties":
            known = e.schema.get("properties", {})
            for key in e.instance:
                if key not in known:
                    errors.append(make_error(_join(path, key), "unknown_field"))
        elif e.validator == "enum":
            errors.append(make_error(path, "enum", allowed=", ".join(map(str, e.validator_value))))
        elif e.validator == "format":
            errors.append(make_error(path, "date_format"))
        elif e.validator == "minimum":
            errors.append(make_error(path, "negative"))
        elif e.validator == "maximum":
            errors.append(make_error(path, "too_large", maximum=e.validator_value))
        else:  # a keyword the schema does not use today: still named, never silent
            errors.append(make_error(path, "invalid"))
    unique, seen = [], set()
    for err in errors:
        key = (err["field"], err["code"])
        if key not in seen:
            seen.add(key)
            unique.append(err)
    return unique


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _has_resources(person: dict) -> bool:
    return (
        any(item.get("amount", 0) > 0 for item in person.get("resources") or [])
        or (person.get("capital") or {}).get("movable", 0) > 0
        or any(
            (p.get("cadastral_income", 0) > 0 or p.get("yearly_rent", 0) > 0)
            for p in person.get("real_estate") or []
        )
    )


def validate_situation(data: dict, *, on: date | str | None = None) -> dict:
    """Validate a situation and return a checked copy (with `reference_date` set).

    Raises SituationError listing every problem found, each naming its field.
    """
    errors: list[dict] = []
    if not isinstance(data, dict):
        raise SituationError([make_error("", "type_object")])
    errors = _schema_errors(data)
    if errors:
        raise SituationError(errors)
    situation = copy.deepcopy(data)

    # Reference date: `on` (from the caller) wins over the situation's own field.
    if on is not None:
        field = "on"
        if isinstance(on, date):
            reference = on
        else:
            reference = parse_date(str(on))
            if reference is None:
                raise SituationError([make_error(field, "date_format")])
        situation["reference_date"] = reference.isoformat()
    elif "reference_date" in situation:
        field = "reference_date"
        reference = parse_date(situation["reference_date"])
    else:
        raise SituationError([make_error("reference_date", "reference_date_required")])
    if not FIRST_SUPPORTED <= reference <= LAST_SUPPORTED:
        raise SituationError(
            [
                make_error(
                    field,
                    "date_out_of_range",
                    first=FIRST_SUPPORTED.isoformat(),
                    last=LAST_SUPPORTED.isoformat(),
                )
            ]
        )

    applicant = situation["applicant"]
    applicant_birth = parse_date(applicant["birth_date"])
    if applicant_birth > reference:
        errors.append(make_error("applicant.birth_date", "birth_after_reference"))
    applicant_age = _age(applicant_birth, reference)

    # EU citizens: the right of residence of more than three months (law art. 3, 3°).
    eu = applicant.get("eu_residence")
    if applicant["residence_status"] == "eu_citizen":
        if not eu or ("right_of_residence_over_3_months" not in eu and "residence_since" not in eu):
            errors.append(make_error("applicant.eu_residence", "eu_residence_required"))
    elif eu is not None:
        errors.append(make_error("applicant.eu_residence", "eu_residence_not_applicable"))

    if applicant_age < _OLD_AGE:
        for key in ("married", "pregnant"):
            if key not in applicant:
                errors.append(make_error(f"applicant.{key}", "required_for_minor"))

    # Partial month: the right's start and end must fall in the reference month.
    period = situation.get("right_period")
    if period is not None:
        if "start" not in period and "end" not in period:
            errors.append(make_error("right_period", "empty_period"))
        bounds = {}
        for key in ("start", "end"):
            if key in period:
                value = parse_date(period[key])
                bounds[key] = value
                if (value.year, value.month) != (reference.year, reference.month):
                    errors.append(make_error(f"right_period.{key}", "period_outside_month"))
        if "start" in bounds and "end" in bounds and bounds["end"] < bounds["start"]:
            errors.append(make_error("right_period.end", "end_before_start"))

    _check_spi(applicant.get("spi"), reference, errors)
    student = applicant.get("student")
    if (
        student is not None
        and "gpmi_start" in student
        and parse_date(student["gpmi_start"]) > reference
    ):
        errors.append(make_error("applicant.student.gpmi_start", "date_after_reference"))

    # Household members: plausibility of ages and the facts the law needs.
    members = situation["household"]["members"]
    needs_relatives_choice = False
    for index, member in enumerate(members):
        path = f"household.members[{index}]"
        birth = parse_date(member["birth_date"])
        relation = member["relation"]
        if birth > reference:
            errors.append(make_error(f"{path}.birth_date", "birth_after_reference"))
        if relation in ("child", "grandchild"):
            if birth <= applicant_birth:
                errors.append(make_error(f"{path}.birth_date", "child_older_than_parent"))
            if "in_charge" not in member:
                errors.append(make_error(f"{path}.in_charge", "required_for_child"))
            elif (
                member["in_charge"]
                and _age(birth, reference) < _OLD_AGE
                and "married" not in member
            ):
                errors.append(make_error(f"{path}.married", "required_for_minor"))
        if relation in ("parent", "grandparent") and birth >= applicant_birth:
            errors.append(make_error(f"{path}.birth_date", "parent_younger_than_child"))
        if (
            relation in ("parent", "child")
            and member["shares_household"]
            and _age(birth, reference) >= _OLD_AGE
            and _has_resources(member)
        ):
            needs_relatives_choice = True
        if "leefloon_beneficiary" in member and relation != "partner":
            errors.append(
                make_error(f"{path}.leefloon_beneficiary", "leefloon_beneficiary_partner_only")
            )
        for j, item in enumerate(member.get("real_estate") or []):
            if item["rented"] and "yearly_rent" not in item:
                errors.append(make_error(f"{path}.real_estate[{j}].yearly_rent", "rent_required"))
    for j, item in enumerate(applicant.get("real_estate") or []):
        if item["rented"] and "yearly_rent" not in item:
            errors.append(make_error(f"applicant.real_estate[{j}].yearly_rent", "rent_required"))

    choices = situation.get("ocmw_choices") or {}
    if needs_relatives_choice and "first_degree_relatives_share" not in choices:
        errors.append(
            make_error("ocmw_choices.first_degree_relatives_share", "relatives_choice_required")
        )

    if errors:
        raise SituationError(errors)
    return situation


def spi_periods(spi: dict) -> list[tuple[date, date | None]]:
    """The periods of use of the socio-professional exemption, as (start, end or None), sorted.

    The legacy field `first_day` stands for one uninterrupted period from that day.
    """
    if "periods" in spi:
        items = [
            (parse_date(p["start"]), parse_date(p["end"]) if "end" in p else None)
            for p in spi["periods"]
        ]
    else:
        items = [(parse_date(spi["first_day"]), None)]
    return sorted(items, key=lambda item: item[0])


def _bottleneck_first_day() -> date:
    """The first day on which the bottleneck-profession exemption exists (a non-zero amount)."""
    from openocmw.rules.system import get_system

    parameter = get_system().parameters.leefloon.exemptions.spi.bottleneck_monthly_amount
    starts = [v.instant_str for v in parameter.values_list if v.value]
    return date.fromisoformat(min(starts))


def _check_spi(spi: dict | None, reference: date, errors: list[dict]) -> None:
    """The history of use of the socio-professional exemption (RD art. 35): no future period,
    no overlap, the bottleneck-profession exemption at most once and not before it existed."""
    if spi is None:
        return
    if "periods" not in spi and "first_day" not in spi:
        errors.append(make_error("applicant.spi", "spi_history_required"))
        return
    if "periods" in spi and "first_day" in spi:
        errors.append(make_error("applicant.spi", "spi_history_ambiguous"))
        return
    if "first_day" in spi:
        if parse_date(spi["first_day"]) > reference:
            errors.append(make_error("applicant.spi.first_day", "spi_period_in_future"))
        return
    periods = spi["periods"]
    if not periods:
        errors.append(make_error("applicant.spi.periods", "spi_history_required"))
        return
    indexed = []
    bottleneck_seen = False
    for index, period in enumerate(periods):
        path = f"applicant.spi.periods[{index}]"
        start = parse_date(period["start"])
        end = parse_date(period["end"]) if "end" in period else None
        if start > reference:
            errors.append(make_error(f"{path}.start", "spi_period_in_future"))
        if end is not None and end < start:
            errors.append(make_error(f"{path}.end", "end_before_start"))
        if "bottleneck_occupation" in period:
            field = f"{path}.bottleneck_occupation"
            if bottleneck_seen:
                errors.append(make_error(field, "bottleneck_already_used"))
            bottleneck_seen = True
            first = _bottleneck_first_day()
            if start < first:
                errors.append(make_error(field, "bottleneck_not_in_force", first=first.isoformat()))
        indexed.append((start, end, index))
    indexed.sort(key=lambda item: item[0])
    for (_, previous_end, _), (start, _, index) in zip(indexed, indexed[1:], strict=False):
        if previous_end is None or start <= previous_end:
            errors.append(
                make_error(f"applicant.spi.periods[{index}].start", "spi_periods_overlap")
            )


def month_bounds(reference: date) -> tuple[date, date]:
    last = calendar.monthrange(reference.year, reference.month)[1]
    return reference.replace(day=1), reference.replace(day=last)
