"""The conditions of an OCMW's local right, built from existing variables without code (no Django).

An OCMW administrator describes who may receive a local right (a local supplement, a culture
or sport pass, ...) as data: a list of clauses that must all hold, each clause a comparison of
one of the variables below with a value, or a group of alternatives of which one must hold::

    {"unit": "household",
     "all": [
        {"variable": "age", "operator": ">=", "value": 65},
        {"variable": "household_income_gross_yearly", "operator": "<=", "value": 25630.67,
         "per_dependant": 4744.94},
        {"any": [{"variable": "receives", "operator": "is", "value": "increased_reimbursement"},
                 {"variable": "debt_mediation", "operator": "is", "value": true}]}]}

`validate_conditions(spec)` refuses an unknown variable, operator or value, and clauses that
contradict each other (age >= 65 and age < 18, a status that is both required and excluded)
with a `CatalogueError` naming the field (`local_conditions.all[1].value`). `compile_rule`
turns a valid spec into a `conditions.RightRule`, evaluated by the same engine as the national
rights, in the same three-valued logic (an unknown income makes an income clause unknown, not
false).
"""

from __future__ import annotations

import math

import numpy as np

from openocmw.rules.rights.conditions import (
    HEAD,
    RIGHTS,
    STATUS_CODES,
    Condition,
    Context,
    RightRule,
    Tri,
    _flag,
)
from openocmw.rules.rights.errors import CatalogueError

UNITS = ("person", "household")
MAX_CLAUSES = 12  # a bit per clause in the engine's 16-bit reason masks
CATEGORIES = {"cohabitant": 1, "single": 2, "family_in_charge": 3}

# name -> kind, where it is read, the allowed range, its label (nl, fr, de).
VARIABLES = {
    "age": {
        "kind": "number",
        "column": "age",
        "range": (0, 130),
        "label": ("leeftijd", "âge", "Alter"),
    },
    "household_size": {
        "kind": "number",
        "shared": "size",
        "range": (1, 40),
        "label": (
            "aantal personen in het gezin",
            "nombre de personnes du ménage",
            "Haushaltsgröße",
        ),
    },
    "minors_in_household": {
        "kind": "number",
        "shared": "minors",
        "range": (0, 30),
        "label": (
            "minderjarigen in het gezin",
            "mineurs dans le ménage",
            "Minderjährige im Haushalt",
        ),
    },
    "adults_in_household": {
        "kind": "number",
        "shared": "adults",
        "range": (0, 30),
        "label": ("volwassenen in het gezin", "adultes dans le ménage", "Erwachsene im Haushalt"),
    },
    "category": {
        "kind": "choice",
        "shared": "category",
        "choices": tuple(CATEGORIES),
        "label": ("leefloncategorie", "catégorie du revenu d'intégration", "Kategorie"),
    },
    "residence_status": {
        "kind": "choice",
        "column": "status",
        "choices": STATUS_CODES[1:],
        "label": ("verblijfsstatus", "statut de séjour", "Aufenthaltsstatus"),
    },
    "income_net_monthly": {
        "kind": "amount",
        "column": "income_net_monthly",
        "range": (0, 1_000_000),
        "label": ("netto-inkomen per maand", "revenu net mensuel", "Nettoeinkommen pro Monat"),
    },
    "household_income_gross_yearly": {
        "kind": "amount",
        "shared": "gross_yearly",
        "range": (0, 10_000_000),
        "label": (
            "bruto belastbaar gezinsinkomen per jaar",
            "revenus imposables bruts annuels du ménage",
            "steuerpflichtiges Bruttohaushaltseinkommen pro Jahr",
        ),
    },
    "receives": {
        "kind": "right",
        "choices": tuple(RIGHTS),
        "label": ("ontvangt het recht", "reçoit le droit", "erhält das Recht"),
    },
    "disability_allowance": {
        "kind": "flag",
        "shared": "any_disability",
        "label": (
            "tegemoetkoming voor personen met een handicap in het gezin",
            "allocation aux personnes handicapées dans le ménage",
            "Beihilfe für Personen mit Behinderung im Haushalt",
        ),
    },
    "debt_mediation": {
        "kind": "flag",
        "shared": "any_debt_mediation",
        "label": (
            "schuldbemiddeling in het gezin",
            "médiation de dettes dans le ménage",
            "Schuldenvermittlung im Haushalt",
        ),
    },
}
OPERATORS = {
    "number": (">=", ">", "<=", "<", "=="),
    "amount": ("<=", "<", ">=", ">"),
    "choice": ("in", "not_in"),
    "right": ("is", "is_not"),
    "flag": ("is",),
}
STEPS = ("per_dependant", "per_member")  # amount thresholds raised per minor / per extra member

