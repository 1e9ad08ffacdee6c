"""Benchmark of the rights screening engine on a synthetic national population (no Django).

Generates, deterministically from a seed, a population as columns (NumPy): by default 11.8
million persons in about 5 million households, with distributions of household size, age, role,
residence status, income and the rights already received chosen to resemble Belgium's (see
`generate`). Then, in the same run:

- `screen`: the engine screens every encoded right (shared variables once, each right on its
  candidates, reasons and missing facts, review lists);
- `floor`: a plain NumPy implementation of the same conditions (no three-valued logic object,
  no reasons, no candidates), whose counts must equal the engine's;
- optionally `--workers 1,2,4`: the same screening split into household-hash partitions in worker
  processes, with the identical result checked and the speed-up measured.

Prints one JSON object per line and a summary. Usage:
  python bench/bench_screening.py [--persons N] [--seed N] [--workers 1,2,4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from openocmw.rules.rights import params  # noqa: E402
from openocmw.rules.rights.conditions import LEEFLOON_STATUSES, RIGHTS, S  # noqa: E402
from openocmw.rules.rights.screening import (  # noqa: E402
    Population,
    screen,
    screen_in_workers,
)
from openocmw.rules.rights.synthetic import generate  # noqa: E402,F401

ON = date(2025, 3, 1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(pop: Population, on: date) -> dict:
    """Plain NumPy: the same conditions as the engine, written out directly, counts only."""
    c, r = pop.columns, pop.receives
    hh, nh = c["household"], pop.households
    age, role, status = c["age"], c["role"], c["status"]
    net, gross = c["income_net_monthly"], c["income_gross_yearly"]
    size = np.bincount(hh, minlength=nh)
    minors = np.bincount(hh, weights=age < 18, minlength=nh)
    adults = size - minors
    couple = role <= 1
    nan_net = np.isnan(net)
    couple_net = np.bincount(hh, weights=np.where(couple & ~nan_net, net, 0), minlength=nh)
    couple_net[np.bincount(hh, weights=couple & nan_net, minlength=nh) > 0] = np.nan
    couple_n = np.bincount(hh, weights=couple, minlength=nh)
    nan_gross = np.isnan(gross)
    hgross = np.bincount(hh, weights=np.where(nan_gross, 0, gross), minlength=nh)
    hgross[np.bincount(hh, weights=nan_gross, minlength=nh) > 0] = np.nan

    def anyh(mask):
        return np.bincount(hh, weights=mask, minlength=nh) > 0

    leq = anyh(r["leefloon"] | r["equivalent_leefloon"])
    igo_h = anyh(r["income_guarantee_elderly"])
    bim_h = anyh(r["increased_reimbursement"])
    dis_yes, dis_unk = anyh(c["disability_allowance"] == 1), anyh(c["disability_allowance"] < 0)
    debt_yes, debt_unk = anyh(c["debt_mediation"] == 1), anyh(c["debt_mediation"] < 0)
    head = role == 0
    out = {}

    def count(code, possible, receiving):
        out[code] = (int(possible.sum()), int((possible & ~receiving).sum()))

    category = np.where(minors > 0, 3, np.where(adults > 1, 1, 2))
    amounts = np.array([0.0] + [params.leefloon_amount_yearly(k, on) / 12 for k in (1, 2, 3)])
    limit = amounts[category]
    hh_head = hh[head]
    partner = role == 1
    head_net = np.bincount(hh, weights=np.where(head & ~nan_net, net, 0), minlength=nh)
    head_net[np.bincount(hh, weights=head & nan_net, minlength=nh) > 0] = np.nan
    partner_net = np.bincount(hh, weights=np.where(partner & ~nan_net, net, 0), minlength=nh)
    partner_net[np.bincount(hh, weights=partner & nan_net, minlength=nh) > 0] = np.nan
    counted = head_net + np.maximum(partner_net - amounts[1], 0)
    res_not_false = ~(counted[hh_head] >= limit[hh_head])  # NaN compares False: unknown
    adult_or_child = (age[head] >= 18) | (minors[hh_head] > 0)
    st = status[head]
    unknown_status = st == S["unknown"]
    ll_status = np.isin(st, [S[s] for s in LEEFLOON_STATUSES]) | unknown_status
    eq_status = (st == S["foreigners_register"]) | unknown_status
    for code, status_ok in (("leefloon", ll_status), ("equivalent_leefloon", eq_status)):
        receiving = anyh(r[code])[hh_head]
        count(code, status_ok & adult_or_child & res_not_false, receiving)
    for code, name in (
        ("urgent_medical_aid", "no_legal_residence"),
        ("material_aid_reception", "asylum_seeker"),
    ):
        possible = (status == S[name]) | (r[code] & (status == S["unknown"]))
        count(code, possible, r[code])
    count("gpmi_obligation", r["leefloon"], r["gpmi_obligation"])
    automatic_f = ~(leq | igo_h) & ~dis_yes & ~dis_unk
    bim_limit = params.value("bim.income_ceiling", on) + params.value(
        "bim.income_ceiling_per_member", on
    ) * (size - 1)
    income_f = hgross > bim_limit
    count("increased_reimbursement", ~(automatic_f & income_f)[hh], r["increased_reimbursement"])
    ext = bool(params.value("energy_tariff.bim_included", on))
    energy_f = automatic_f & ~(bim_h & ext)
    count("social_energy_tariff", ~energy_f[hh_head], anyh(r["social_energy_tariff"])[hh_head])
    svf_limit = (
        params.value("svf.income_ceiling", on)
        + params.value("svf.income_ceiling_per_dependant", on) * minors
    )
    svf_f = ~bim_h & (hgross > svf_limit) & ~debt_yes & ~debt_unk
    count("heating_allowance", ~svf_f[hh_head], anyh(r["heating_allowance"])[hh_head])
    single = adults[hh] <= 1
    amount = np.where(
        single, params.value("igo.amount_single", on), params.value("igo.amount_cohabitant", on)
    )
    income = np.where(couple, couple_net[hh] / np.maximum(couple_n[hh], 1), net)
    nationality_f = status == S["no_legal_residence"]
    igo_possible = (
        (age >= params.value("igo.minimum_age", on)) & ~nationality_f & ~(income >= amount)
    )
    cand = (age >= 60) | r["income_guarantee_elderly"]
    count("income_guarantee_elderly", igo_possible & cand, r["income_guarantee_elderly"])
    linked_f = ~(bim_h | leq | igo_h) & ~debt_yes & ~debt_unk
    uit_limit = (
        params.value("uitpas_oostende.income_ceiling", on)
        + params.value("uitpas_oostende.income_ceiling_per_dependant", on) * minors
    )
    count(
        "uitpas_opportunity_rate",
        ~(linked_f & (hgross > uit_limit))[hh],
        r["uitpas_opportunity_rate"],
    )
    return out


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=11_800_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--workers", default="", help="comma-separated, e.g. 1,2,4")
    args = parser.parse_args()
    machine = {
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "load_average_before": _load(),
    }
    print(json.dumps({"bench": "machine", **machine}), flush=True)

    started = time.perf_counter()
    pop = generate(args.persons, args.seed)
    generated = time.perf_counter() - started
    print(
        json.dumps(
            {
                "bench": "generate",
                "persons": len(pop),
                "households": pop.households,
                "seconds": round(generated, 2),
                "peak_mb": round(_peak_mb()),
            }
        ),
        flush=True,
    )

    # Build the leefloon system once (its amounts are parameters of two rights) before timing.
    params.leefloon_amount_yearly(1, ON)
    params.rights_parameters()
    started, cpu = time.perf_counter(), time.process_time()
    result = screen(pop, ON)
    screened = time.perf_counter() - started
    screened_cpu = time.process_time() - cpu
    person_rights = result.person_rights
    print(
        json.dumps(
            {
                "bench": "screen",
                "rights": len(result.rights),
                "seconds": round(screened, 2),
                "cpu_seconds": round(screened_cpu, 2),
                "load_average": _load(),
                "person_rights_evaluated": person_rights,
                "person_rights_per_second": round(person_rights / screened),
                "persons_x_rights_per_second": round(len(pop) * len(result.rights) / screened),
                "peak_mb": round(_peak_mb()),
            }
        ),
        flush=True,
    )

    started, cpu = time.perf_counter(), time.process_time()
    counts = floor(pop, ON)
    floored = time.perf_counter() - started
    floored_cpu = time.process_time() - cpu
    for code, right in result.rights.items():
        expected = (right.eligible, right.eligible_not_receiving)
        if counts[code] != expected:
            raise SystemExit(f"floor and engine disagree on {code}: {counts[code]} != {expected}")
    print(
        json.dumps(
            {
                "bench": "floor",
                "seconds": round(floored, 2),
                "cpu_seconds": round(floored_cpu, 2),
                "ratio_engine_to_floor": round(screened / floored, 2),
                "cpu_ratio_engine_to_floor": round(screened_cpu / floored_cpu, 2),
                "load_average": _load(),
                "same_counts": True,
            }
        ),
        flush=True,
    )
    for code, right in result.rights.items():
        print(
            json.dumps(
                {
                    "bench": "right",
                    "code": code,
                    "candidates": right.candidates,
                    "eligible": right.eligible,
                    "receiving": right.receiving,
                    "eligible_not_receiving": right.eligible_not_receiving,
                    "complete": int(right.enr_complete.sum()),
                    "review": len(right.review_ids),
                    "non_take_up_pct": None
                    if right.non_take_up is None
                    else round(100 * right.non_take_up, 1),
                }
            ),
            flush=True,
        )

    timings = {}
    for workers in [int(w) for w in args.workers.split(",") if w]:
        started = time.perf_counter()
        parallel = screen_in_workers(pop, ON, workers=workers, parts=max(workers, 1))
        timings[workers] = time.perf_counter() - started
        for code, right in result.rights.items():
            other = parallel.rights[code]
            if other.eligible != right.eligible or not np.array_equal(
                np.sort(right.enr_ids), other.enr_ids
            ):
                raise SystemExit(f"{workers} workers disagree on {code}")
        print(
            json.dumps(
                {
                    "bench": "workers",
                    "workers": workers,
                    "seconds": round(timings[workers], 2),
                    "same_result": True,
                    "speed_up_vs_1": round(timings[min(timings)] / timings[workers], 2)
                    if 1 in timings
                    else None,
                }
            ),
            flush=True,
        )

    print(
        json.dumps(
            {
                "bench": "summary",
                "persons": len(pop),
                "households": pop.households,
                "rights": len(RIGHTS),
                "generate_s": round(generated, 2),
                "screen_s": round(screened, 2),
                "floor_s": round(floored, 2),
                "ratio": round(screened / floored, 2),
                "peak_mb": round(_peak_mb()),
                "load_average_after": _load(),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
