#!/usr/bin/env python3
"""Scale-out check, on loopback only: two app servers, one primary, one streaming replica, Redis.

    .venv/bin/python scripts/scaleout_check.py          (make scaleout; .ci/run runs it)

It builds, in a temporary directory and on free ports of 127.0.0.1:
  - a fresh PostgreSQL primary (initdb as the postgres user, the shipped deploy/postgresql/primary.conf)
    with the demo programme, and a streaming replica of it made by `pg_basebackup -R`
    (deploy/postgresql/replica.conf);
  - two gunicorn app servers (deploy/gunicorn.conf.py, production settings: DEBUG off, manifest
    static files) sharing the Redis on 127.0.0.1:6379, in a database number of their own;
  - nginx in front if it is installed, ending TLS with a throwaway certificate and proxying with the
    shipped deploy/nginx/madinati-proxy.conf: one listener for each app server, one balancing both.

Then it proves, over HTTP and in a browser's order of events, that:
  1. an officer saves and submits through server A and sees the figure at once, on A and on B;
  2. a reviewer approves it through server B;
  3. a viewer sees the approval on server A's overview at once;
  4. dashboard reads reached the replica (its pg_stat_database counters moved);
  5. with WAL replay paused on the replica, a writer (session or token) still reads their own write,
     while a viewer who wrote nothing is served by the stale replica;
  6. with the replica stopped, every page still answers 200, from the primary.

Everything it started is stopped by process id, also on failure or after its time limit (170 s).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import psutil
import redis
import requests
from scaleout_http import Browser, Forms, Token, testid_text
from scaleout_stack import ROOT, Stack, StackError, free_port, nginx_conf, self_signed, wait_for

LIMIT_SECONDS = 170
PERIOD, GROUP = "2018-Q2", 2  # seed_demo leaves 2018-Q2 open for entry


STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


class Check:
    def __init__(self, args):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="madinati-scaleout-"))
        self.workdir.chmod(0o755)
        self.stack = Stack(self.workdir)
        self.stack.own_by_postgres(self.workdir)
        self.ports = {name: free_port() for name in ("primary", "replica", "app_a", "app_b")}
        self.nginx = args.nginx and bool(_which_nginx())

    # ------------------------------------------------------------------ SQL on either cluster

    def sql(self, cluster: str, query: str, database: str = "madinati") -> str:
        return self.stack.pg(
            "psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(self.ports[cluster]), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-c", query,
        ).strip()  # fmt: skip

    # ------------------------------------------------------------------ building the stack

    def django_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REPLICA_"))}
        tls = self.nginx
        env.update(
            DJANGO_SETTINGS_MODULE=self.args.settings,
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.ports['primary']}/madinati",
            DATABASE_REPLICA_URLS=f"postgres://postgres@127.0.0.1:{self.ports['replica']}/madinati",
            REDIS_URL=f"redis://127.0.0.1:6379/{self.args.redis_db}",
            STATIC_ROOT=str(self.workdir / "static"),
            # A shared 2-core CI machine can stall a second or two: a generous lag allowance keeps the
            # paused replica "usable" for step 5, and the pin outlasts it (madinati.E002).
            REPLICA_MAX_LAG_SECONDS="20",
            REPLICA_PIN_SECONDS="30",
            BEHIND_TLS_PROXY="1" if tls else "0",
            SECURE_SSL_REDIRECT="1" if tls else "0",
            SESSION_COOKIE_SECURE="1" if tls else "0",
            CSRF_COOKIE_SECURE="1" if tls else "0",
            SECURE_HSTS_SECONDS="0",
            # Its reviewer signs in with the password alone: this checks the scale-out, and two-factor sign-in
            # (on by default with DEBUG off) has its own tests (tests/accounts/test_mfa.py).
            MFA_REQUIRED_ROLES="",
            CSRF_TRUSTED_ORIGINS=",".join(f"https://127.0.0.1:{p}" for p in self.nginx_ports.values())
            if tls
            else "http://127.0.0.1",
            GUNICORN_ACCESS_LOG="-",
        )
        return env

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def build(self) -> None:
        self.nginx_ports = {name: free_port() for name in ("a", "b", "both")} if self.nginx else {}
        self.env = self.django_env()
        conf = ROOT / "deploy" / "postgresql"
        self.stack.init_primary(self.workdir / "primary", self.ports["primary"], conf / "primary.conf")
        self.stack.start_cluster("primary", self.workdir / "primary", self.ports["primary"])
        self.sql("primary", "CREATE DATABASE madinati", database="postgres")
        say(f"primary on 127.0.0.1:{self.ports['primary']}")

        static = self.stack.collect_static(self.env)
        self.manage("migrate", "--noinput", "-v0")
        say("migrated")
        self.manage("seed_demo", "--with-demo-users")
        self.token = self.manage("issue_token", "taif-officer").strip().splitlines()[-1]
        say("demo programme seeded, API token issued")
        if static.wait(timeout=150) != 0:
            raise StackError("collectstatic failed")
        self.stack.stop("collectstatic")
        say("static files collected")

        self.stack.base_backup(
            self.ports["primary"], self.workdir / "replica", self.ports["replica"], conf / "replica.conf"
        )
        self.stack.start_cluster("replica", self.workdir / "replica", self.ports["replica"])
        wait_for(
            "the replica to stream", lambda: self.sql("replica", "SELECT count(*) FROM pg_stat_wal_receiver") == "1"
        )
        say(f"replica on 127.0.0.1:{self.ports['replica']}, streaming (pg_basebackup -R)")

        redis.Redis(host="127.0.0.1", port=6379, db=self.args.redis_db).flushdb()
        booting = [
            self.stack.start_gunicorn(name, self.ports[name], self.env, workers=self.args.workers, wait=False)
            for name in ("app_a", "app_b")
        ]
        for ready in booting:
            ready()
        say(f"app servers A :{self.ports['app_a']} and B :{self.ports['app_b']}, Redis db {self.args.redis_db}")

        if self.nginx:
            cert, key = self_signed(self.workdir)
            listeners = {
                self.nginx_ports["a"]: [self.ports["app_a"]],
                self.nginx_ports["b"]: [self.ports["app_b"]],
                self.nginx_ports["both"]: [self.ports["app_a"], self.ports["app_b"]],
            }
            self.stack.start_nginx(
                nginx_conf(self.workdir, cert, key, self.workdir / "static", listeners), list(listeners)
            )
            self.verify = str(cert)
            self.A, self.B, self.BOTH = (f"https://127.0.0.1:{self.nginx_ports[n]}" for n in ("a", "b", "both"))
            say(
                f"nginx (TLS) :{self.nginx_ports['a']} → A, :{self.nginx_ports['b']} → B, :{self.nginx_ports['both']} → both"
            )
        else:
            self.verify = True
            self.A, self.B = (f"http://127.0.0.1:{self.ports[n]}" for n in ("app_a", "app_b"))
            self.BOTH = self.A
            say("nginx is not installed: talking to the app servers directly (apt-get install nginx)")

    # ------------------------------------------------------------------ the proofs

    def replica_reads(self) -> tuple[int, int]:
        row = self.sql("replica", "SELECT xact_commit, tup_fetched FROM pg_stat_database WHERE datname = 'madinati'")
        commits, fetched = row.split("|")
        return int(commits), int(fetched)

    def officer_saves_and_submits(self) -> None:
        self.officer = Browser("officer", self.verify)
        self.officer.sign_in(self.A, "taif-officer")
        page = self.officer.get(self.A, f"/entry/?period={PERIOD}").text
        form = Forms(page).by_testid("entry-form")
        self.value_field = next(
            name
            for name, row in form.rows.items()
            if row == "value-row-beneficiary-satisfaction" and name.endswith("-value")
        )
        self.officer.submit(self.A, f"/entry/?period={PERIOD}", form, {self.value_field: "87.5", "submit": "1"})
        for server, label in ((self.A, "A"), (self.B, "B")):
            shown = Forms(self.officer.get(server, f"/entry/?period={PERIOD}").text).by_testid("entry-form")
            assert Decimal(shown.fields[self.value_field]) == Decimal("87.5"), (
                f"the entry page on {label} lost the save"
            )
            row = self._value(self.officer, server, "beneficiary-satisfaction")
            assert row and Decimal(str(row["value"])) == Decimal("87.5") and row["workflow_status"] == "submitted", row
        say("1. officer saved and submitted 87.5 through A; A and B both show it at once")

    def _value(self, who, server: str, indicator: str) -> dict | None:
        rows = who.json(server, f"/api/v1/values/?period={PERIOD}&secretariat=taif&indicator={indicator}")["results"]
        return rows[0] if rows else None

    def reviewer_approves_and_viewer_sees(self) -> None:
        self.viewer = Browser("viewer", self.verify)
        self.viewer.sign_in(self.A, "viewer")
        overview = f"/?period={PERIOD}&group={GROUP}"
        waiting = int(testid_text(self.viewer.get(self.A, overview).text, "awaiting-review"))
        assert waiting >= 1, "the viewer's overview does not count the submitted figure"

        reviewer = Browser("reviewer", self.verify)
        reviewer.sign_in(self.B, "reviewer")
        review = f"/review/?period={PERIOD}&secretariat=taif"
        form = Forms(reviewer.get(self.B, review).text).by_testid("review-form")
        approve = [value for name, value in form.buttons if name == "approve" and value.startswith("value-")]
        assert len(approve) == 1, f"expected the one submitted value to review, found {approve}"
        reviewer.submit(self.B, review, form, {"approve": approve[0]})
        say("2. reviewer approved it through B")

        now_waiting = int(testid_text(self.viewer.get(self.A, overview).text, "awaiting-review"))
        row = self._value(self.viewer, self.A, "beneficiary-satisfaction")
        assert now_waiting == waiting - 1, f"A's overview still counts {now_waiting} awaiting review (was {waiting})"
        assert row["workflow_status"] == "approved", row
        say(f"3. viewer on A saw it at once: awaiting review {waiting} → {now_waiting}, status approved")

    def pages(self) -> list[str]:
        """Every page the overview links to, its table exports, and the API's reads."""
        html = self.viewer.get(self.A, "/?period=2018-Q1").text
        links = sorted(set(re.findall(r'href="(/[^"#]*)"', html.replace("&amp;", "&"))))
        skip = ("/static/", "/accounts/logout", "/i18n/", "/admin/", "/api/docs", "/api/schema")
        found = [link for link in links if not link.startswith(skip)]
        api = [
            f"/api/v1/summary/secretariats/?period=2018-Q1&group={GROUP}",
            "/api/v1/summary/axes/?period=2018-Q1",
            "/api/v1/values/?period=2018-Q1",
            "/api/v1/progress/?period=2018-Q1",
            "/api/v1/risks/",
            "/api/v1/indicators/",
            "/api/v1/secretariats/",
        ]
        return [*found, "/review-pack/?period=2018-Q1&group=2", *api]

    def tier_cpu(self) -> dict[str, float]:
        """CPU seconds so far of each tier's processes (whole process trees), and Redis's command count."""
        tiers = {"app": ["app_a", "app_b"], "nginx": ["nginx"], "replica": ["replica"], "primary": ["primary"]}
        spent = {}
        for tier, names in tiers.items():
            total = 0.0
            for name in names:
                with contextlib.suppress(StopIteration, psutil.NoSuchProcess):
                    root = psutil.Process(self.stack.pid(name))
                    reaped = root.cpu_times()  # children that exited meanwhile: their CPU is the parent's now
                    total += reaped.children_user + reaped.children_system
                    for process in [root, *root.children(recursive=True)]:
                        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                            times = process.cpu_times()
                            total += times.user + times.system
            spent[tier] = total
        spent["redis_commands"] = redis.Redis(host="127.0.0.1", port=6379).info("stats")["total_commands_processed"]
        return spent

    def reads_reach_the_replica(self) -> None:
        self.page_list = self.pages()
        before = self.replica_reads()
        cpu_before = self.tier_cpu()
        for path in self.page_list:
            self.viewer.get(self.BOTH, path)
        cpu = {tier: spent - cpu_before[tier] for tier, spent in self.tier_cpu().items()}
        after = wait_for(
            "the replica's pg_stat_database counters to move",
            lambda: (lambda now: now if now[1] > before[1] and now[0] > before[0] else None)(self.replica_reads()),
            timeout=20,
            every=0.5,
        )
        say(
            f"4. {len(self.page_list)} pages read by a viewer through {'nginx' if self.nginx else 'A'}: the replica "
            f"served {after[0] - before[0]} transactions, {after[1] - before[1]} rows (pg_stat_database)"
        )
        n = len(self.page_list)
        say(
            "   CPU per page: "
            + ", ".join(f"{tier} {cpu[tier] * 1000 / n:.1f} ms" for tier in ("app", "nginx", "replica", "primary"))
            + f"; Redis {cpu['redis_commands'] / n:.1f} commands (whole shared server)"
        )

    def writer_reads_own_write_while_replay_paused(self) -> None:
        # A fresh commit the replica has replayed, so its lag starts near zero, then pause replay.
        self.sql(
            "primary",
            "CREATE TABLE IF NOT EXISTS scaleout_tick (at timestamptz); INSERT INTO scaleout_tick VALUES (now())",
        )
        position = self.sql("primary", "SELECT pg_current_wal_lsn()")
        wait_for(
            "the replica to replay the tick",
            lambda: self.sql("replica", f"SELECT pg_last_wal_replay_lsn() >= '{position}'") == "t",
        )
        self.sql("replica", "SELECT pg_wal_replay_pause()")
        wait_for("replay to pause", lambda: self.sql("replica", "SELECT pg_get_wal_replay_pause_state()") == "paused")

        # A write that changes no figure: only the pin keeps its author on the primary.
        title = f"Scale-out check risk {secrets.token_hex(4)}"
        page = self.officer.get(self.A, "/risks/new/").text
        form = next(f for f in Forms(page).forms if "title" in f.fields)
        self.officer.submit(
            self.A, "/risks/new/", form, {"title": title, "description": "Raised while replay is paused.", "likelihood": "3", "impact": "3"}
        )  # fmt: skip

        def titles(who, server):
            return [r["title"] for r in who.json(server, "/api/v1/risks/?page_size=200")["results"]]

        assert title in titles(self.officer, self.A), "the officer lost their own risk on A"
        assert title in titles(self.officer, self.B), "the officer's pin did not reach B (shared Redis)"
        assert self.sql("replica", f"SELECT count(*) FROM registers_risk WHERE title = '{title}'") == "0"  # noqa: S608  our own hex title
        assert title not in titles(self.viewer, self.A), "the viewer should have been served by the paused replica"
        say("5a. replay paused: the officer's new risk is on their pages on A and B (pinned to the primary);")
        say("    the replica lacks it, and a viewer who wrote nothing is served by that stale replica")

        # A figure written by an external system's token through B, read back through A.
        token = Token(self.token, self.verify)
        body = {
            "values": [{"secretariat": "taif", "indicator": "measurement-efficiency", "period": PERIOD, "value": 61}],
            "submit": True,
        }
        token.post(self.B, "/api/v1/values/bulk/", body)
        mine = token.get(self.A, f"/api/v1/values/?period={PERIOD}&secretariat=taif&indicator=measurement-efficiency")
        assert [Decimal(str(r["value"])) for r in mine["results"]] == [Decimal(61)], mine
        assert self.sql("replica", "SELECT count(*) FROM indicators_indicatorvalue v JOIN indicators_indicator i ON i.id = v.indicator_id WHERE i.code = 'measurement-efficiency' AND v.period_id = (SELECT id FROM programme_reportingperiod WHERE year = 2018 AND quarter = 2)") == "0"  # fmt: skip
        seen = self._value(self.viewer, self.A, "measurement-efficiency")
        assert seen and Decimal(str(seen["value"])) == Decimal(61), "a figure write must reach every reader at once"
        say("5b. a token pushed 61 through B and read it back through A; the replica lacks it, and the viewer")
        say("    on A sees it too: the data version's WAL position keeps everyone off a replica behind it")

        self.sql("replica", "SELECT pg_wal_replay_resume()")
        wait_for(
            "the viewer to see the risk from the replica",
            lambda: title in titles(self.viewer, self.A),
            timeout=20,
            every=0.3,
        )
        say("    replay resumed: the viewer's replica reads show the risk")

    def replica_stopped_every_page_answers(self) -> None:
        self.stack.stop("replica")
        say("6. replica stopped (SIGINT to its postmaster)")
        reviewer = Browser("reviewer", self.verify)
        reviewer.sign_in(self.A, "reviewer")
        # The first pages on each server meet the stopped replica while their processes still think it
        # well; then every page once through the balancer, and the write-side pages on both servers.
        answered = 0
        for server in (self.A, self.B):
            for path in self.page_list[:3]:
                self.viewer.get(server, path)
                answered += 1
            self.officer.get(server, f"/entry/?period={PERIOD}")
            reviewer.get(server, f"/review/?period={PERIOD}")
            answered += 2
        for path in self.page_list:
            self.viewer.get(self.BOTH, path)
            answered += 1
        ready = self.viewer.json(self.A, "/readyz")
        assert ready["status"] == "degraded" and not ready["replicas"][0]["ok"], ready
        logs = "".join((self.workdir / f"{n}.log").read_text() for n in ("app_a", "app_b"))
        fallbacks = logs.count("reads fall back to the primary") + logs.count("read again from the primary")
        assert fallbacks, "no app server logged the fallback"
        say(f"   {answered} pages answered 200 from the primary (every page through the balancer, and on A and B);")
        say(f"   /readyz: degraded, replica1 {ready['replicas'][0]['problem']!r}; {fallbacks} fallback log lines")

    def run(self) -> None:
        self.build()
        self.officer_saves_and_submits()
        self.reviewer_approves_and_viewer_sees()
        self.reads_reach_the_replica()
        self.writer_reads_own_write_while_replay_paused()
        self.replica_stopped_every_page_answers()


