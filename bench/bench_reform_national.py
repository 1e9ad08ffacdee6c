"""Benchmark of the reform simulator on the synthetic national population (issue 15, §2):
the households of `openocmw.rules.rights.synthetic.generate` (11.8 million persons by default)
whose head receives a leefloon, calculated by the law and by a reform in one vectorised
OpenFisca simulation each (`openocmw.stats.national.compare_national`). Target: under 60 s.

Runs a reform equal to the law (its cost must be exactly 0) and one that exempts 25 % of the
earned income, and prints for each: wall time, CPU time of the process (the machine is shared:
the wall time depends on the other jobs, the CPU time much less), peak memory and the load
average before and after. No database. Usage:
  python bench/bench_reform_national.py [--persons N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from openocmw.rules.reforms.spi_parametric import SpiParameters  # noqa: E402
from openocmw.rules.system import get_system  # noqa: E402
from openocmw.stats.national import NATIONAL_PERSONS, compare_national  # noqa: E402

ON = date(2025, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=NATIONAL_PERSONS)
    args = parser.parse_args()
    law = Decimal(
        str(get_system().parameters(ON.isoformat()).leefloon.exemptions.spi.monthly_amount)
    )
    for name, params in (
        ("equal to the law", SpiParameters(Decimal(100), Decimal(0), law)),
        ("25 % of earned income", SpiParameters(Decimal(25), Decimal(0), law)),
    ):
        load_before = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        result = compare_national(params, ON, persons=args.persons)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({
            "reform": name, "persons": args.persons,
            "households": result["population"]["households"],
            "with_right": result["persons"], "cost_monthly": result["cost_monthly"],
            "lose": result["lose"]["persons"], "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
        }))  # fmt: skip
        if name == "equal to the law" and result["cost_monthly"] != "0.00":
            sys.exit("a reform equal to the law must cost 0")


if __name__ == "__main__":
    main()
