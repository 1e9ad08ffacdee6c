"""§2: the self-check's answers, and the same rules as the OCMW's own tools run on them.

`Answers` is what the visitor told (ages, residence status, monthly net income per source per
adult, two yes/no facts); nothing identifies them. From it:

- `situation(answers, on)`: the leefloon situation of `openocmw.rules` (the calculator's and
  the API's input), so `leefloon(answers, on)` is the facade's own result: the indicative
  amount with its explanation in nl/fr/de;
- `population(answers)`: the household as the screening engine's columns
  (`rules.rights.screening`), so `probable_rights(ocmw, answers, on)` runs the encoded
  conditions of the OCMW's catalogue (national and local rights) as the workers' screening
  does, and says for each right which conditions hold and what the OCMW must still check.

Assumptions of an estimate (said on the result page): the conditions that only a social
investigation can show (willingness to work, other benefits claimed first, actual residence)
are taken as met; the OCMW's share of a parent's or adult child's income is 0; EU citizens
say whether they have lived here more than three months. Nothing here is stored or logged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.core import signing

from openocmw.rights.local_rules import local_rules
from openocmw.rights.selectors import catalogue_for
from openocmw.rules import SituationError, calculate
from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER, RIGHTS, S
from openocmw.rules.rights.screening import SUPPORTED_FROM, Population, screen

# The income sources asked per adult, and the rules' resource kind of each (monthly net).
INCOME_KINDS = {
    "wages": "wages",
    "benefit": "unemployment_benefit",
    "sickness": "sickness_benefit",
    "pension": "pension",
    "maintenance": "maintenance",
    "other": "other",
}
# Residence status answers -> (rules status, EU citizen here for more than three months).
STATUSES = {
    "belgian": ("belgian", None),
    "eu_over_3_months": ("eu_citizen", True),
    "eu_under_3_months": ("eu_citizen", False),
    "recognised_refugee": ("recognised_refugee", None),
    "subsidiary_protection": ("subsidiary_protection", None),
    "stateless": ("stateless", None),
    "population_register": ("population_register", None),
    "foreigners_register": ("foreigners_register", None),
    "asylum_seeker": ("asylum_seeker", None),
    "no_legal_residence": ("no_legal_residence", None),
    "unknown": ("unknown", None),
}
# Other adults living with the person -> the rules' relation.
RELATIONS = ("parent", "child", "sibling", "other")

SIGNING_SALT = "openocmw.public.selfcheck"
MAX_AGE = 24 * 3600  # the hand-off to the online request is valid for a day
VERSION = 1


@dataclass
class Adult:
    age: int
    incomes: dict = field(default_factory=dict)  # kind -> Decimal (monthly net)
    relation: str = ""  # for the other adults: parent, child, sibling, other

    def total(self) -> Decimal:
        return sum(self.incomes.values(), Decimal("0"))


@dataclass
class Answers:
    age: int
    status: str
    incomes: dict = field(default_factory=dict)
    family_allowance: Decimal = Decimal("0")
    partner: Adult | None = None
    children: list = field(default_factory=list)  # ages
    others: list = field(default_factory=list)  # Adult
    disability: int = -1  # 1 yes, 0 no, -1 does not know
    debt_mediation: int = -1

    def to_dict(self) -> dict:
        """Plain JSON (amounts as strings) for the signed hand-off (package docstring)."""

        def money(d: dict) -> list:
            return [{"kind": k, "amount": f"{v:.2f}"} for k, v in d.items() if v]

        def adult(a: Adult | None):
            if a is None:
                return None
            out = {"age": a.age, "incomes": money(a.incomes)}
            if a.relation:
                out["relation"] = a.relation
            return out

        data = asdict(self)
        return {
            "version": VERSION,
            "applicant": {
                "age": self.age,
                "status": self.status,
                "incomes": money(self.incomes),
                "family_allowance": f"{self.family_allowance:.2f}",
            },
            "partner": adult(self.partner),
            "children": [{"age": a} for a in data["children"]],
            "others": [adult(o) for o in self.others],
            "disability": self.disability,
            "debt_mediation": self.debt_mediation,
        }


def _birth(age: int, on: date) -> str:
    """A birth date that gives exactly `age` on `on` (29 February: the 28th)."""
    year = on.year - age
    day = on.day if not (on.month == 2 and on.day == 29) else 28
    return date(year, on.month, day).isoformat()


def _resources(incomes: dict) -> list[dict]:
    return [
        {"kind": INCOME_KINDS[k], "amount": float(v), "period": "month"}
        for k, v in incomes.items()
        if v
    ]


def situation(answers: Answers, on: date) -> dict:
    """The leefloon situation of the rules for these answers (the calculator's input)."""
    status, eu_ok = STATUSES[answers.status]
    resources = _resources(answers.incomes)
    if answers.family_allowance:
        resources.append(
            {
                "kind": "family_allowance",
                "amount": float(answers.family_allowance),
                "period": "month",
            }
        )
    applicant = {
        "birth_date": _birth(answers.age, on),
        "residence_status": status,
        "conditions": {
            "actual_residence_in_belgium": True,
            "willing_to_work": True,
            "other_benefits_claimed": True,
        },
        "resources": resources,
    }
    if eu_ok is not None:
        applicant["eu_residence"] = {"right_of_residence_over_3_months": eu_ok}
    members = []
    if answers.partner is not None:
        members.append(
            {
                "relation": "partner",
                "birth_date": _birth(answers.partner.age, on),
                "shares_household": True,
                "resources": _resources(answers.partner.incomes),
            }
        )
    for age in answers.children:
        members.append(
            {
                "relation": "child",
                "birth_date": _birth(age, on),
                "shares_household": True,
                "in_charge": True,
                "married": False,
            }
        )
    for other in answers.others:
        member = {
            "relation": other.relation,
            "birth_date": _birth(other.age, on),
            "shares_household": True,
            "resources": _resources(other.incomes),
        }
        if other.relation == "child":
            member["in_charge"] = False
        members.append(member)
    out = {
        "reference_date": on.isoformat(),
        "applicant": applicant,
        "household": {"members": members},
    }
    if any(o.relation in ("parent", "child") and o.total() for o in answers.others):
        # The OCMW decides which share of a parent's or adult child's income it counts
        # (KB 11 July 2002, art. 34, §2); the estimate counts none of it.
        out["ocmw_choices"] = {"first_degree_relatives_share": 0.0}
    return out


def leefloon(answers: Answers, on: date):
    """The facade's result for these answers, or None when the residence status is not known
    (the rules need it) or the rules refuse the situation."""
    if answers.status == "unknown":
        return None
    try:
        return calculate(situation(answers, on))
    except SituationError:
        return None


def population(answers: Answers) -> Population:
    """The household as the screening's columns: the person first (the reference person)."""
    people = [(answers.age, HEAD, answers.incomes)]
    if answers.partner is not None:
        people.append((answers.partner.age, PARTNER, answers.partner.incomes))
    people += [(age, CHILD, {}) for age in answers.children]
    for other in answers.others:
        people.append((other.age, CHILD if other.relation == "child" else OTHER, other.incomes))
    n = len(people)
    status = np.zeros(n, np.int8)
    status[0] = S[STATUSES[answers.status][0]]
    disability = np.zeros(n, np.int8)
    disability[0] = answers.disability
    debt = np.zeros(n, np.int8)
    debt[0] = answers.debt_mediation
    columns = {
        "household": np.zeros(n, np.int64),
        "age": np.array([p[0] for p in people], np.int16),
        "role": np.array([p[1] for p in people], np.int8),
        "status": status,
        "income_net_monthly": np.array(
            [float(sum(p[2].values(), Decimal("0"))) for p in people], np.float64
        ),
        "income_gross_yearly": np.full(n, np.nan),  # not asked: the OCMW checks it
        "disability_allowance": disability,
        "debt_mediation": debt,
    }
    return Population.from_columns(columns)


def _text(texts: dict, lang: str) -> str:
    return texts.get(lang) or texts.get("nl") or ""


def probable_rights(ocmw, answers: Answers, on: date, lang: str) -> list[dict]:
    """The OCMW's rights with encoded conditions that this household appears to have: per
    right, `certain` (every fact known) or not, the conditions that hold, the ones the OCMW
    must still check (missing facts and the catalogue's `not_checkable`), how to apply."""
    on = max(on, SUPPORTED_FROM)
    extra = local_rules(ocmw, on)
    catalogue = catalogue_for(ocmw, on)
    codes = [code for code in catalogue if code in RIGHTS or code in extra]
    rules = {code: rule for code, (rule, _entry) in extra.items()}
    result = screen(population(answers), on, codes, extra_rules=rules)
    found = []
    for code in codes:
        right = result.rights[code]
        if not len(right.enr_ids):
            continue
        rule = rules.get(code) or RIGHTS[code]
        entry = catalogue[code]
        # the first member for whom every fact is known, else the first one
        complete = np.flatnonzero(right.enr_missing == 0)
        k = int(complete[0]) if len(complete) else 0
        reasons, missing = int(right.enr_reasons[k]), int(right.enr_missing[k])
        holds = [c.label(lang) for bit, c in enumerate(rule.conditions) if reasons & (1 << bit)]
        unknown = [c.label(lang) for bit, c in enumerate(rule.conditions) if missing & (1 << bit)]
        found.append(
            {
                "code": code,
                "name": entry.name(lang),
                "certain": not unknown,
                "persons": [int(p) for p in right.enr_ids],  # positions: 0 is the person
                "holds": holds,
                "unknown": unknown,
                "to_check": [_text(item["reason"], lang) for item in entry.not_checkable],
                "how_to_apply": _text(entry.how_to_apply, lang),
                "automatic": entry.automation["status"] in ("automatic", "linked_to_granted_right"),
            }
        )
    return found


def dumps(answers: Answers, extra: dict) -> str:
    """The signed hand-off of the answers to the online first request."""
    return signing.dumps(answers.to_dict() | extra, salt=SIGNING_SALT, compress=True)


def load_answers(token: str) -> dict | None:
    """The answers of a signed hand-off, or None (altered, or older than MAX_AGE)."""
    try:
        return signing.loads(token, salt=SIGNING_SALT, max_age=MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
