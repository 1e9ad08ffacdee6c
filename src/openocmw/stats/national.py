"""The reform simulator on the synthetic national population of the proactive-rights
benchmark (``rules.rights.synthetic.generate``, 11.8 million persons by default): every
household whose head receives a leefloon there is calculated by the law and by the reform in
one vectorised OpenFisca simulation each (``rules.batch``), and the differences are summed
as ``stats.reform.compare`` sums them for an OCMW's own beneficiaries.

The synthetic population records one net monthly income per person, not its kind: the head's
income before 66 is taken as wages (the socio-professional exemption applies, from six months
before the date, 20 days worked a month), the other members' as benefits. It has no
municipality: each household whose head receives a leefloon is given one here (see
:func:`municipalities`), so that the results are also shown by OCMW, small cells suppressed.
Invented to be plausible, not measured.

The households are drawn once per population (size, seed) and kept in memory and in a file
under ``var/cache`` (drawing 11.8 million persons is most of a run's time); the file's name
holds a digest of the generator's source, so a changed generator draws again.
"""

from __future__ import annotations

import hashlib
import inspect
import os
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np

from openocmw.rules.batch import Households, calculate_households
from openocmw.rules.facade import _EPOCH
from openocmw.rules.reforms.spi_parametric import SpiParameters, reform_name
from openocmw.rules.rights import synthetic
from openocmw.rules.rights.conditions import STATUS_CODES

from .reform import INCOME_BANDS, _json

NATIONAL_PERSONS = 11_800_000
SEED = 20261201  # the seed of bench/bench_screening.py
RELATIONS = np.array(["applicant", "partner", "child", "other"])
WORKED_DAYS = 20


COLUMNS = ("household", "age", "role", "status", "income_net_monthly")
CACHE = Path(
    os.environ.get("OPENOCMW_CACHE_DIR") or Path(__file__).resolve().parents[3] / "var" / "cache"
)


def _digest() -> str:
    return hashlib.sha256(inspect.getsource(synthetic).encode()).hexdigest()[:12]


@lru_cache(maxsize=2)
def _drawn(persons: int, seed: int) -> dict[str, np.ndarray]:
    """The persons of the households whose head receives a leefloon (households numbered
    0..n-1), from memory, the cache file or a new draw."""
    path = CACHE / f"national-{persons}-{seed}-{_digest()}.npz"
    try:
        with np.load(path) as f:
            return {k: f[k] for k in COLUMNS}
    except (OSError, KeyError, ValueError):
        pass
    pop = synthetic.generate(persons, seed)
    cols = pop.columns
    head = np.asarray(pop.receives["leefloon"], dtype=bool) & (cols["role"] == 0)
    chosen = np.zeros(int(cols["household"].max()) + 1, dtype=bool)
    chosen[cols["household"][head]] = True
    keep = chosen[cols["household"]]
    _, household = np.unique(cols["household"][keep], return_inverse=True)
    out = {k: np.asarray(cols[k][keep]) for k in COLUMNS if k != "household"}
    out["household"] = household
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.npz")
        np.savez(tmp, **out)
        tmp.replace(path)
    except OSError:
        pass  # a read-only disk: drawn again next time
    return out


def municipalities(households: int, seed: int) -> tuple[list[str], np.ndarray]:
    """A municipality (NIS code) for each household: drawn among the municipalities of the
    income table (Statbel, all of them), each weighed by its inhabitants when the population
    table has them (``stats.population``; the shipped one holds a few, a complete one is
    loaded with OPENOCMW_POPULATION_CSV), else by the mean of the known ones. Deterministic."""
    from .income import incomes
    from .population import population

    codes = sorted(incomes().median)
    known = population().inhabitants
    mean = (sum(known.values()) / len(known)) if known else 1.0
    weights = np.array([float(known.get(c, mean)) for c in codes])
    rng = np.random.default_rng(seed + 1)
    return codes, rng.choice(len(codes), households, p=weights / weights.sum())


