"""The WSGI module loaded by each gunicorn worker (openocmw serve)."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import sqlite_run_only

SRC = Path(__file__).resolve().parents[2] / "src"

PROBE = """
import gc, sys
import openocmw.config.wsgi as w
assert callable(w.application)
assert "openocmw.registry.views" in sys.modules, "views not imported before the freeze"
print(w.FROZEN, gc.get_freeze_count())
"""


@sqlite_run_only  # no database: the SQLite run of the suite runs it
def test_the_worker_freezes_what_it_loaded_at_startup():
    """Without the freeze every full garbage collection in a request walks the ~100,000
    objects of Django and the application (a pause of tens of ms): they must be frozen, and
    the view modules imported before that (so the first request does not import them)."""
    env = {"PYTHONPATH": str(SRC), "OPENOCMW_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(  # noqa: S603 - our interpreter, a fixed probe
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
        timeout=120,
    )  # fmt: skip
    frozen, now = map(int, out.stdout.split())
    assert frozen > 20_000
    assert now > 0.9 * frozen  # a few frozen objects are freed later by reference counting