MESSAGES = {
    "unknown_variable": (
        "Het veld {field} noemt een onbekende variabele; toegelaten: {allowed}.",
        "Le champ {field} nomme une variable inconnue ; admises : {allowed}.",
        "Das Feld {field} nennt eine unbekannte Variable; zulässig: {allowed}.",
    ),
    "operator": (
        "De vergelijking in {field} past niet bij deze variabele; toegelaten: {allowed}.",
        "La comparaison dans {field} ne convient pas à cette variable ; admises : {allowed}.",
        "Der Vergleich in {field} passt nicht zu dieser Variable; zulässig: {allowed}.",
    ),
    "value": (
        "De waarde in {field} is ongeldig ({detail}).",
        "La valeur dans {field} n'est pas valable ({detail}).",
        "Der Wert in {field} ist ungültig ({detail}).",
    ),
    "contradiction": (
        "De voorwaarde in {field} spreekt een andere voorwaarde tegen ({detail}): niemand kan "
        "eraan voldoen.",
        "La condition dans {field} contredit une autre condition ({detail}) : personne ne peut "
        "la remplir.",
        "Die Bedingung in {field} widerspricht einer anderen Bedingung ({detail}): niemand kann "
        "sie erfüllen.",
    ),
    "too_many": (
        "Het veld {field} heeft te veel voorwaarden (hoogstens {allowed}).",
        "Le champ {field} a trop de conditions ({allowed} au plus).",
        "Das Feld {field} hat zu viele Bedingungen (höchstens {allowed}).",
    ),
    "required": (
        "Het veld {field} is verplicht.",
        "Le champ {field} est obligatoire.",
        "Das Feld {field} ist erforderlich.",
    ),
}


class LocalConditionError(CatalogueError):
    """A local right's conditions are refused; `field` names the clause (dotted path)."""

    messages = MESSAGES


def _number(value, field: str, low, high) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise LocalConditionError("value", field, detail=f"{low}-{high}")
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise LocalConditionError("value", field, detail=f"{low}-{high}") from None
    if not math.isfinite(number) or number < low or number > high:
        raise LocalConditionError("value", field, detail=f"{low}-{high}")
    return number


def _clause(item, field: str) -> dict:
    if not isinstance(item, dict):
        raise LocalConditionError(
            "unknown_variable", f"{field}.variable", allowed=", ".join(VARIABLES)
        )
    name = item.get("variable")
    spec = VARIABLES.get(name) if isinstance(name, str) else None
    if spec is None:
        raise LocalConditionError(
            "unknown_variable", f"{field}.variable", allowed=", ".join(VARIABLES)
        )
    kind = spec["kind"]
    operator = item.get("operator")
    if operator not in OPERATORS[kind]:
        raise LocalConditionError(
            "operator", f"{field}.operator", allowed=", ".join(OPERATORS[kind])
        )
    value = item.get("value")
    out = {"variable": name, "operator": operator}
    if kind in ("number", "amount"):
        low, high = spec["range"]
        number = _number(value, f"{field}.value", low, high)
        if kind == "number":
            if number != int(number):
                raise LocalConditionError("value", f"{field}.value", detail=f"{low}-{high}")
            number = int(number)
        out["value"] = number
        for step in STEPS:
            if item.get(step) not in (None, "", 0):
                if kind != "amount" or "shared" not in spec:
                    raise LocalConditionError("value", f"{field}.{step}", detail="-")
                out[step] = _number(item[step], f"{field}.{step}", 0, high)
    elif kind == "choice":
        values = value if isinstance(value, list) else [value]
        if not values or any(v not in spec["choices"] for v in values):
            raise LocalConditionError("value", f"{field}.value", detail=", ".join(spec["choices"]))
        out["value"] = sorted(set(values), key=spec["choices"].index)
    elif kind == "right":
        if value not in spec["choices"]:
            raise LocalConditionError("value", f"{field}.value", detail=", ".join(spec["choices"]))
        out["value"] = value
    else:  # flag
        if not isinstance(value, bool):
            raise LocalConditionError("value", f"{field}.value", detail="true, false")
        out["value"] = value
    unknown = set(item) - {"variable", "operator", "value", *STEPS}
    if unknown:
        raise LocalConditionError("unknown_variable", f"{field}.{sorted(unknown)[0]}", allowed="")
    return out


