#!/usr/bin/env python3
"""`make loadtest`: Locust, headless, against gunicorn on loopback, bounded in users and time.

1. People: 50 signed-in users for 60 s, each waiting 1–3 s between requests (viewers browsing the
   dashboards, officers saving drafts, external systems pulling summaries: loadtest/locustfile.py).
   Prints requests per second, errors, and p50/p95/p99 for each page kind.
2. Capacity: the same mix asking back to back, with 4, 8, 16 then 32 users for 15 s each; the
   capacity is the most requests per second served with a p95 of at most 1 s.

The server is production-like: deploy/gunicorn.conf.py (workers from the cores), DEBUG off,
manifest static files, a Redis (REDIS_URL, or a redis-server of the run's own on a free port, so
its commands and CPU per request are the run's alone; without Redis, one worker). The API's rate limits are lifted for the run, so it measures
serving, not the limiter. The database is DATABASE_URL (PostgreSQL: SQLite serialises writes);
the demo programme is seeded into it first (idempotent) unless --no-seed, e.g. on bench_scoring's
data. Only 127.0.0.1 is ever contacted; everything started is stopped by process id.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg2
import redis
import requests
from scaleout_stack import ROOT, Stack, StackError, free_port, wait_for

PEOPLE_WAIT = "1–3 s"
LIMIT_SECONDS = 900


def _stop(signum, frame):
    raise TimeoutError(f"over {LIMIT_SECONDS} s" if signum == signal.SIGALRM else f"stopped by signal {signum}")


def log(message: str) -> None:
    print(f"loadtest: {message}", flush=True)


def start_redis(stack: Stack) -> tuple[str | None, str]:
    """REDIS_URL if given; else a Redis of the run's own on a free port (its commands and CPU are then
    this run's alone); else none, and one worker."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"], "REDIS_URL (shared: its figures include other clients)"
    server = shutil.which("redis-server")
    if server is None:
        return None, "no Redis: one worker"
    port = free_port()
    popen = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(stack.workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    stack.track("redis", popen.pid, signal.SIGTERM, popen)
    client = redis.Redis(host="127.0.0.1", port=port)

    def answers():
        try:
            return client.ping()
        except redis.RedisError:
            return False

    wait_for("redis-server", answers, timeout=20)
    return f"redis://127.0.0.1:{port}/0", f"a Redis of its own on port {port}"


def server_env(args, workdir: Path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=args.settings,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(workdir / "static"),
        API_THROTTLE_USER="1000000/minute",
        API_THROTTLE_TOKEN="1000000/minute",
        # Connections live through the whole run, so the CPU of every backend that served it is still
        # there to be counted at the end (a backend that closes takes its CPU time with it).
        DB_CONN_MAX_AGE="3600",
        GUNICORN_ACCESS_LOG=str(workdir / "access.log"),
    )
    if url:
        env["REDIS_URL"] = url
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise StackError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def locust(host: str, users: int, seconds: int, prefix: Path, env: dict[str, str]) -> list[dict]:
    """One headless Locust run; its per-name rows from the stats CSV."""
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "loadtest" / "locustfile.py"),
        "--headless",
        f"--users={users}",
        f"--spawn-rate={max(users // 5, 1)}",
        f"--run-time={seconds}s",
        f"--host={host}",
        f"--csv={prefix}",
        "--only-summary",
        "--stop-timeout=5",
        "--exit-code-on-error=0",
        "--loglevel=WARNING",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
    if done.returncode != 0:
        raise StackError(f"locust failed ({done.returncode}):\n{done.stderr[-2000:]}")
    with open(f"{prefix}_failures.csv", newline="") as fh:
        for failure in csv.DictReader(fh):
            log(f"  errors: {failure['Occurrences']} x {failure['Method']} {failure['Name']}: {failure['Error'][:200]}")
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


