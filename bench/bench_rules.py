"""Benchmarks of the rules engine (no Django).

Prints one JSON object per line:
- `single`: one in-process `calculate()` with explanation and `to_dict()` (p50, p95 in ms),
  cycling over the example situations of docs/examples;
- `vectorised`: one OpenFisca simulation over N synthetic households (default 1,000,000):
  build time, compute time, throughput and peak memory.

Usage: python bench/bench_rules.py [--households N] [--iterations N] [--seed N]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from openfisca_core.simulations import SimulationBuilder  # noqa: E402

from openocmw.rules import RULES_VERSION, SituationError, calculate  # noqa: E402
from openocmw.rules.system import get_system  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def bench_single(iterations: int) -> dict:
    situations = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            calculate(data)
        except SituationError:
            continue
        situations.append(data)
    started = time.perf_counter()
    get_system()
    for data in situations:  # warm-up: every code path once
        calculate(data).to_dict()
    warm = time.perf_counter() - started
    timings = []
    for index in range(iterations):
        data = situations[index % len(situations)]
        start = time.perf_counter()
        result = calculate(data)
        result.to_dict()
        result.explain("nl")
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "benchmark": "single",
        "what": "calculate() + to_dict() + explain(), example situations",
        "iterations": iterations,
        "situations": len(situations),
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(_percentile(timings, 0.95), 3),
        "max_ms": round(max(timings), 3),
        "warm_up_s": round(warm, 3),
        "target_p50_ms": 15,
        "rules_version": RULES_VERSION,
    }


def bench_vectorised(households: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    system = get_system()
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()

    sizes = rng.integers(1, 4, households)  # 1 to 3 persons under the same roof
    persons = int(sizes.sum())
    household_of = np.repeat(np.arange(households), sizes)
    first = np.zeros(persons, dtype=bool)
    first[np.cumsum(sizes) - sizes] = True
    position = np.arange(persons) - np.repeat(np.cumsum(sizes) - sizes, sizes)

    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", np.arange(persons))
    group = builder.declare_entity("household", np.arange(households))
    builder.join_with_persons(group, household_of, np.where(first, 0, 1))
    simulation = builder.build(system)

    period = "2024-06"
    relation = np.where(
        first,
        "applicant",
        np.where(position == 1, rng.choice(["partner", "sibling", "other"], persons), "child"),
    )
    is_child = relation == "child"
    birth = np.where(
        is_child,
        np.datetime64("2012-01-01"),
        np.datetime64("1960-01-01") + rng.integers(0, 365 * 40, persons).astype("timedelta64[D]"),
    ).astype("datetime64[D]")
    simulation.set_input("birth_date", "ETERNITY", birth)
    simulation.set_input("relation", period, relation)
    simulation.set_input(
        "residence_status",
        period,
        np.where(
            first, rng.choice(["belgian", "population_register", "eu_citizen"], persons), "unknown"
        ),
    )
    simulation.set_input("eu_right_of_residence_over_3_months", period, rng.random(persons) < 0.8)
    simulation.set_input("in_charge", period, is_child)
    simulation.set_input("shares_household", period, ~first & (rng.random(persons) < 0.9))
    works = rng.random(persons) < 0.3
    simulation.set_input(
        "income_wages", period, np.where(works, rng.uniform(0, 1500, persons), 0.0)
    )
    simulation.set_input(
        "income_benefits",
        period,
        np.where(rng.random(persons) < 0.3, rng.uniform(0, 1200, persons), 0.0),
    )
    simulation.set_input("movable_capital", period, rng.exponential(3000, persons))
    simulation.set_input("spi_entitled", period, works & (rng.random(persons) < 0.5))
    simulation.set_input(
        "spi_first_day",
        "ETERNITY",
        (np.datetime64("2022-01-01") + rng.integers(0, 900, persons).astype("timedelta64[D]")),
    )
    built = time.perf_counter()

    monthly = simulation.calculate("leefloon_monthly", period)
    right = simulation.calculate("right", period)
    computed = time.perf_counter()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    applicants = first
    paid = monthly[applicants]
    return {
        "benchmark": "vectorised",
        "households": households,
        "persons": persons,
        "period": period,
        "build_s": round(built - start, 3),
        "compute_s": round(computed - built, 3),
        "total_s": round(computed - start, 3),
        "households_per_s": round(households / (computed - start)),
        "peak_traced_memory_mb": round(traced_peak / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "share_with_amount": round(float((paid > 0).mean()), 4),
        "mean_monthly_amount": round(float(paid.mean()), 2),
        "rights_decoded_sample": [str(x) for x in right.decode_to_str()[applicants][:3]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20130901)
    args = parser.parse_args(argv)
    print(json.dumps(bench_single(args.iterations)), flush=True)
    print(json.dumps(bench_vectorised(args.households, args.seed)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
