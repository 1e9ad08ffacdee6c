"""The screening engine: a population as columns, every encoded right, non-take-up (no Django).

A `Population` holds one NumPy array per fact (persons), with a dense household index. The
shared variables (household size, minors, adults, household income, the leefloon category, the
benefits received in the household) are computed once for all rights by `shared_variables`; each
right is then evaluated only on its candidates (`conditions.RightRule.candidates`).

The result per right (`RightResult`):
- eligible-not-receiving: the persons (or households' reference persons) who appear to meet the
  conditions and do not receive the right, with the conditions that hold (`reasons`, a bit mask)
  and the facts that are missing (`missing`; a match is "complete" when none is);
- receiving-but-no-longer-eligible: who receives the right while a condition certainly fails
  (`failing`), for review by a worker: a withdrawal is never automatic (seed 003);
- the non-take-up rate = eligible-not-receiving / eligible.

`partition` splits a population by household hash or by OCMW so that a run can be spread over
jobs; `merge` puts the partial results back together (identical to a single run).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from openocmw.rules.rights import params
from openocmw.rules.rights.conditions import HEAD, PARTNER, RIGHTS, Context, RightRule

# The first date on which every rights parameter has a value (see tests/rights/test_parameters).
SUPPORTED_FROM = date(2023, 11, 1)

PERSON_COLUMNS = {
    "household": np.int64,
    "age": np.int16,
    "role": np.int8,
    "status": np.int8,
    "income_net_monthly": np.float64,
    "income_gross_yearly": np.float64,
    "disability_allowance": np.int8,
    "debt_mediation": np.int8,
}
RECEIVABLE = tuple(RIGHTS)


class PopulationError(ValueError):
    """A population is refused; `field` names the column."""

    def __init__(self, field: str, message_nl: str, message_fr: str):
        self.field = field
        self.message_nl = message_nl
        self.message_fr = message_fr
        super().__init__(message_nl)


@dataclass
class Population:
    """Persons as columns. `receives[code]` says who receives right `code` today.

    Unknown facts: NaN for amounts, -1 for yes/no facts, status 0 (unknown). `person_id` and
    `household_id` are the caller's identifiers (defaults: positions); `ocmw` is optional.
    """

    columns: dict
    receives: dict
    person_id: np.ndarray
    household_id: np.ndarray  # one per household (dense index -> caller's id)
    ocmw: np.ndarray | None = None

    @classmethod
    def from_columns(
        cls,
        columns: dict,
        receives: dict | None = None,
        *,
        person_id=None,
        household_id=None,
        ocmw=None,
    ) -> Population:
        n = len(columns["household"]) if "household" in columns else 0
        cols = {}
        for name, dtype in PERSON_COLUMNS.items():
            if name not in columns:
                raise PopulationError(
                    name, f"De kolom {name} ontbreekt.", f"La colonne {name} est manquante."
                )
            array = np.asarray(columns[name])
            if array.shape != (n,):
                raise PopulationError(
                    name,
                    f"De kolom {name} heeft {array.shape[0] if array.ndim else 0} waarden in plaats van {n}.",
                    f"La colonne {name} a {array.shape[0] if array.ndim else 0} valeurs au lieu de {n}.",
                )
            cols[name] = array.astype(dtype, copy=False)
        households = int(cols["household"].max()) + 1 if n else 0
        if n and cols["household"].min() < 0:
            raise PopulationError(
                "household",
                "De kolom household bevat een negatief nummer.",
                "La colonne household contient un numéro négatif.",
            )
        rec = {}
        for code in RECEIVABLE:
            values = (receives or {}).get(code)
            rec[code] = np.zeros(n, bool) if values is None else np.asarray(values, dtype=bool)
            if rec[code].shape != (n,):
                raise PopulationError(
                    f"receives.{code}",
                    f"De kolom receives.{code} heeft niet {n} waarden.",
                    f"La colonne receives.{code} n'a pas {n} valeurs.",
                )
        for code in set(receives or {}) - set(RECEIVABLE):
            raise PopulationError(
                f"receives.{code}",
                f"Het recht {code} is onbekend of heeft geen gecodeerde voorwaarden.",
                f"Le droit {code} est inconnu ou n'a pas de conditions encodées.",
            )
        return cls(
            columns=cols,
            receives=rec,
            person_id=np.arange(n, dtype=np.int64)
            if person_id is None
            else np.asarray(person_id, np.int64),
            household_id=np.arange(households, dtype=np.int64)
            if household_id is None
            else np.asarray(household_id, np.int64),
            ocmw=None if ocmw is None else np.asarray(ocmw),
        )

    def __len__(self) -> int:
        return len(self.columns["household"])

    @property
    def households(self) -> int:
        return len(self.household_id)

    def subset(self, persons: np.ndarray) -> Population:
        """The persons at the given positions (whole households), households renumbered."""
        hh = self.columns["household"][persons]
        kept, dense = np.unique(hh, return_inverse=True)
        columns = {name: values[persons] for name, values in self.columns.items()}
        columns["household"] = dense.astype(np.int64)
        return Population(
            columns=columns,
            receives={code: values[persons] for code, values in self.receives.items()},
            person_id=self.person_id[persons],
            household_id=self.household_id[kept],
            ocmw=None if self.ocmw is None else self.ocmw[persons],
        )


def _any(hh, mask, households) -> np.ndarray:
    return np.bincount(hh[mask], minlength=households) > 0


def _any_flag(hh, values, households) -> np.ndarray:
    """Household-level yes/no fact: 1 if a member has 1, 0 if every member has 0, else -1."""
    yes = _any(hh, values == 1, households)
    unknown = _any(hh, values < 0, households)
    return np.where(yes, 1, np.where(unknown, -1, 0)).astype(np.int8)


def _sum_known(hh, values, households, mask=None) -> np.ndarray:
    """Sum per household; NaN when one of the summed values is unknown."""
    if mask is not None:
        values = np.where(mask, values, 0.0)
    missing = np.isnan(values)
    total = np.bincount(hh, weights=np.where(missing, 0.0, values), minlength=households)
    total[_any(hh, missing, households)] = np.nan
    return total


def shared_variables(pop: Population) -> dict:
    """The household variables every right reads, computed once per run."""
    c = pop.columns
    hh, n_h = c["household"], pop.households
    size = np.bincount(hh, minlength=n_h)
    minors = np.bincount(hh, weights=c["age"] < 18, minlength=n_h).astype(np.int64)
    adults = size - minors
    couple = (c["role"] == HEAD) | (c["role"] == PARTNER)
    # The leefloon's category for the reference person (law of 26 May 2002, art. 14, §1):
    # 3 = family with a minor in charge, 1 = living with another adult, 2 = alone.
    category = np.where(minors > 0, 3, np.where(adults > 1, 1, 2)).astype(np.int8)
    r = pop.receives
    return {
        "size": size,
        "minors": minors,
        "adults": adults,
        "category": category,
        "gross_yearly": _sum_known(hh, c["income_gross_yearly"], n_h),
        "couple_net_monthly": _sum_known(hh, c["income_net_monthly"], n_h, couple),
        "couple_size": np.bincount(hh, weights=couple, minlength=n_h).astype(np.int64),
        "head_net_monthly": _sum_known(hh, c["income_net_monthly"], n_h, c["role"] == HEAD),
        "partner_net_monthly": _sum_known(hh, c["income_net_monthly"], n_h, c["role"] == PARTNER),
        "any_leefloon_or_equivalent": _any(hh, r["leefloon"] | r["equivalent_leefloon"], n_h),
        "any_igo": _any(hh, r["income_guarantee_elderly"], n_h),
        "any_bim": _any(hh, r["increased_reimbursement"], n_h),
        "any_disability": _any_flag(hh, c["disability_allowance"], n_h),
        "any_debt_mediation": _any_flag(hh, c["debt_mediation"], n_h),
    }


@dataclass
class RightResult:
    code: str
    candidates: int
    eligible: int  # not certainly ineligible (complete or with missing facts)
    eligible_complete: int  # all facts known
    receiving: int
    eligible_receiving: int
    enr_ids: np.ndarray  # eligible, not receiving: caller's person ids
    enr_reasons: np.ndarray  # bit mask of the conditions that hold
    enr_missing: np.ndarray  # bit mask of the conditions whose facts are missing
    review_ids: np.ndarray  # receiving, a condition certainly fails
    review_failing: np.ndarray
    parameters_verified: bool = True

    @property
    def eligible_not_receiving(self) -> int:
        return len(self.enr_ids)

    @property
    def non_take_up(self) -> float | None:
        """eligible-not-receiving / eligible (None when nobody is eligible)."""
        return None if self.eligible == 0 else self.eligible_not_receiving / self.eligible

    @property
    def enr_complete(self) -> np.ndarray:
        return self.enr_missing == 0


@dataclass
class ScreeningResult:
    on: date
    persons: int
    households: int
    rights: dict = field(default_factory=dict)

    @property
    def person_rights(self) -> int:
        return sum(r.candidates for r in self.rights.values())


def _evaluate(rule: RightRule, pop: Population, shared: dict, on: date) -> RightResult:
    c = pop.columns
    hh = c["household"]
    receives = pop.receives.get(rule.code)
    if receives is None:  # a local right: who receives it is not recorded in the columns
        receives = np.zeros(len(hh), bool)
    if rule.unit == "household":
        receiving_h = _any(hh, receives, pop.households)
        mask = rule.candidates(_Columns(c, pop.receives), shared)
        idx = np.flatnonzero(mask)
        receiving = receiving_h[hh[idx]]
    else:
        mask = rule.candidates(_Columns(c, pop.receives), shared) | receives
        idx = np.flatnonzero(mask)
        receiving = receives if len(idx) == len(hh) else receives[idx]
    everyone = len(idx) == len(hh)
    ctx = Context(
        on=on,
        columns=_Columns(c, pop.receives),
        shared=shared,
        idx=idx,
        hh=hh if everyone else hh[idx],
        everyone=everyone,
    )
    eligible, parts = rule.evaluate(ctx)
    possible = ~eligible.f
    enr = np.flatnonzero(possible & ~receiving)
    review = np.flatnonzero(receiving & eligible.f)
    # The reasons are only computed where they are shown: the worklist and the review list.
    reasons = np.zeros(len(enr), np.uint16)
    missing = np.zeros(len(enr), np.uint16)
    failing = np.zeros(len(review), np.uint16)
    for code, tri in parts.items():
        bit = np.uint16(rule.bit(code))
        reasons += tri.t[enr] * bit
        missing += tri.unknown[enr] * bit
        failing += tri.f[review] * bit
    # A condition combined by "or" may be missing while another one already holds: the match is
    # then complete. Missing facts only lower the confidence where the outcome depends on them.
    missing *= ~eligible.t[enr]
    verified = all(
        params.parameter_info(name.removeprefix("rights."), on)["verified"]
        for name in _rule_parameters(rule)
    )
    return RightResult(
        code=rule.code,
        candidates=len(idx),
        eligible=int(possible.sum()),
        eligible_complete=int(eligible.t.sum()),
        receiving=int(receiving.sum()),
        eligible_receiving=int((possible & receiving).sum()),
        enr_ids=pop.person_id[idx[enr]],
        enr_reasons=reasons,
        enr_missing=missing,
        review_ids=pop.person_id[idx[review]],
        review_failing=failing,
        parameters_verified=verified,
    )


def _rule_parameters(rule: RightRule):
    for condition in rule.conditions:
        for name in condition.parameters:
            if not name.startswith("leefloon."):
                yield name


class _Columns(dict):
    """Person columns plus `receives` (one dict, as the conditions read them)."""

    def __init__(self, columns, receives):
        super().__init__(columns)
        self["receives"] = receives


def screen(
    pop: Population,
    on: date,
    rights: list[str] | None = None,
    *,
    extra_rules: dict[str, RightRule] | None = None,
) -> ScreeningResult:
    """Screen `pop` on date `on` for every encoded right (or the given codes).

    `extra_rules`: an OCMW's local rights (`rules.rights.local.compile_rule`), screened with the
    national ones (all of them when `rights` is None) by the same engine."""
    if on < SUPPORTED_FROM:
        raise ValueError(f"Screening is supported from {SUPPORTED_FROM.isoformat()}")
    table = dict(RIGHTS) | dict(extra_rules or {})
    codes = list(table) if rights is None else list(rights)
    for code in codes:
        if code not in table:
            raise KeyError(code)
    shared = shared_variables(pop)
    result = ScreeningResult(on=on, persons=len(pop), households=pop.households)
    for code in codes:
        result.rights[code] = _evaluate(table[code], pop, shared, on)
    return result


# --- partitions ------------------------------------------------------------------------------


def partition_keys(pop: Population, parts: int, by: str = "household") -> np.ndarray:
    """The partition (0..parts-1) of each person: by household hash, or by OCMW."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    if by == "ocmw":
        if pop.ocmw is None:
            raise ValueError("this population has no ocmw column")
        # A household belongs to the OCMW of its first member: it is never split.
        hh = pop.columns["household"]
        first = np.full(pop.households, len(hh), np.int64)
        np.minimum.at(first, hh, np.arange(len(hh)))
        _, dense = np.unique(pop.ocmw[first], return_inverse=True)
        return (dense % parts).astype(np.int64)[hh]
    if by != "household":
        raise ValueError("by must be 'household' or 'ocmw'")
    # Fibonacci hashing of the caller's household id: stable across runs and machines.
    ids = pop.household_id.astype(np.uint64)
    hashed = (ids * np.uint64(11400714819323198485)) >> np.uint64(32)
    return (hashed % np.uint64(parts)).astype(np.int64)[pop.columns["household"]]


