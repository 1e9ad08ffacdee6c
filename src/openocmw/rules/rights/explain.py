"""Reasons in words for screening matches, in Dutch, French or German (no Django).

A worklist entry says which conditions hold and from which inputs (with their values), the
parameter values used (with the date they apply from and their source), which facts are missing
(the confidence), and what the social investigation must still check (the catalogue's
`not_checkable`). This is what a worker reads before contacting the person.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np

from openocmw.rules.rights import params
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import RIGHTS, STATUS_CODES
from openocmw.rules.rights.screening import Population, RightResult

# key -> (nl, fr, de)
WORDS = {
    "holds": ("Voldaan", "Rempli", "Erfüllt"),
    "missing": ("Ontbrekende gegevens", "Données manquantes", "Fehlende Angaben"),
    "complete": ("alle gegevens gekend", "toutes les données connues", "alle Angaben bekannt"),
    "partial": ("onvolledig", "incomplet", "unvollständig"),
    "to_check": (
        "Na te gaan in het sociaal onderzoek",
        "À vérifier lors de l'enquête sociale",
        "In der Sozialuntersuchung zu prüfen",
    ),
    "failing": ("Niet meer voldaan", "Plus rempli", "Nicht mehr erfüllt"),
    "as_of": ("toestand op", "situation au", "Stand am"),
    "unverified": (
        "parameter niet nagegaan na {date}",
        "paramètre non vérifié après le {date}",
        "Parameter nach dem {date} nicht überprüft",
    ),
    "unknown": ("onbekend", "inconnu", "unbekannt"),
    "yes": ("ja", "oui", "ja"),
}
LANGUAGES = ("nl", "fr", "de")


def _w(key: str, language: str) -> str:
    nl, fr, de = WORDS[key]
    return {"fr": fr, "de": de}.get(language, nl)


def _text(texts: dict, language: str) -> str:
    """A catalogue text in `language`, Dutch when it is missing (a local right without de)."""
    return texts.get(language) or texts["nl"]


def _input_value(pop: Population, position: int, name: str, language: str) -> str | None:
    """One input of one person in words (None: not shown)."""
    return _input_texts(pop, np.array([position]), name, language)[0]


def _input_texts(pop: Population, positions: np.ndarray, name: str, language: str) -> list:
    """One input of the persons at `positions` in words, as a list (None: not shown). Built
    from the column in one pass: a worklist of 150,000 entries in three languages spent most
    of its time formatting values one NumPy scalar at a time."""
    if name.startswith("receives."):
        code = name.removeprefix("receives.")
        yes = f"{code}={_w('yes', language)}"
        return [yes if r else None for r in pop.receives[code][positions].tolist()]
    if name == "household":
        return [None] * len(positions)
    column = pop.columns[name][positions]
    if name == "status":
        return [f"status={STATUS_CODES[int(v)]}" for v in column.tolist()]
    unknown = f"{name}={_w('unknown', language)}"
    if column.dtype.kind == "f":
        return [unknown if v != v else f"{name}={v:.2f}" for v in column.tolist()]
    values = column.astype(np.int64).tolist()
    if name in ("disability_allowance", "debt_mediation"):
        return [unknown if v < 0 else f"{name}={v}" for v in values]
    return [f"{name}={v}" for v in values]


def _details(pop: Population, positions: np.ndarray, condition, language: str, on) -> list:
    """Per person, the inputs and parameters a condition used, joined ("" when none)."""
    used = [_parameter_text(p, on) for p in condition.parameters]
    columns = [_input_texts(pop, positions, i, language) for i in condition.inputs]
    if not columns:
        return [", ".join(used)] * len(positions)
    return [", ".join([v for v in values if v] + used) for values in zip(*columns, strict=True)]


@lru_cache(maxsize=1024)
def _parameter_text(name: str, on: date) -> str:
    if name.startswith("leefloon."):
        number = int(name.rsplit("_", 1)[1])
        info = params.leefloon_amount_info(number, on)
        return f"{name}={info['value']} ({info['valid_from']})"
    info = params.parameter_info(name, on)
    text = f"rights.{name}={info['value']} ({info['valid_from']}; {info['reference']['href']})"
    return text


def _positions(pop: Population, ids: np.ndarray) -> np.ndarray:
    order = np.argsort(pop.person_id)
    return order[np.searchsorted(pop.person_id, ids, sorter=order)]


def worklist(
    result: RightResult,
    pop: Population,
    on: date,
    *,
    language: str = "nl",
    limit: int | None = None,
    select: np.ndarray | None = None,
    rule=None,
    right=None,
) -> list[dict]:
    """The eligible-not-receiving entries of one right, each with its reason in words
    (only the entries at the positions `select`, if given; at most `limit`). A local right
    gives its `rule` and catalogue entry (`right`)."""
    rule = rule or RIGHTS[result.code]
    right = right or load_catalogue()[result.code]
    to_check = "; ".join(_text(item["reason"], language) for item in right.not_checkable)
    chosen = np.arange(len(result.enr_ids)) if select is None else np.asarray(select)
    if chosen.dtype == bool:
        chosen = np.flatnonzero(chosen)
    if limit is not None:
        chosen = chosen[:limit]
    positions = _positions(pop, result.enr_ids[chosen])
    reasons = result.enr_reasons[chosen]
    missing = result.enr_missing[chosen]
    held: list[list[str]] = [[] for _ in range(len(chosen))]
    absent: list[list[str]] = [[] for _ in range(len(chosen))]
    for bit, condition in enumerate(rule.conditions):
        label = condition.label(language)
        holds = (reasons & (1 << bit)) != 0
        lacking = ~holds & ((missing & (1 << bit)) != 0)
        where = np.flatnonzero(holds)
        if len(where):
            details = _details(pop, positions[where], condition, language, on)
            for j, detail in zip(where.tolist(), details, strict=True):
                held[j].append(f"{label} [{detail}]" if detail else label)
        for j in np.flatnonzero(lacking).tolist():
            absent[j].append(label)
    holds_word, as_of = _w("holds", language), f" ({_w('as_of', language)} {on.isoformat()})"
    missing_word = f". {_w('missing', language)}: "
    complete_word, partial_word = _w("complete", language), _w("partial", language)
    entries = []
    for j, person_id in enumerate(result.enr_ids[chosen].tolist()):
        reason = f"{holds_word}: " + "; ".join(held[j]) + as_of
        lacks = absent[j]
        if lacks:
            reason += missing_word + "; ".join(lacks)
        entries.append(
            {
                "person_id": int(person_id),
                "right": result.code,
                "reason": reason,
                "confidence": partial_word if lacks else complete_word,
                "complete": not lacks,
                "missing": lacks,
                "to_check": to_check,
                "parameters_verified": result.parameters_verified,
            }
        )
    return entries


def review_list(
    result: RightResult, pop: Population, on: date, *, language: str = "nl", rule=None
) -> list[dict]:
    """Who receives the right but no longer appears to meet a condition: for review, never an
    automatic withdrawal."""
    rule = rule or RIGHTS[result.code]
    positions = _positions(pop, result.review_ids)
    failing: list[list[str]] = [[] for _ in range(len(positions))]
    for bit, condition in enumerate(rule.conditions):
        where = np.flatnonzero((result.review_failing & (1 << bit)) != 0)
        if not len(where):
            continue
        label = condition.label(language)
        columns = [_input_texts(pop, positions[where], i, language) for i in condition.inputs]
        for j, values in zip(where.tolist(), zip(*columns, strict=True) if columns else
                             [()] * len(where), strict=True):  # fmt: skip
            shown = [v for v in values if v]
            failing[j].append(f"{label} [{', '.join(shown)}]" if shown else label)
    word = _w("failing", language)
    return [
        {"person_id": int(person_id), "right": result.code, "reason": f"{word}: " + "; ".join(f)}
        for person_id, f in zip(result.review_ids.tolist(), failing, strict=True)
    ]
