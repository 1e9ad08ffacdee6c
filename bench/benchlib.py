"""What the database benchmarks share: a fresh benchmark database with production-like
settings, its removal, and the percentile used in every report."""

from __future__ import annotations

import math
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def pg_name(name: str) -> str:
    """The benchmark's PostgreSQL database; OPENOCMW_BENCH_PG_DB names another one (an
    engineer's own database on a shared server: emptied at the start, left empty at the end)."""
    return os.environ.get("OPENOCMW_BENCH_PG_DB") or f"openocmw_bench_{name}"


def sqlite_path(name: str) -> Path:
    return VAR / f"{name}.sqlite3"


def _remove_sqlite(name: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)


def audit_key_file() -> Path:
    """The benchmarks' audit key (production refuses to write the audit log without one): one
    file under var/bench/, made once, so that a reused benchmark database still verifies."""
    path = VAR / "audit.key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path


def production_settings() -> None:
    """The production profile (OPENOCMW_DEBUG=0: no query logging, a 64-character secret key),
    without the HTTPS redirect: the benchmarks speak plain HTTP to 127.0.0.1, as the application
    does behind a reverse proxy that terminates TLS."""
    os.environ["OPENOCMW_DEBUG"] = "0"
    os.environ.setdefault("OPENOCMW_SECRET_KEY", "bench-only-" + os.urandom(32).hex())
    os.environ.setdefault("OPENOCMW_AUDIT_KEY_FILE", str(audit_key_file()))
    os.environ.setdefault("OPENOCMW_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")


def configure(name: str, db: str, reuse: bool = False) -> str:
    """Set the environment for the benchmark ``name`` on ``db`` (sqlite or postgresql), with
    OPENOCMW_DEBUG=0 (no query logging), and return the database URL. Unless ``reuse``, the
    database starts empty (PostgreSQL: created here on 127.0.0.1:5432)."""
    VAR.mkdir(parents=True, exist_ok=True)
    production_settings()
    os.environ["DJANGO_SETTINGS_MODULE"] = "openocmw.config.settings"
    if db == "sqlite":
        if not reuse:
            _remove_sqlite(name)
        url = f"sqlite:///{sqlite_path(name)}"
    else:
        if not reuse:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {pg_name(name)} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {pg_name(name)}")
        url = f"{PG_SERVER}/{pg_name(name)}"
    os.environ["DATABASE_URL"] = url
    return url


def drop(name: str, db: str) -> None:
    """Remove the benchmark database (closing Django's connections first)."""
    if db == "postgresql":
        import psycopg
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {pg_name(name)} WITH (FORCE)")
            if os.environ.get("OPENOCMW_BENCH_PG_DB"):
                conn.execute(f"CREATE DATABASE {pg_name(name)}")  # left there, empty
    else:
        _remove_sqlite(name)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def get(client, url: str):
    """GET through Django's test Client; anything but 200 stops the benchmark."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def latency_table(results: list[dict], what: str, target_ms: int) -> list[str]:
    """The markdown rows of p50/p95/max per database and scenario, with the verdict."""
    lines = [
        f"| database | {what} | requests | p50 (ms) | p95 (ms) | max (ms) | queries/request "
        f"| p95 < {target_ms} ms |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for res in results:
        if "error" in res:
            lines.append(f"| {res['database']} | failed: {res['error']} | | | | | | |")
            continue
        for s in res["scenarios"].values():
            ok = "yes" if s["p95_ms"] < res["target_p95_ms"] else "**no**"
            lines.append(
                f"| {res['database_version']} | {s['label']} | {s['requests']} | "
                f"{s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['max_ms']:.1f} | "
                f"{s['queries_per_request']} | {ok} |"
            )
    return lines