def partition(pop: Population, parts: int, by: str = "household") -> list[Population]:
    keys = partition_keys(pop, parts, by)
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(parts + 1))
    return [pop.subset(order[bounds[k] : bounds[k + 1]]) for k in range(parts)]


def merge(results: list[ScreeningResult]) -> ScreeningResult:
    """Combine the results of the partitions of one run (entries sorted by person id)."""
    first = results[0]
    merged = ScreeningResult(
        on=first.on,
        persons=sum(r.persons for r in results),
        households=sum(r.households for r in results),
    )
    for code in first.rights:
        parts = [r.rights[code] for r in results]
        enr_ids = np.concatenate([p.enr_ids for p in parts])
        review_ids = np.concatenate([p.review_ids for p in parts])
        enr_order = np.argsort(enr_ids, kind="stable")
        review_order = np.argsort(review_ids, kind="stable")
        merged.rights[code] = RightResult(
            code=code,
            candidates=sum(p.candidates for p in parts),
            eligible=sum(p.eligible for p in parts),
            eligible_complete=sum(p.eligible_complete for p in parts),
            receiving=sum(p.receiving for p in parts),
            eligible_receiving=sum(p.eligible_receiving for p in parts),
            enr_ids=enr_ids[enr_order],
            enr_reasons=np.concatenate([p.enr_reasons for p in parts])[enr_order],
            enr_missing=np.concatenate([p.enr_missing for p in parts])[enr_order],
            review_ids=review_ids[review_order],
            review_failing=np.concatenate([p.review_failing for p in parts])[review_order],
            parameters_verified=all(p.parameters_verified for p in parts),
        )
    return merged


_WORK: dict = {}


def _screen_part(key: int) -> ScreeningResult:
    pop, keys, on, rights = _WORK["pop"], _WORK["keys"], _WORK["on"], _WORK["rights"]
    return screen(pop.subset(np.flatnonzero(keys == key)), on, rights)


def screen_in_workers(
    pop: Population,
    on: date,
    *,
    workers: int,
    parts: int | None = None,
    by: str = "household",
    rights: list[str] | None = None,
) -> ScreeningResult:
    """Screen the partitions in `workers` processes (fork) and merge: the same result as `screen`.

    The job queue runs the same unit of work (`screen` of one partition) on any machine; this
    helper runs it in local processes, for the benchmark and for one large OCMW.
    """
    parts = workers if parts is None else parts
    keys = partition_keys(pop, parts, by)
    if workers == 1:
        return merge(
            [screen(pop.subset(np.flatnonzero(keys == k)), on, rights) for k in range(parts)]
        )
    _WORK.update(pop=pop, keys=keys, on=on, rights=rights)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_screen_part, range(parts))
    finally:
        _WORK.clear()
    return merge(results)