class _Bounds:
    """What the clauses that must all hold allow for each variable (to find contradictions)."""

    def __init__(self):
        self.low: dict = {}  # variable -> (bound, inclusive, field, text)
        self.high: dict = {}
        self.sets: dict = {}  # variable -> (allowed set, field, text)
        self.fixed: dict = {}  # (variable, value) -> (bool, field, text)

    def copy(self) -> _Bounds:
        other = _Bounds()
        other.low, other.high = dict(self.low), dict(self.high)
        other.sets, other.fixed = dict(self.sets), dict(self.fixed)
        return other

    def add(self, clause: dict, field: str) -> str | None:
        """Add a clause; return the text of the clause it contradicts, if any."""
        name, op, value = clause["variable"], clause["operator"], clause["value"]
        kind = VARIABLES[name]["kind"]
        text = describe(clause, "nl")
        if kind in ("number", "amount"):
            if any(clause.get(step) for step in STEPS):
                return None  # the threshold depends on the household: no fixed bound
            integer = kind == "number"
            ops = ((">=", value), ("<=", value)) if op == "==" else ((op, value),)
            for o, v in ops:
                if o in (">", ">="):
                    bound = (v + 1, True) if (integer and o == ">") else (v, o == ">=")
                    current = self.low.get(name)
                    if current is None or (bound[0], not bound[1]) > (current[0], not current[1]):
                        self.low[name] = (*bound, field, text)
                else:
                    bound = (v - 1, True) if (integer and o == "<") else (v, o == "<=")
                    current = self.high.get(name)
                    if current is None or (bound[0], bound[1]) < (current[0], current[1]):
                        self.high[name] = (*bound, field, text)
            low, high = self.low.get(name), self.high.get(name)
            if low and high:
                empty = low[0] > high[0] or (low[0] == high[0] and not (low[1] and high[1]))
                if empty:
                    return high[3] if low[2] == field else low[3]
            return None
        if kind == "choice":
            allowed = set(value) if op == "in" else set(VARIABLES[name]["choices"]) - set(value)
            current = self.sets.get(name)
            if current is not None:
                allowed &= current[0]
                if not allowed:
                    return current[2]
            self.sets[name] = (allowed, field, text)
            return None
        key = (name, value) if kind == "right" else (name, None)
        wanted = (op == "is") if kind == "right" else value
        current = self.fixed.get(key)
        if current is not None and current[0] != wanted:
            return current[2]
        self.fixed[key] = (wanted, field, text)
        return None


def validate_conditions(spec) -> dict:
    """Validate a local right's conditions; raise LocalConditionError naming the bad field."""
    base = "local_conditions"
    if not isinstance(spec, dict):
        raise LocalConditionError("value", base, detail="{unit, all}")
    unknown = set(spec) - {"unit", "all"}
    if unknown:
        raise LocalConditionError(
            "unknown_variable", f"{base}.{sorted(unknown)[0]}", allowed="unit, all"
        )
    unit = spec.get("unit") or "person"
    if unit not in UNITS:
        raise LocalConditionError("value", f"{base}.unit", detail=", ".join(UNITS))
    clauses = spec.get("all")
    if not isinstance(clauses, list) or not clauses:
        raise LocalConditionError("required", f"{base}.all")
    if len(clauses) > MAX_CLAUSES:
        raise LocalConditionError("too_many", f"{base}.all", allowed=MAX_CLAUSES)
    bounds = _Bounds()
    out, groups = [], []
    for index, item in enumerate(clauses):
        field = f"{base}.all[{index}]"
        if isinstance(item, dict) and "any" in item:
            alternatives = item["any"]
            if set(item) != {"any"} or not isinstance(alternatives, list) or len(alternatives) < 2:
                raise LocalConditionError("value", f"{field}.any", detail="2+")
            group = [_clause(a, f"{field}.any[{j}]") for j, a in enumerate(alternatives)]
            out.append({"any": group})
            groups.append((field, group))
            continue
        clause = _clause(item, field)
        clash = bounds.add(clause, field)
        if clash is not None:
            raise LocalConditionError(
                "contradiction", field, detail=f"{describe(clause, 'nl')} / {clash}"
            )
        out.append(clause)
    # A group contradicts the rest when none of its alternatives can hold with it.
    for field, group in groups:
        clashes = [bounds.copy().add(alternative, field) for alternative in group]
        if all(clash is not None for clash in clashes):
            raise LocalConditionError(
                "contradiction", field, detail=" / ".join(dict.fromkeys(clashes))
            )
    return {"unit": unit, "all": out}


# --- labels ------------------------------------------------------------------------------------

