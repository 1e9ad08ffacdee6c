"""Disclosure control benchmark (issue 9 §8): the cost of protecting a table of counts.

    python bench/bench_disclosure.py [--sizes 5,10,20,30] [--repeat 5] [--seed 2026]

Pure Python, no database: ``accounts.disclosure.Table.protect`` on square tables of counts
(each cell drawn from 0, 1-4 and larger counts, so about 40 % of the cells are under 5: a
pessimistic, sparse table such as one OCMW on one day), and ``gpmi.stats.protect`` on the GPMI
statistics (92 cells, 54 relations). Reported: best and median of ``--repeat`` runs, and how
many cells were suppressed. The observatory (issue 15) will protect larger tables with the
same code; these figures tell how large a table stays interactive.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

VALUES = [0, 1, 2, 3, 4, 7, 12, 30, 80]


def _time(fn, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,10,20,30")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    from openocmw.accounts.disclosure import Table

    rng = random.Random(args.seed)
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print("\n| table | cells with totals | best | median | suppressed |\n|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        counts = [[rng.choice(VALUES) for _c in range(n)] for _r in range(n)]
        table = Table([f"r{i}" for i in range(n)], [f"c{j}" for j in range(n)], counts)
        best, median, result = _time(table.protect, args.repeat)
        print(
            f"| {n} x {n} | {(n + 1) ** 2} | {best * 1000:.1f} ms | {median * 1000:.1f} ms | "
            f"{len(result.suppression.suppressed)} |"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    os.environ.setdefault("OPENOCMW_DEBUG", "1")
    import django

    django.setup()
    from tests.gpmi.test_disclosure import _result

    from openocmw.gpmi.stats import protect

    best, median, result = _time(lambda: protect(_result(), 5), args.repeat)
    print(
        f"| GPMI statistics | 92 | {best * 1000:.1f} ms | {median * 1000:.1f} ms | "
        f"{len(result.suppressed)} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