def leefloon_households(on: date, persons: int = NATIONAL_PERSONS, seed: int = SEED):
    """The households of the synthetic population whose head receives a leefloon, as
    :class:`rules.batch.Households`, and the head's earned income per household."""
    cols = _drawn(persons, seed)
    household = cols["household"]
    age = cols["age"].astype(int)
    role = cols["role"].astype(int)
    relation = RELATIONS[role]
    applicant = role == 0
    day_of_year = max((on - date(on.year, 1, 1)).days - 1, 0)
    birth = (np.asarray(on.year - age - 1970).astype("datetime64[Y]").astype("datetime64[D]")
             + np.timedelta64(day_of_year, "D"))  # fmt: skip
    income = np.nan_to_num(cols["income_net_monthly"].astype(float))
    wages = np.where(applicant & (age < 66), np.round(income, 2), 0.0)
    benefits = np.round(income, 2) - wages
    spi_start = np.datetime64(on - timedelta(days=180))
    h = Households(
        household=household,
        relation=relation,
        birth_date=birth,
        residence_status=np.asarray(STATUS_CODES)[cols["status"].astype(int)],
        in_charge=(role == 2) & (age < 18),
        incomes={"income_wages": wages, "income_benefits": benefits},
        spi_first_day=np.where(wages > 0, spi_start, np.datetime64(_EPOCH)),
        days_worked=np.where(wages > 0, WORKED_DAYS, 0),
    )
    return h, wages[applicant]


def compare_national(
    params: SpiParameters, on: date, persons: int = NATIONAL_PERSONS, seed: int = SEED,
    progress=None,
) -> dict:  # fmt: skip
    """Law against reform on the national synthetic population, shaped as ``reform.compare``."""
    step = progress or (lambda i, n: None)
    step(0, 4)
    households, earned = leefloon_households(on, persons, seed)
    step(1, 4)
    law = calculate_households(households, on)
    step(2, 4)
    reformed = calculate_households(households, on, reform=reform_name(params))
    step(3, 4)
    monthly = np.round(reformed["leefloon_monthly"] - law["leefloon_monthly"], 2)
    yearly = np.round(reformed["leefloon_yearly"] - law["leefloon_yearly"], 2)
    paid = (law["leefloon_monthly"] > 0) | (reformed["leefloon_monthly"] > 0)
    category = law["category_number"].astype(int)
    edges = [lo for lo, _hi, _label in INCOME_BANDS[1:]]
    band = np.searchsorted(np.asarray(edges), earned, side="right")
    labels = [label for _lo, _hi, label in INCOME_BANDS]

    def cents(values) -> Decimal:
        return Decimal(int(np.round(values.sum() * 100))) / 100

    def group(mask) -> dict:
        return {
            "persons": int(mask.sum()), "gain": int((mask & (monthly > 0)).sum()),
            "lose": int((mask & (monthly < 0)).sum()), "cost_monthly": cents(monthly[mask]),
        }  # fmt: skip

    out = {
        "persons": int(paid.sum()),
        "skipped": int((~paid).sum()),  # heads with no right by either
        "cost_monthly": cents(monthly[paid]),
        "cost_yearly": cents(yearly[paid]),
        "gain": {"persons": int((monthly > 0).sum()), "monthly": cents(monthly[monthly > 0])},
        "lose": {"persons": int((monthly < 0).sum()), "monthly": cents(monthly[monthly < 0])},
    }
    by_category: dict = defaultdict(dict)
    for c in sorted(set(category[paid].tolist())):
        by_category[str(c)] = group(paid & (category == c))
    out["by_category"] = dict(by_category)
    out["by_income_band"] = {
        labels[b]: group(paid & (band == b))
        for b in range(len(labels))
        if (paid & (band == b)).any()
    }
    codes, where = municipalities(len(monthly), seed)
    out["by_ocmw"] = _by_ocmw(codes, where, paid, monthly)
    out["population"] = {"source": "national", "persons": persons, "seed": seed,
                         "households": int(len(law["leefloon_monthly"]))}  # fmt: skip
    step(4, 4)
    return _json(out)


def _by_ocmw(codes, where, paid, monthly) -> dict:
    """NIS code -> persons, gain, lose and cost per month of its households (unsuppressed:
    the tables suppress small cells, ``reform_tables``)."""
    n = len(codes)
    persons = np.bincount(where[paid], minlength=n)
    gain = np.bincount(where[paid & (monthly > 0)], minlength=n)
    lose = np.bincount(where[paid & (monthly < 0)], minlength=n)
    cost = np.bincount(where[paid], weights=monthly[paid], minlength=n)
    return {
        codes[i]: {
            "persons": int(persons[i]), "gain": int(gain[i]), "lose": int(lose[i]),
            "cost_monthly": Decimal(int(np.round(cost[i] * 100))) / 100,
        }
        for i in np.flatnonzero(persons)
    }  # fmt: skip
