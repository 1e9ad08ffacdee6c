"""Run the benchmarks in bench/ and print a summary (``make bench``).

    python bench/run.py [--only registry] [--only rules] [registry options...]

- ``bench_registry.py`` runs in this process through its ``main(args)``; the options this
  script does not know (e.g. ``--database sqlite --requests 500``) are passed to it.
- every other ``bench_<name>.py`` (e.g. ``bench_rules.py``) runs as a subprocess,
  ``python bench/bench_<name>.py``, with the arguments in ``BENCH_<NAME>_ARGS`` if set.

Each benchmark prints its own figures; the summary says which ran, how long, and whether
it succeeded. Exit status 1 if any benchmark failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import subprocess
import sys
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
IN_PROCESS = {"registry"}
# Run only when asked (--only load): it needs a server, a 200,000-person database, 5 minutes.
ON_REQUEST = {"load"}


def discover() -> dict[str, Path]:
    return {p.stem.removeprefix("bench_"): p for p in sorted(BENCH.glob("bench_*.py"))}


def run_in_process(name: str, path: Path, args: list[str]) -> tuple[bool, object]:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        return True, module.main(args)
    except SystemExit as exc:
        return exc.code in (0, None), None
    except Exception:
        traceback.print_exc()
        return False, None


def run_subprocess(path: Path, args: list[str]) -> tuple[bool, object]:
    rc = subprocess.call([sys.executable, str(path), *args], cwd=ROOT)  # noqa: S603
    return rc == 0, None


def registry_lines(result: object) -> list[str]:
    """One line per database with the p95 of each scenario, from bench_registry's result."""
    if not isinstance(result, dict):
        return []
    lines = []
    for db, res in result.items():
        if "error" in res:
            lines.append(f"  {db}: {res['error']}")
            continue
        p95 = ", ".join(f"{s['label']} {s['p95_ms']:.0f}" for s in res["scenarios"].values())
        load = res.get("load") or {}
        loaded = f"load {load['seconds']:.0f} s, " if load else ""
        verdict = "target met" if res["target_met"] else "TARGET MISSED"
        lines.append(f"  {res['database_version']}: {loaded}p95 ms: {p95} ({verdict})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this bench")
    opts, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    found = discover()
    wanted = opts.only or [n for n in found if n not in ON_REQUEST]
    unknown = [n for n in wanted if n not in found]
    if unknown:
        parser.error(f"no bench/bench_{unknown[0]}.py (found: {', '.join(found)})")
    summary = []
    for name in wanted:
        path = found[name]
        print(f"\n# bench_{name}", flush=True)
        t0 = time.perf_counter()
        if name in IN_PROCESS:
            ok, result = run_in_process(name, path, rest)
            if isinstance(result, dict) and any("error" in r for r in result.values()):
                ok = False
        else:
            extra = shlex.split(os.environ.get(f"BENCH_{name.upper()}_ARGS", ""))
            ok, result = run_subprocess(path, extra)
        summary.append((name, ok, time.perf_counter() - t0, result))
    print("\n# Summary\n")
    print("| benchmark | result | time (s) |\n|---|---|---:|")
    for name, ok, seconds, _ in summary:
        print(f"| bench_{name} | {'ok' if ok else 'FAILED'} | {seconds:.0f} |")
    for name, _, _, result in summary:
        if name == "registry":
            print("\nregistry:")
            print("\n".join(registry_lines(result)))
    return 0 if all(ok for _, ok, _, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