_OP_WORDS = {
    "in": ("is een van", "est l'un de", "ist einer von"),
    "not_in": ("is geen van", "n'est aucun de", "ist keiner von"),
    "is": ("ja", "oui", "ja"),
    "is_not": ("nee", "non", "nein"),
}
_STEP_WORDS = {
    "per_dependant": ("per minderjarige", "par mineur", "pro Minderjährigen"),
    "per_member": ("per bijkomend gezinslid", "par membre supplémentaire", "pro weiteres Mitglied"),
}
_LANG = {"nl": 0, "fr": 1, "de": 2}


def describe(clause: dict, language: str = "nl") -> str:
    """A clause in words (`leeftijd >= 65`), or a group (`a of b`)."""
    i = _LANG.get(language, 0)
    if "any" in clause:
        word = (" of ", " ou ", " oder ")[i]
        return "(" + word.join(describe(c, language) for c in clause["any"]) + ")"
    spec = VARIABLES[clause["variable"]]
    label, op, value = spec["label"][i], clause["operator"], clause["value"]
    if spec["kind"] in ("number", "amount"):
        text = f"{label} {op.replace('>=', '≥').replace('<=', '≤')} {value:g}"
        for step in STEPS:
            if clause.get(step):
                text += f" + {clause[step]:g} {_STEP_WORDS[step][i]}"
        return text
    if spec["kind"] == "choice":
        return f"{label} {_OP_WORDS[op][i]} {', '.join(value)}"
    if spec["kind"] == "right":
        return f"{label} {value}: {_OP_WORDS[op][i]}"
    return f"{label}: {_OP_WORDS['is' if value else 'is_not'][i]}"


# --- evaluation -------------------------------------------------------------------------------


def _inputs(clause: dict) -> tuple[str, ...]:
    clauses = clause.get("any") or [clause]
    names = []
    for c in clauses:
        spec = VARIABLES[c["variable"]]
        if "column" in spec:
            names.append(spec["column"])
        elif spec["kind"] == "right":
            names.append(f"receives.{c['value']}")
        else:
            names.append("household")
    return tuple(dict.fromkeys(names))


def _values(ctx: Context, spec: dict) -> np.ndarray:
    return ctx.col(spec["column"]) if "column" in spec else ctx.house(spec["shared"])


def _evaluate_clause(ctx: Context, clause: dict) -> Tri:
    if "any" in clause:
        result = _evaluate_clause(ctx, clause["any"][0])
        for alternative in clause["any"][1:]:
            result = result | _evaluate_clause(ctx, alternative)
        return result
    spec = VARIABLES[clause["variable"]]
    kind, op, value = spec["kind"], clause["operator"], clause["value"]
    if kind == "right":
        holds = (
            ctx.receives(value)
            if value in ctx.columns["receives"]
            else np.zeros(len(ctx.idx), bool)
        )
        return Tri.of(holds if op == "is" else ~holds)
    values = _values(ctx, spec)
    if kind == "flag":
        tri = _flag(values)
        return tri if value else Tri(tri.f, tri.t)
    if kind == "choice":
        codes = (
            [CATEGORIES[v] for v in value]
            if clause["variable"] == "category"
            else [STATUS_CODES.index(v) for v in value]
        )
        holds = np.isin(values, codes)
        if op == "not_in":
            holds = ~holds
        known = values != 0 if clause["variable"] == "residence_status" else None
        return Tri.of(holds, known)
    limit = np.full(len(values), float(value))
    if clause.get("per_dependant"):
        limit = limit + clause["per_dependant"] * ctx.house("minors")
    if clause.get("per_member"):
        limit = limit + clause["per_member"] * (ctx.house("size") - 1)
    values = values.astype(np.float64, copy=False)
    known = ~np.isnan(values)
    holds = {
        ">=": values >= limit,
        ">": values > limit,
        "<=": values <= limit,
        "<": values < limit,
        "==": values == limit,
    }[op]
    return Tri(known & holds, known & ~holds)


def compile_rule(code: str, spec: dict) -> RightRule:
    """The engine's rule for a local right's (validated) conditions."""
    spec = validate_conditions(spec)
    clauses = spec["all"]
    conditions = tuple(
        Condition(
            f"clause_{i}", describe(c, "nl"), describe(c, "fr"), _inputs(c), de=describe(c, "de")
        )
        for i, c in enumerate(clauses)
    )

    def candidates(columns, shared):
        if spec["unit"] == "household":
            return columns["role"] == HEAD
        return np.ones(len(columns["age"]), dtype=bool)

    def evaluate(ctx: Context):
        parts = {f"clause_{i}": _evaluate_clause(ctx, c) for i, c in enumerate(clauses)}
        result = None
        for tri in parts.values():
            result = tri if result is None else result & tri
        return result, parts

    return RightRule(code, spec["unit"], conditions, candidates, evaluate)