def _which_nginx() -> str | None:
    return shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin")


def _time_is_up(signum, frame):
    raise TimeoutError(f"the scale-out check ran out of its {LIMIT_SECONDS} s")


def _terminated(signum, frame):
    raise TimeoutError(f"the scale-out check was stopped (signal {signum})")


def main() -> int:
    parser = argparse.ArgumentParser(description="Scale-out check on loopback (see the module docstring).")
    parser.add_argument("--settings", default="madinati.settings", help="DJANGO_SETTINGS_MODULE for the app servers")
    parser.add_argument(
        "--redis-db", type=int, default=13, help="Redis database number used (and emptied) by the check"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--no-nginx", dest="nginx", action="store_false", help="talk to the app servers directly")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _time_is_up)
    signal.signal(signal.SIGTERM, _terminated)  # CI cancelling the job: still stop what was started
    signal.alarm(LIMIT_SECONDS)
    check = Check(args)
    failed = False
    try:
        check.run()
    except (AssertionError, StackError, TimeoutError, requests.RequestException) as problem:
        failed = True
        print(f"\nSCALE-OUT CHECK FAILED: {problem}\nlogs: {check.workdir}", file=sys.stderr)
    except BaseException:
        failed = True
        print(f"\nSCALE-OUT CHECK FAILED (logs: {check.workdir}):", file=sys.stderr)
        raise
    finally:
        signal.alarm(0)
        stopped = check.stack.stop_all()
        with contextlib.suppress(redis.RedisError):
            redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db).flushdb()
        say(f"stopped by pid: {', '.join(stopped) or 'nothing left'}")
        if not failed and not args.keep:
            shutil.rmtree(check.workdir, ignore_errors=True)
    if not failed:
        say("scale-out check passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
