"""Between the calculator form and a rules situation, both ways, and the rules' errors
placed back on the form fields, in words."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from .calculation import CHILD_RELATIONS, MARRIAGE_QUESTION_AGE, _age
from .forms import (
    MemberFormSet,
    ResourceFormSet,
    SituationForm,
    SpiPeriodFormSet,
    income_prefixes,
    yes_no,
)

YES = {True: "yes", False: "no"}


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _spi_rows(spi: dict) -> list[dict]:
    rows = []
    for period in spi.get("periods") or []:
        row = {"start": period.get("start"), "end": period.get("end")}
        facts = period.get("bottleneck_occupation")
        if facts:
            row |= {
                "bottleneck": "yes",
                "contract_months": facts.get("contract_months"),
                "regional_attestation": YES.get(facts.get("regional_attestation"), ""),
            }
        rows.append(row)
    return rows


def _spi_periods(spi_forms) -> list[dict]:
    periods = []
    for p in (f.cleaned_data for f in spi_forms.forms):
        if not p.get("start"):
            continue
        period: dict = {"start": _iso(p["start"])}
        if p.get("end"):
            period["end"] = _iso(p["end"])
        if yes_no(p.get("bottleneck", "")):
            period["bottleneck_occupation"] = {
                "contract_months": p.get("contract_months") or 0,
                "regional_attestation": bool(yes_no(p.get("regional_attestation", ""))),
            }
        periods.append(period)
    return periods


def member_income_rows(items: list[dict]) -> list[dict]:
    """A member's incomes as the calculator's rows: incomes of one kind and period are added
    up (the rules count them the same way), every kind keeps its own row, none is dropped."""
    rows: dict[tuple[str, str], float] = {}
    for item in items:
        key = (item["kind"], item.get("period") or "month")
        rows[key] = round(rows.get(key, 0.0) + float(item["amount"]), 2)
    return [{"kind": k, "amount": a, "period": p} for (k, p), a in rows.items()]


def initial_from_situation(situation: dict) -> tuple[dict, list[dict], list[dict], list[dict]]:
    a = situation.get("applicant", {})
    cond = a.get("conditions", {})
    initial = {
        "reference_date": situation.get("reference_date"),
        "right_start": situation.get("right_period", {}).get("start"),
        "right_end": situation.get("right_period", {}).get("end"),
        "birth_date": a.get("birth_date"),
        "residence_status": a.get("residence_status", ""),
        "eu_residence_since": a.get("eu_residence", {}).get("residence_since"),
        "actual_residence": YES.get(cond.get("actual_residence_in_belgium"), ""),
        "willing_to_work": YES.get(cond.get("willing_to_work"), ""),
        "other_benefits_claimed": YES.get(cond.get("other_benefits_claimed"), ""),
        "married": YES.get(a.get("married"), ""),
        "pregnant": YES.get(a.get("pregnant"), ""),
        "student": ("grant" if a["student"].get("study_grant") else "no_grant")
        if a.get("student")
        else "",
        "spi_first_day": a.get("spi", {}).get("first_day"),
        "capital": a.get("capital", {}).get("movable"),
        "relatives_share": situation.get("ocmw_choices", {}).get("first_degree_relatives_share"),
    }
    if a.get("real_estate"):
        prop = a["real_estate"][0]
        initial |= {
            "cadastral_income": prop.get("cadastral_income"),
            "property_share": prop.get("share"),
            "property_rented": YES.get(prop.get("rented"), ""),
            "yearly_rent": prop.get("yearly_rent"),
        }
    resources = [dict(r) for r in a.get("resources", [])]
    members = []
    for m in situation.get("household", {}).get("members", []):
        row = {
            "name": m.get("name", ""),
            "person_id": m.get("person_id"),
            "relation": m.get("relation", ""),
            "birth_date": m.get("birth_date"),
            "shares_household": YES.get(m.get("shares_household"), ""),
            "in_charge": YES.get(m.get("in_charge"), ""),
            "married": YES.get(m.get("married"), ""),
            "leefloon_beneficiary": YES.get(m.get("leefloon_beneficiary"), ""),
        }
        incomes = member_income_rows(m.get("resources") or [])
        for prefix, r in zip(income_prefixes(len(incomes)), incomes, strict=False):
            row |= {f"{prefix}_kind": r["kind"], f"{prefix}_amount": r["amount"],
                    f"{prefix}_period": r["period"]}  # fmt: skip
        members.append(row)
    return initial, resources, members, _spi_rows(a.get("spi") or {})


def bind(data=None, situation: dict | None = None):
    """The four bound (POST) or pre-filled (situation) forms of the calculator: the applicant,
    the resources, the members and the history of the socio-professional exemption."""
    if data is not None:
        if "spi-TOTAL_FORMS" not in data:
            # A form posted without the exemption's history (an older page): no period.
            data = data.copy()
            data["spi-TOTAL_FORMS"], data["spi-INITIAL_FORMS"] = "0", "0"
        return (
            SituationForm(data),
            ResourceFormSet(data, prefix="res"),
            MemberFormSet(data, prefix="member"),
            SpiPeriodFormSet(data, prefix="spi"),
        )
    initial, resources, members, spi = initial_from_situation(situation or {})
    return (
        SituationForm(initial=initial),
        ResourceFormSet(initial=resources, prefix="res"),
        MemberFormSet(initial=members, prefix="member"),
        SpiPeriodFormSet(initial=spi, prefix="spi"),
    )


def situation_from_forms(form, resources, members, spi_forms=None) -> dict:
    """Build the situation from valid forms. Unanswered questions stay out, so that the
    rules name what is missing rather than assume it."""
    d = form.cleaned_data
    applicant: dict = {"birth_date": _iso(d["birth_date"])}
    if d["residence_status"]:
        applicant["residence_status"] = d["residence_status"]
    if d.get("eu_residence_since"):
        applicant["eu_residence"] = {"residence_since": _iso(d["eu_residence_since"])}
    conditions = {}
    for key, field in (("actual_residence_in_belgium", "actual_residence"),
                       ("willing_to_work", "willing_to_work"),
                       ("other_benefits_claimed", "other_benefits_claimed")):  # fmt: skip
        value = yes_no(d.get(field, ""))
        if value is not None:
            conditions[key] = value
    applicant["conditions"] = conditions
    for key in ("married", "pregnant"):
        value = yes_no(d.get(key, ""))
        if value is not None:
            applicant[key] = value
    if d.get("student"):
        # The form asks for a full-time student. Under 25 the GPMI for the studies is a condition
        # of the right itself (law of 26 May 2002, art. 11, §2); from 25 on the students'
        # exemption does not apply whatever the GPMI (rules: spi/student_maximum_age).
        applicant["student"] = {
            "study_grant": d["student"] == "grant",
            "full_time": True,
            "gpmi": True,
        }
    periods = _spi_periods(spi_forms) if spi_forms is not None else []
    if periods and d.get("spi_first_day"):
        # Both given: the rules name the ambiguity (applicant.spi) rather than choose one.
        applicant["spi"] = {"first_day": _iso(d["spi_first_day"]), "periods": periods}
    elif periods:
        applicant["spi"] = {"periods": periods}
    elif d.get("spi_first_day"):
        applicant["spi"] = {"first_day": _iso(d["spi_first_day"])}
    if d.get("capital") is not None:
        applicant["capital"] = {"movable": _num(d["capital"])}
    if d.get("cadastral_income") is not None:
        prop = {
            "cadastral_income": _num(d["cadastral_income"]),
            "share": _num(d["property_share"]) if d.get("property_share") is not None else 1.0,
            "rented": yes_no(d.get("property_rented", "")) or False,
        }
        if d.get("yearly_rent") is not None:
            prop["yearly_rent"] = _num(d["yearly_rent"])
        applicant["real_estate"] = [prop]
    rows = [
        {"kind": r["kind"], "amount": _num(r["amount"]), "period": r.get("period") or "month"}
        for r in (f.cleaned_data for f in resources.forms)
        if r.get("kind")
    ]
    if rows:
        applicant["resources"] = rows
    situation: dict = {"reference_date": _iso(d["reference_date"]), "applicant": applicant}
    period = {k: _iso(d[f"right_{k}"]) for k in ("start", "end") if d.get(f"right_{k}")}
    if period:
        situation["right_period"] = period
    people = []
    reference = d["reference_date"]
    for mform, m in ((f, f.cleaned_data) for f in members.forms):
        if not m.get("relation"):
            continue
        member: dict = {"relation": m["relation"], "birth_date": _iso(m["birth_date"])}
        # A young child is not asked whether it is married (Civil Code art. 144-145).
        if (
            m["relation"] in CHILD_RELATIONS
            and m.get("birth_date")
            and not m.get("married")
            and _age(m["birth_date"], reference) < MARRIAGE_QUESTION_AGE
        ):
            m = m | {"married": "no"}
        for key in ("shares_household", "in_charge", "married", "leefloon_beneficiary"):
            value = yes_no(m.get(key, ""))
            if value is not None:
                member[key] = value
        incomes = [
            {"kind": m[f"{p}_kind"], "amount": _num(m[f"{p}_amount"]),
             "period": m.get(f"{p}_period") or "month"}
            for p in mform.income_prefixes if m.get(f"{p}_kind")
        ]  # fmt: skip
        if incomes:
            member["resources"] = incomes
        people.append(member)
    situation["household"] = {"members": people}
    if d.get("relatives_share") is not None:
        situation["ocmw_choices"] = {"first_degree_relatives_share": _num(d["relatives_share"])}
    return situation


# --- the rules' errors, on the fields -------------------------------------------------------

_APPLICANT_FIELDS = {
    "applicant.birth_date": "birth_date",
    "applicant.residence_status": "residence_status",
    "applicant.eu_residence": "eu_residence_since",
    "applicant.married": "married",
    "applicant.pregnant": "pregnant",
    "applicant.conditions.actual_residence_in_belgium": "actual_residence",
    "applicant.conditions.willing_to_work": "willing_to_work",
    "applicant.conditions.other_benefits_claimed": "other_benefits_claimed",
    "applicant.conditions": "actual_residence",
    "applicant.spi": "spi_first_day",
    "applicant.spi.first_day": "spi_first_day",
    "applicant.student": "student",
    "applicant.capital": "capital",
    "right_period": "right_start",
    "right_period.start": "right_start",
    "right_period.end": "right_end",
    "ocmw_choices": "relatives_share",
    "ocmw_choices.first_degree_relatives_share": "relatives_share",
    "reference_date": "reference_date",
}
_MEMBER = re.compile(r"^household\.members\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?")
_RESOURCE = re.compile(r"^applicant\.resources\[(\d+)\]")
_MEMBER_FIELDS = {"resources": "resource_amount", "real_estate": "resource_amount"}


_SPI = re.compile(r"^applicant\.spi\.periods\[(\d+)\](?:\.(\w+))?")
_SPI_FIELDS = {"bottleneck_occupation": "bottleneck", "start": "start", "end": "end"}


def place_errors(
    errors: dict[str, list[str]], form, resources, members, spi=None
) -> list[tuple[str, list[str]]]:
    """Put each error of the rules on its form field (highlighted, with its message) and
    return the summary lines, each naming the person and the field in words:
    ``Household member 2 (Ella, child): married: ...`` instead of
    ``household.members[1].married``."""
    kept = [f for f in members.forms if (f.cleaned_data or {}).get("relation")]
    lines = []
    for path, msgs in errors.items():
        path = path.removeprefix("situation.")
        target, field, who = None, None, _("The applicant")
        m = _MEMBER.match(path)
        r = _RESOURCE.match(path)
        p = _SPI.match(path)
        periods = [f for f in spi.forms if (f.cleaned_data or {}).get("start")] if spi else []
        if p and int(p.group(1)) < len(periods):
            target = periods[int(p.group(1))]
            who = _("Socio-professional exemption: period %(n)s") % {
                "n": spi.forms.index(target) + 1
            }
            field = _SPI_FIELDS.get(p.group(2) or "", "start")
        elif m and int(m.group(1)) < len(kept):
            target = kept[int(m.group(1))]
            name = target.cleaned_data.get("name") or ""
            relation = dict(target.fields["relation"].choices).get(
                target.cleaned_data.get("relation"), ""
            )
            who = _("Household member %(n)s") % {"n": members.forms.index(target) + 1}
            who += f" ({', '.join(x for x in (name, str(relation)) if x)})"
            field = _MEMBER_FIELDS.get(m.group(2) or "", m.group(2) or "relation")
            if m.group(2) == "resources" and m.group(3) is not None:
                # The n-th income the member's form gave the rules: its own row's amount.
                filled = [p for p in target.income_prefixes if target.cleaned_data.get(f"{p}_kind")]
                if int(m.group(3)) < len(filled):
                    field = f"{filled[int(m.group(3))]}_amount"
        elif r:
            forms = [f for f in resources.forms if (f.cleaned_data or {}).get("kind")]
            if int(r.group(1)) < len(forms):
                target, field = forms[int(r.group(1))], "amount"
        else:
            key = next((k for k in sorted(_APPLICANT_FIELDS, key=len, reverse=True)
                        if path == k or path.startswith(k + ".")), None)  # fmt: skip
            if key:
                target, field = form, _APPLICANT_FIELDS[key]
        label = ""
        if target is not None and field in target.fields:
            label = str(target.fields[field].label)
        words = f"{who}: {label}" if label else str(who)
        # The rules name the field by its path; the page names it in words.
        msgs = [str(msg).replace(path, words) for msg in msgs]
        if label:
            target.add_error(field, msgs)
        lines.append((words, msgs))
    return lines