class CpuMeter:
    """CPU seconds spent by the app server (gunicorn and its workers) and by the database backends
    serving it, so a run on a busy shared machine still yields the cost of a request, which does not
    depend on how many other processes wait for the cores (the latencies do)."""

    def __init__(self, gunicorn_pid: int, database_url: str | None, redis_url: str | None):
        self.gunicorn = psutil.Process(gunicorn_pid)
        self.redis = redis.Redis.from_url(redis_url) if redis_url else None
        self.database_url = database_url if (database_url or "").startswith("postgres") else None
        self.seen: dict[int, float] = {}

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def _app(self) -> float:
        """The master, its live workers, and (children_*) the workers it has already reaped."""
        reaped = self.gunicorn.cpu_times()
        processes = [self.gunicorn, *self.gunicorn.children(recursive=True)]
        return sum(self._cpu(p) for p in processes if p.is_running()) + reaped.children_user + reaped.children_system

    def _backends(self) -> dict[int, float]:
        if not self.database_url:
            return {}
        with psycopg2.connect(self.database_url) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        connection.close()
        found = {}
        for pid in pids:
            try:
                found[pid] = self._cpu(psutil.Process(pid))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def _redis(self) -> tuple[int, float]:
        """Commands and CPU seconds of the Redis server (all its clients, and its own timers)."""
        if self.redis is None:
            return 0, 0.0
        stats, cpu = self.redis.info("stats"), self.redis.info("cpu")
        return stats["total_commands_processed"], cpu["used_cpu_user"] + cpu["used_cpu_sys"]

    def start(self) -> None:
        self.app_before, self.db_before, self.redis_before = self._app(), self._backends(), self._redis()

    def stop(self, requests: int) -> dict:
        app, db = self._app() - self.app_before, self._backends()
        commands, redis_cpu = (now - before for now, before in zip(self._redis(), self.redis_before, strict=True))
        db_seconds = sum(cpu - self.db_before.get(pid, 0.0) for pid, cpu in db.items()) if self.database_url else None
        per = max(requests, 1)
        return {
            "app_cpu_ms_per_request": round(app * 1000 / per, 1),
            "db_cpu_ms_per_request": None if db_seconds is None else round(db_seconds * 1000 / per, 1),
            "redis_commands_per_request": round(commands / per, 1) if self.redis else None,
            "redis_cpu_ms_per_request": round(redis_cpu * 1000 / per, 2) if self.redis else None,
        }


