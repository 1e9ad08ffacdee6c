"""Load benchmark: concurrent social workers against a real server over HTTP.

    python bench/bench_load.py --database-url postgresql://postgres@127.0.0.1:5432/hprodbench \
        [--server serve|runserver] [--users 50] [--duration 300] [--think 1.0] [--workers N]

The database must hold demo data (``openocmw demo --persons 200000``); it is only read, except
for the audit entries that every page writes and, once, the demo social workers' passwords,
which are re-hashed with the production hasher when they were loaded with the fast one.

``--server serve`` starts ``openocmw serve`` (gunicorn, production profile: debug off,
HTTPS-only cookies and HSTS; the client sends ``X-Forwarded-Proto: https`` as the reverse
proxy would, from 127.0.0.1, a trusted proxy). ``--server runserver`` starts Django's
development server as ``make run`` does (OPENOCMW_DEBUG=1), for comparison. ``--url`` uses a
server that is already running instead.

Each virtual user is a thread that logs in as one of the demo social workers (through the
login form, not measured) and then, until ``--duration`` seconds have passed, repeats one of
three pages of its own OCMW, each followed by a pause of ``--think`` seconds on average
(uniform between half and one and a half times it): a search by a last-name prefix
(``/persons/?q=``), a person's file (``/persons/<id>/``) or a case page (``/cases/<id>/``),
in the proportions 40/40/20. Only HTTP requests to 127.0.0.1 (http.client); the run ends by
itself. Any answer other than 200, and any exception or timeout (30 s), is an error.

Result: count, errors, requests/s, p50/p95/p99/max per page and overall, and the 1-minute
load average before and during the run (the machine may be shared). Target: 0 errors and
p95 under 300 ms with 50 users. Not part of CI (it needs the 200,000-person database and 5
minutes); figures go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

import benchlib

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 300
SCENARIOS = [("search", 0.4), ("person", 0.4), ("case", 0.2)]
LABELS = {"search": "search by name", "person": "person file", "case": "case page"}


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench_load", description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    p.add_argument("--server", choices=["serve", "runserver"], default="serve")
    p.add_argument("--url", help="an already running server (then --database-url is read only)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=300, help="seconds of measured load")
    p.add_argument("--think", type=float, default=1.0, help="mean pause between requests (s)")
    p.add_argument("--warmup", type=float, default=20, help="seconds of load not measured first")
    p.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: its default)")
    p.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", type=Path, help="also write the result here")
    return p.parse_args(argv)


# --- the data the users ask for -------------------------------------------------------------


def sample(database_url: str, seed: int) -> dict:
    """Per OCMW: its demo social workers (one membership only), 2,000 person ids, 1,000 aid
    request ids and 500 last-name prefixes, chosen at random but reproducibly."""
    import psycopg

    out: dict[int, dict] = {}
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT setseed(%s)", (((seed % 1000) / 1000),))
        workers = conn.execute(
            """SELECT m.ocmw_id, u.username FROM accounts_membership m
               JOIN accounts_user u ON u.id = m.user_id
               WHERE m.role = 'social_worker' AND m.ocmw_id IS NOT NULL
                 AND (SELECT count(*) FROM accounts_membership m2 WHERE m2.user_id = u.id) = 1
               ORDER BY m.ocmw_id, u.username"""
        ).fetchall()
        for ocmw_id, username in workers:
            out.setdefault(ocmw_id, {"users": []})["users"].append(username)
        for ocmw_id, data in out.items():
            rows = conn.execute(
                "SELECT id, last_name FROM registry_person WHERE ocmw_id = %s "
                "ORDER BY random() LIMIT 2000",
                (ocmw_id,),
            ).fetchall()
            data["persons"] = [r[0] for r in rows]
            rnd = random.Random(seed + ocmw_id)
            data["prefixes"] = [name[: rnd.randint(2, 6)] for _, name in rows[:500]]
            data["cases"] = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM casework_aidrequest WHERE ocmw_id = %s "
                    "ORDER BY random() LIMIT 1000",
                    (ocmw_id,),
                ).fetchall()
            ]
    out = {k: v for k, v in out.items() if v["persons"] and v["cases"]}
    if not out:
        raise SystemExit("bench_load: no OCMW with social workers, persons and cases (demo data?)")
    return out


# --- the server ------------------------------------------------------------------------------


def server_env(args, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOCMW_")}
    env.update(
        PYTHONPATH=str(ROOT / "src"), DATABASE_URL=database_url,
        OPENOCMW_ALLOWED_HOSTS="127.0.0.1,localhost",
    )  # fmt: skip
    if args.server == "serve":
        env.update(
            OPENOCMW_DEBUG="0", OPENOCMW_SECRET_KEY=secrets.token_urlsafe(64),
            OPENOCMW_PROXY_SSL_HEADER="1", OPENOCMW_TRUSTED_PROXIES="127.0.0.1",
            OPENOCMW_AUDIT_KEY_FILE=str(benchlib.audit_key_file()),
        )  # fmt: skip
    else:
        env.update(OPENOCMW_DEBUG="1")
    return env


def rehash_demo_passwords(env: dict, usernames: list[str]) -> None:
    """Demo data loaded with OPENOCMW_FAST_HASHER=1 has MD5 hashes, which the production
    profile does not accept: give these users the demo password with the production hasher."""
    code = (
        "from openocmw.accounts.models import User\n"
        "from openocmw.registry.demo import DEMO_PASSWORD\n"
        f"for u in User.objects.filter(username__in={usernames!r}):\n"
        "    if not u.check_password(DEMO_PASSWORD):\n"
        "        u.set_password(DEMO_PASSWORD); u.save(update_fields=['password'])\n"
    )
    subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "openocmw.cli", "manage", "shell", "-c", code],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, env: dict, port: int) -> subprocess.Popen:
    if args.server == "serve":
        cmd = ["serve", "--bind", f"127.0.0.1:{port}", "--no-migrate"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        if args.threads > 1:
            cmd += ["--threads", str(args.threads)]
    else:
        cmd = ["manage", "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = open(benchlib.VAR / f"load-{args.server}.log", "w")  # noqa: SIM115 - closed at exit
    return subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "openocmw.cli", *cmd], env=env, cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)  # the server we started, and its workers
        server.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        server.kill()


# --- the virtual users -----------------------------------------------------------------------


class Browser:
    """One user's cookies and headers over http.client (a new connection per request, as a
    sync gunicorn worker closes it after each answer)."""

    def __init__(self, host: str, port: int, secure: bool):
        self.host, self.port = host, port
        self.origin = f"{'https' if secure else 'http'}://{host}:{port}"
        self.extra = {"X-Forwarded-Proto": "https"} if secure else {}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "nl", **self.extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin, "Referer": f"{self.origin}{path}",
            })  # fmt: skip
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        form = {"username": username, "password": password,
                "csrfmiddlewaretoken": token.group(1).decode()}  # fmt: skip
        status, _ = self.request("POST", "/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} answered {status}")


def run_user(i, browser, data, args, measure_from, deadline, results, errors, lock, start_barrier):
    rnd = random.Random(args.seed * 1000 + i)
    names, weights = zip(*SCENARIOS, strict=True)
    start_barrier.wait()
    while time.monotonic() < deadline:
        scenario = rnd.choices(names, weights)[0]
        if scenario == "search":
            path = "/persons/?" + urlencode({"q": rnd.choice(data["prefixes"])})
        elif scenario == "person":
            path = f"/persons/{rnd.choice(data['persons'])}/"
        else:
            path = f"/cases/{rnd.choice(data['cases'])}/"
        t0 = time.perf_counter()
        try:
            status, _ = browser.request("GET", path)
        except Exception as exc:  # noqa: BLE001 - a failed request is an error, counted
            status = type(exc).__name__
        ms = (time.perf_counter() - t0) * 1000
        if time.monotonic() < measure_from:  # warming up: every worker's first pages
            status = "warmup"
        with lock:
            if status == 200:
                results[scenario].append(ms)
            elif status != "warmup":
                errors.append((scenario, path, status))
        pause = rnd.uniform(0.5 * args.think, 1.5 * args.think)
        time.sleep(max(0.0, min(pause, deadline - time.monotonic())))


def loadavg() -> float:
    return os.getloadavg()[0]


# --- where the CPU goes: the server's processes, PostgreSQL's backends, this client ----------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: int) -> tuple[int, float] | None:
    """(session id, user + system CPU seconds) of a process, from /proc (Linux only)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
    return int(fields[3]), (int(fields[11]) + int(fields[12])) / TICK


