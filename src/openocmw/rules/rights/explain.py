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


def _dense(keys: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """For rows described by integer `keys` (columns of length n): the index of each row's
    distinct combination, and the first row of each combination."""
    key = np.zeros(n, np.int64)
    for column in keys:
        values, inverse = np.unique(column, return_inverse=True)
        # Re-densified after each column: the key stays below n, the product below 2**62.
        _, key = np.unique(key * len(values) + inverse.reshape(-1), return_inverse=True)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


def _value_keys(pop: Population, positions: np.ndarray, name: str) -> np.ndarray:
    """An integer per person: equal integers give the same text of input `name` in every
    language (NaN, an unknown amount, is one value)."""
    if name.startswith("receives."):
        return pop.receives[name.removeprefix("receives.")][positions].astype(np.int64)
    if name == "household":
        return np.zeros(len(positions), np.int64)
    column = pop.columns[name][positions]
    if column.dtype.kind == "f":
        return np.unique(column, return_inverse=True)[1].reshape(-1)
    return column.astype(np.int64)


def _condition_values(pop, positions, where, condition, languages, on, describe):
    """For the persons at `where` (indices into `positions`): the index of their distinct
    input values, and per language the text of each distinct value (`describe`)."""
    keys = [_value_keys(pop, positions[where], name) for name in condition.inputs]
    index, first = _dense(keys, len(where))
    shown = positions[where][first]
    return index, {lang: describe(pop, shown, condition, lang, on) for lang in languages}


def _review_details(pop, positions, condition, language, on) -> list:
    columns = [_input_texts(pop, positions, i, language) for i in condition.inputs]
    if not columns:
        return [""] * len(positions)
    return [", ".join(v for v in values if v) for values in zip(*columns, strict=True)]


def worklist_texts(
    result: RightResult,
    pop: Population,
    on: date,
    *,
    languages=LANGUAGES,
    limit: int | None = None,
    select: np.ndarray | None = None,
    rule=None,
    right=None,
) -> dict:
    """The eligible-not-receiving entries of one right as columns, with their reasons in words
    in each of `languages`: {"person_id", "reasons": {language: [text]}, "complete",
    "missing" (the Dutch labels of the missing facts), "missing_in": {language: [...]},
    "to_check": {language: text}, "parameters_verified"}.

    A reason depends only on which conditions hold, which facts are missing and the values of
    the inputs the holding conditions read; most entries of a right share them. Each distinct
    combination (a pattern) is put in words once per language and the entries take their
    pattern's text: a worklist of 150,000 entries has a few thousand patterns."""
    rule = rule or RIGHTS[result.code]
    right = right or load_catalogue()[result.code]
    chosen = np.arange(len(result.enr_ids)) if select is None else np.asarray(select)
    if chosen.dtype == bool:
        chosen = np.flatnonzero(chosen)
    if limit is not None:
        chosen = chosen[:limit]
    n = len(chosen)
    positions = _positions(pop, result.enr_ids[chosen])
    reasons = result.enr_reasons[chosen].astype(np.int64)
    lacking = result.enr_missing[chosen].astype(np.int64) & ~reasons
    keys = [reasons, lacking]
    described = []  # per condition: (value index per entry or None, texts per language)
    for bit, condition in enumerate(rule.conditions):
        where = np.flatnonzero((reasons & (1 << bit)) != 0)
        if not condition.inputs and not condition.parameters or not len(where):
            described.append((None, None))
            continue
        index, texts = _condition_values(pop, positions, where, condition, languages, on, _details)
        full = np.full(n, -1, np.int64)
        full[where] = index
        keys.append(full)
        described.append((full, texts))
    pattern, first = _dense(keys, n)
    first_reasons, first_lacking = reasons[first].tolist(), lacking[first].tolist()
    out: dict = {"reasons": {}, "missing_in": {}, "to_check": {}}
    for lang in languages:
        holds_word, as_of = _w("holds", lang), f" ({_w('as_of', lang)} {on.isoformat()})"
        missing_word = f". {_w('missing', lang)}: "
        texts, absent_lists = [], []
        for p, j in enumerate(first.tolist()):
            held, absent = [], []
            for bit, condition in enumerate(rule.conditions):
                label = condition.label(lang)
                if first_reasons[p] & (1 << bit):
                    full, details = described[bit]
                    detail = details[lang][full[j]] if full is not None else ""
                    held.append(f"{label} [{detail}]" if detail else label)
                elif first_lacking[p] & (1 << bit):
                    absent.append(label)
            reason = f"{holds_word}: " + "; ".join(held) + as_of
            if absent:
                reason += missing_word + "; ".join(absent)
            texts.append(reason)
            absent_lists.append(absent)
        out["reasons"][lang] = [texts[k] for k in pattern.tolist()]
        out["missing_in"][lang] = [absent_lists[k] for k in pattern.tolist()]
        out["to_check"][lang] = "; ".join(_text(i["reason"], lang) for i in right.not_checkable)
    nl_missing = [
        [c.label("nl") for b, c in enumerate(rule.conditions) if bits & (1 << b)]
        for bits in first_lacking
    ]
    out["missing"] = [nl_missing[k] for k in pattern.tolist()]
    out["complete"] = [not m for m in out["missing"]]
    out["person_id"] = result.enr_ids[chosen].tolist()
    out["parameters_verified"] = result.parameters_verified
    return out


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
    texts = worklist_texts(
        result, pop, on, languages=(language,), limit=limit, select=select, rule=rule, right=right
    )
    reasons, missing = texts["reasons"][language], texts["missing_in"][language]
    to_check = texts["to_check"][language]
    return [
        {
            "person_id": person_id,
            "right": result.code,
            "reason": reason,
            "confidence": _w("partial" if lacks else "complete", language),
            "complete": not lacks,
            "missing": lacks,
            "to_check": to_check,
            "parameters_verified": result.parameters_verified,
        }
        for person_id, reason, lacks in zip(texts["person_id"], reasons, missing, strict=True)
    ]


def review_texts(
    result: RightResult, pop: Population, on: date, *, languages=LANGUAGES, rule=None
) -> dict:
    """Who receives the right but no longer appears to meet a condition, as columns:
    {"person_id", "reasons": {language: [text]}}; each distinct pattern (the failing
    conditions and their input values) put in words once."""
    rule = rule or RIGHTS[result.code]
    n = len(result.review_ids)
    positions = _positions(pop, result.review_ids)
    failing = result.review_failing.astype(np.int64)
    keys, described = [failing], []
    for bit, condition in enumerate(rule.conditions):
        where = np.flatnonzero((failing & (1 << bit)) != 0)
        if not condition.inputs or not len(where):
            described.append((None, None))
            continue
        index, texts = _condition_values(
            pop, positions, where, condition, languages, on, _review_details
        )
        full = np.full(n, -1, np.int64)
        full[where] = index
        keys.append(full)
        described.append((full, texts))
    pattern, first = _dense(keys, n)
    out: dict = {"person_id": result.review_ids.tolist(), "reasons": {}}
    for lang in languages:
        word, texts = _w("failing", lang), []
        for j in first.tolist():
            parts = []
            for bit, condition in enumerate(rule.conditions):
                if not failing[j] & (1 << bit):
                    continue
                label = condition.label(lang)
                full, details = described[bit]
                shown = details[lang][full[j]] if full is not None else ""
                parts.append(f"{label} [{shown}]" if shown else label)
            texts.append(f"{word}: " + "; ".join(parts))
        out["reasons"][lang] = [texts[k] for k in pattern.tolist()]
    return out


def review_list(
    result: RightResult, pop: Population, on: date, *, language: str = "nl", rule=None
) -> list[dict]:
    """Who receives the right but no longer appears to meet a condition: for review, never an
    automatic withdrawal."""
    texts = review_texts(result, pop, on, languages=(language,), rule=rule)
    return [
        {"person_id": person_id, "right": result.code, "reason": reason}
        for person_id, reason in zip(texts["person_id"], texts["reasons"][language], strict=True)
    ]