def sign_in(host: str, username: str) -> tuple[str, float]:
    """A session for ``username`` and the seconds the sign-in took (PBKDF2 by design: hundreds of ms)."""
    session = requests.Session()
    page = session.get(f"{host}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    started = time.perf_counter()
    answer = session.post(
        f"{host}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": "madinati-demo-2018"},
        headers={"Referer": f"{host}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise StackError(f"could not sign {username} in: {answer.status_code}")
    return session.cookies["sessionid"], time.perf_counter() - started


def figures(rows: list[dict]) -> dict[str, dict]:
    out = {}
    for row in rows:
        count = int(row["Request Count"])
        if not count:
            continue
        out[row["Name"]] = {
            "requests": count,
            "rps": round(float(row["Requests/s"]), 1),
            "errors": int(row["Failure Count"]),
            "p50_ms": int(float(row["50%"])),
            "p95_ms": int(float(row["95%"])),
            "p99_ms": int(float(row["99%"])),
        }
    return out


def table(result: dict[str, dict]) -> str:
    lines = [f"{'page kind':<30} {'requests':>8} {'req/s':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"]
    for name, f in sorted(result.items(), key=lambda item: (item[0] == "Aggregated", item[0])):
        lines.append(
            f"{name:<30} {f['requests']:>8} {f['rps']:>7} {f['errors']:>6} {f['p50_ms']:>7} {f['p95_ms']:>7} {f['p99_ms']:>7}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Load test on loopback (see the module docstring).")
    parser.add_argument("--settings", default="madinati.settings")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: 2 x cores + 1)")
    parser.add_argument("--capacity-steps", default="4,8,16,32", help="users per back-to-back step; empty: skip")
    parser.add_argument("--step-seconds", type=int, default=15)
    parser.add_argument("--group", type=int, default=2, help="the group viewers and API clients ask for")
    parser.add_argument(
        "--officers", default="taif-officer,jazan-officer", help="officer accounts (password madinati-demo-2018)"
    )
    parser.add_argument("--no-seed", dest="seed", action="store_false", help="use the database as it is")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "loadtest" / "last.json")
    args = parser.parse_args()

    signal.signal(signal.SIGALRM, _stop)
    signal.signal(signal.SIGTERM, _stop)
    signal.alarm(LIMIT_SECONDS)
    workdir = Path(tempfile.mkdtemp(prefix="madinati-loadtest-"))
    stack = Stack(workdir)
    url, cache_note = start_redis(stack)
    env = server_env(args, workdir, url)
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    if "REDIS_URL" not in env:
        workers = 1
    try:
        static = stack.collect_static(env)
        if args.seed:
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_demo", "--with-demo-users")
        token = manage(env, "issue_token", "viewer").strip().splitlines()[-1]
        if static.wait(timeout=300) != 0:
            raise StackError("collectstatic failed")
        stack.stop("collectstatic")
        port = free_port()
        stack.start_gunicorn("gunicorn", port, env, workers=workers)
        host = f"http://127.0.0.1:{port}"
        log(f"gunicorn {host}, {workers} workers, {cache_note}, database {env.get('DATABASE_URL', 'SQLite')}")
        officers = [name for name in args.officers.split(",") if name]
        sessions, sign_in_seconds = {}, []
        for username in ["viewer", *officers]:
            sessions[username], seconds = sign_in(host, username)
            sign_in_seconds.append(seconds)
        log(f"signed in {len(sessions)} users once (a sign-in took {min(sign_in_seconds) * 1000:.0f} ms at best)")
        crowd = {
            **env,
            "LOADTEST_TOKEN": token,
            "LOADTEST_OFFICERS": ",".join(officers),
            "LOADTEST_SESSIONS": json.dumps(sessions),
            "LOADTEST_GROUP": str(args.group),
        }

        meter = CpuMeter(stack.pid("gunicorn"), env.get("DATABASE_URL"), env.get("REDIS_URL"))
        log(f"{args.users} users for {args.seconds} s, {PEOPLE_WAIT} between requests")
        meter.start()
        people = figures(locust(host, args.users, args.seconds, workdir / "people", crowd))
        cost = meter.stop(people.get("Aggregated", {}).get("requests", 0))
        print(table(people), flush=True)
        log(
            f"cost of a request (CPU): app {cost['app_cpu_ms_per_request']} ms, "
            f"database {cost['db_cpu_ms_per_request']} ms, Redis {cost['redis_cpu_ms_per_request']} ms "
            f"({cost['redis_commands_per_request']} commands); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

        steps = []
        for users in [int(n) for n in args.capacity_steps.split(",") if n]:
            meter.start()
            step = figures(
                locust(host, users, args.step_seconds, workdir / f"capacity{users}", {**crowd, "LOADTEST_WAIT": "0"})
            )
            total = step.get(
                "Aggregated", {"requests": 0, "rps": 0.0, "errors": 0, "p50_ms": 0, "p95_ms": 10**6, "p99_ms": 10**6}
            )
            steps.append({"users": users, **total, **meter.stop(total["requests"])})
            log(
                f"capacity step: {users} users back to back: {total['rps']} req/s, p95 {total['p95_ms']} ms, "
                f"{total['errors']} errors, app CPU {steps[-1]['app_cpu_ms_per_request']} ms/request"
            )
            if total["p95_ms"] > 1000:
                break
        within = [s for s in steps if s["p95_ms"] <= 1000 and not s["errors"]]
        capacity = max(within, key=lambda s: s["rps"]) if within else None
        if capacity:
            log(
                f"capacity: {capacity['rps']} requests/s at p95 {capacity['p95_ms']} ms ({capacity['users']} users back to back, {workers} workers)"
            )
        elif steps:
            log("capacity: no step kept p95 at or under 1 s without errors")

        cache_size = None
        if url:
            client = redis.Redis.from_url(url)
            cache_size = {
                "keys": client.dbsize(),
                "used_memory_mb": round(client.info("memory")["used_memory"] / 2**20, 1),
            }
            log(f"Redis after the runs: {cache_size['keys']} keys, {cache_size['used_memory_mb']} MB")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "workers": workers,
                    "cores": os.cpu_count(),
                    "cache": cache_note,
                    "cache_size": cache_size,
                    "database": "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
                    "load_average": os.getloadavg()[0],
                    "sign_in_ms": round(min(sign_in_seconds) * 1000),
                    "people": {
                        "users": args.users,
                        "seconds": args.seconds,
                        "wait": PEOPLE_WAIT,
                        "pages": people,
                        **cost,
                    },
                    "capacity_steps": steps,
                    "capacity": capacity,
                },
                indent=2,
            )
        )
        log(f"figures written to {args.json}")
        return 0
    except (StackError, TimeoutError) as problem:
        print(f"loadtest FAILED: {problem}\nlogs: {workdir}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        stack.stop_all()
        shutil.rmtree(workdir / "static", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