def server_cpu(session: int) -> float:
    """CPU seconds used so far by the processes of the server's session (master, workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else []:
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))) and stat[0] == session:
            total += stat[1]
    return total


class Monitor:
    """Samples, twice a second, PostgreSQL's sessions on the benchmark's database: how many
    wait for a lock (an audit chain head held by another request would show here), and the
    CPU of each backend (the workers reconnect after CONN_MAX_AGE: every backend seen counts,
    from its first to its last sample)."""

    def __init__(self, database_url: str):
        self.conn = None
        if database_url.startswith(("postgres://", "postgresql://")):
            import psycopg

            self.conn = psycopg.connect(database_url, autocommit=True)
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.samples = self.waiting = self.active = 0

    def sample(self) -> None:
        if self.conn is None:
            return
        rows = self.conn.execute(
            "SELECT pid, state, wait_event_type FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        self.samples += 1
        for pid, state, wait in rows:
            self.active += state == "active"
            self.waiting += wait == "Lock"
            if (stat := _proc_stat(pid)) is not None:
                self.first.setdefault(pid, stat[1])
                self.last[pid] = stat[1]

    def cpu(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.first)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def main(argv=None) -> dict:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.database_url.startswith(("postgres://", "postgresql://", "sqlite:")):
        raise SystemExit("bench_load: --database-url (or DATABASE_URL) of a demo database needed")
    benchlib.VAR.mkdir(parents=True, exist_ok=True)
    ocmws = sample(args.database_url, args.seed)
    usernames = sorted({u for d in ocmws.values() for u in d["users"]})
    server = None
    env = server_env(args, args.database_url)
    if args.url:
        parsed = urlparse(args.url)
        host, port, secure = parsed.hostname, parsed.port or 80, args.server == "serve"
    else:
        rehash_demo_passwords(env, usernames)
        host, port, secure = "127.0.0.1", free_port(), args.server == "serve"
        server = start_server(args, env, port)
    try:
        for _ in range(240):
            try:
                if Browser(host, port, secure).request("GET", "/login/")[0] == 200:
                    break
            except OSError:
                if server is not None and server.poll() is not None:
                    raise SystemExit("bench_load: the server stopped; see var/bench/") from None
            time.sleep(0.5)
        else:
            raise SystemExit("bench_load: the server did not answer within 2 minutes")
        load_before = loadavg()
        # Log every user in before the clock starts (logins are not measured).
        order = sorted(ocmws)
        browsers = []
        for i in range(args.users):
            data = ocmws[order[i % len(order)]]
            browser = Browser(host, port, secure)
            from_demo = data["users"][(i // len(order)) % len(data["users"])]
            browser.login(from_demo, "demo-openocmw")
            browsers.append((browser, data))
        results = {name: [] for name, _ in SCENARIOS}
        errors: list = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.users + 1)
        threads = []
        measure_from = time.monotonic() + 1 + args.warmup  # the threads start within a second
        deadline = measure_from + args.duration
        for i, (browser, data) in enumerate(browsers):
            t = threading.Thread(
                target=run_user,
                args=(
                    i,
                    browser,
                    data,
                    args,
                    measure_from,
                    deadline,
                    results,
                    errors,
                    lock,
                    barrier,
                ),
                daemon=True,
            )
            t.start()
            threads.append(t)
        barrier.wait()
        samples = []
        next_sample = measure_from
        monitor = Monitor(args.database_url)
        cpu_from = None
        try:
            while any(t.is_alive() for t in threads):
                time.sleep(0.5)
                now = time.monotonic()
                if now < measure_from or now > deadline:
                    continue
                if cpu_from is None:
                    cpu_from = (server_cpu(server.pid) if server else 0.0, time.process_time())
                monitor.sample()
                if now >= next_sample:
                    samples.append(loadavg())
                    next_sample += 10
            elapsed = time.monotonic() - measure_from
            # The users start no request after the deadline: the window's work is done.
            monitor.sample()
            cpu_to = (server_cpu(server.pid) if server else 0.0, time.process_time())
        finally:
            monitor.close()
    finally:
        if server is not None:
            stop_server(server)
    every = [ms for values in results.values() for ms in values]
    summary = {
        "bench": "load", "server": args.server, "users": args.users,
        "duration_s": round(elapsed, 1), "warmup_s": args.warmup, "think_s": args.think,
        "workers": args.workers or None, "threads": args.threads,
        "requests": len(every) + len(errors), "errors": len(errors),
        "error_examples": [list(map(str, e)) for e in errors[:5]],
        "requests_per_s": round((len(every) + len(errors)) / elapsed, 1),
        "load_before": round(load_before, 2),
        "load_during_mean": round(sum(samples) / len(samples), 2) if samples else None,
        "load_during_max": round(max(samples), 2) if samples else None,
        "postgresql_samples": monitor.samples,
        "postgresql_active_mean": round(monitor.active / max(monitor.samples, 1), 2),
        "postgresql_lock_waits_mean": round(monitor.waiting / max(monitor.samples, 1), 3),
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "pages": {},
    }  # fmt: skip
    for name, values in [*results.items(), ("all", every)]:
        if values:
            summary["pages"][name] = {
                "count": len(values),
                **{f"p{q}_ms": round(benchlib.percentile(values, q), 1) for q in (50, 95, 99)},
                "max_ms": round(max(values), 1),
            }
    overall = summary["pages"].get("all", {})
    if cpu_from is not None and every:
        # CPU milliseconds per request over the measured window, per component (the last
        # snapshot before the deadline; requests counted over the whole window).
        done = len(every) + len(errors)
        used = {
            "server": cpu_to[0] - cpu_from[0],
            "postgresql": monitor.cpu(),
            "client": cpu_to[1] - cpu_from[1],
        }
        summary["cpu_ms_per_request"] = {k: round(v * 1000 / done, 1) for k, v in used.items()}
        summary["postgresql_backends_seen"] = len(monitor.first)
        print("CPU ms per request:", summary["cpu_ms_per_request"])
    summary["target_met"] = not errors and overall.get("p95_ms", 1e9) < TARGET_P95_MS
    print("| page | requests | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, page in summary["pages"].items():
        label = LABELS.get(name, "all pages")
        print(f"| {label} | {page['count']:,} | {page['p50_ms']:.0f} | {page['p95_ms']:.0f} | "
              f"{page['p99_ms']:.0f} | {page['max_ms']:.0f} |")  # fmt: skip
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return summary


if __name__ == "__main__":
    result = main()
    sys.exit(0 if result["target_met"] else 1)
