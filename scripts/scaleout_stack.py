"""The processes of the scale-out check: a PostgreSQL primary and its streaming replica, gunicorn
app servers and nginx, each started on a free loopback port and stopped again by its process id.

Used by scripts/scaleout_check.py; nothing here listens beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class StackError(RuntimeError):
    pass


# collectstatic writing the manifest the production storage reads, without its gzip/brotli copies:
# those cost minutes of CPU on a busy 2-core machine, and nothing run on loopback looks at them.
COLLECTSTATIC = (
    "import django; django.setup(); from django.conf import settings; "
    "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
    "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}; "
    "from django.core.management import call_command; call_command('collectstatic', interactive=False, verbosity=0)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name: str, path: str | None = None) -> str:
    found = shutil.which(name, path=path)
    if found is None:
        raise StackError(f"{name} not found")
    return found


def pg_bin() -> str:
    """The newest installed PostgreSQL server's binaries (Debian: /usr/lib/postgresql/<major>/bin)."""
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not found:
        raise StackError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (set PG_BIN)")
    return found[-1]


def wait_for(what: str, ready, timeout: float = 30.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = ready()
        if result:
            return result
        if time.monotonic() > deadline:
            raise StackError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Tracked:
    name: str
    pid: int
    stop_signal: int
    popen: subprocess.Popen | None = None


class Stack:
    """Everything started, in order, so it can be stopped in reverse by process id."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.tracked: list[Tracked] = []
        self.root = os.geteuid() == 0
        self.bin = pg_bin()

    # ------------------------------------------------------------------ process bookkeeping

    def track(self, name: str, pid: int, stop_signal: int, popen: subprocess.Popen | None = None) -> None:
        self.tracked.append(Tracked(name, pid, stop_signal, popen))

    def pid(self, name: str) -> int:
        return next(t.pid for t in self.tracked if t.name == name)

    def stop(self, name: str, timeout: float = 30.0) -> None:
        """Stop one process by its id: its own graceful signal, then SIGKILL if it will not go."""
        for entry in [t for t in self.tracked if t.name == name]:
            self.tracked.remove(entry)
            with contextlib.suppress(ProcessLookupError):
                os.kill(entry.pid, entry.stop_signal)
            deadline = time.monotonic() + timeout
            while self._running(entry) and time.monotonic() < deadline:
                time.sleep(0.05)
            if self._running(entry):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(entry.pid, signal.SIGKILL)
                self._running(entry)

    def stop_all(self) -> list[str]:
        """Signal everything at once (newest first), then wait for each, by process id."""
        entries = list(reversed(self.tracked))
        for entry in entries:
            with contextlib.suppress(ProcessLookupError):
                os.kill(entry.pid, entry.stop_signal)
        for entry in entries:
            self.stop(entry.name)
        return [entry.name for entry in entries]

    @staticmethod
    def _running(entry: Tracked) -> bool:
        if entry.popen is not None:
            return entry.popen.poll() is None
        return _alive(entry.pid)

    # ------------------------------------------------------------------ PostgreSQL

    def as_postgres(self, args: list[str]) -> list[str]:
        """PostgreSQL refuses to run as root: run its server tools as the postgres user then."""
        return [executable("runuser"), "-u", "postgres", "--", *args] if self.root else args

    def pg(self, tool: str, *args: str) -> str:
        done = subprocess.run(
            self.as_postgres([str(Path(self.bin) / tool), *args]), capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise StackError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def own_by_postgres(self, path: Path) -> None:
        if self.root:
            shutil.chown(path, "postgres", "postgres")

    def start_cluster(self, name: str, data: Path, port: int) -> int:
        """``pg_ctl start`` the cluster in ``data`` on ``port``; its postmaster's pid is tracked."""
        log = self.workdir / f"{name}.log"
        log.touch()
        self.own_by_postgres(log)
        self.pg("pg_ctl", "-D", str(data), "-l", str(log), "-o", f"-p {port}", "-w", "-t", "60", "start")
        pid = int((data / "postmaster.pid").read_text().split()[0])
        # SIGINT: PostgreSQL's fast shutdown (disconnect clients, stop now).
        self.track(name, pid, signal.SIGINT)
        return pid

    def readable_copy(self, conf: Path) -> Path:
        """The shipped settings file, copied where the postgres user can read it."""
        copy = self.workdir / f"shipped-{conf.name}"
        shutil.copyfile(conf, copy)
        self.own_by_postgres(copy)
        return copy

    def init_primary(self, data: Path, port: int, conf: Path) -> None:
        conf = self.readable_copy(conf)
        data.mkdir()
        self.own_by_postgres(data)
        # trust on loopback only: the cluster lives for one run and listens on 127.0.0.1 alone.
        self.pg("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        with (data / "postgresql.conf").open("a") as fh:
            fh.write(
                f"\n# scale-out check: the shipped primary settings, then what differs on a throwaway cluster\n"
                f"include '{conf}'\n"
                f"listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.workdir}'\n"
                "shared_buffers = 64MB\neffective_cache_size = 256MB\nmaintenance_work_mem = 64MB\n"
                "archive_mode = off\nwal_keep_size = 256MB\n"
                "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                "log_min_duration_statement = -1\n"
            )

    def base_backup(self, primary_port: int, data: Path, port: int, conf: Path) -> None:
        """A streaming replica of the primary, as docs/deploy.md makes one: pg_basebackup -R."""
        conf = self.readable_copy(conf)
        data.mkdir()
        data.chmod(0o700)
        self.own_by_postgres(data)
        self.pg(
            "pg_basebackup",
            f"--dbname=host=127.0.0.1 port={primary_port} user=postgres",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
        with (data / "postgresql.conf").open("a") as fh:
            fh.write(
                f"\n# scale-out check: the shipped replica settings, on the replica's own port\n"
                f"include '{conf}'\n"
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                "restore_command = ''\nshared_buffers = 64MB\neffective_cache_size = 256MB\n"
                "log_min_duration_statement = -1\n"
            )

    # ------------------------------------------------------------------ app servers and nginx

    def collect_static(self, env: dict[str, str]) -> subprocess.Popen:
        """Start collectstatic into env's STATIC_ROOT in the background (tracked: stopped on failure)."""
        popen = subprocess.Popen([sys.executable, "-c", COLLECTSTATIC], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        self.track("collectstatic", popen.pid, signal.SIGTERM, popen)
        return popen

    def start_gunicorn(self, name: str, port: int, env: dict[str, str], workers: int, wait: bool = True):
        """One app server; ready when /healthz answers (as nginx would ask it: over TLS as far as Django knows).

        With ``wait=False`` it returns the wait instead, so several servers boot side by side.
        """
        log = (self.workdir / f"{name}.log").open("w")
        popen = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "madinati.wsgi",
            ],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # SIGTERM: gunicorn's graceful stop (each worker finishes its request).
        self.track(name, popen.pid, signal.SIGTERM, popen)

        def answers():
            if popen.poll() is not None:
                raise StackError(f"{name} exited: see {log.name}")
            try:
                probe = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310
                    return response.status == 200
            except OSError:
                return False

        def ready():
            wait_for(f"{name} on port {port}", answers, timeout=90, every=0.2)

        if not wait:
            return ready
        ready()
        return None

    def start_nginx(self, conf: Path, ports: list[int]) -> None:
        popen = subprocess.Popen(
            [executable("nginx", "/usr/sbin:/usr/bin:/sbin:/bin"), "-p", str(self.workdir), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=(self.workdir / "nginx-start.log").open("w"),
        )
        # SIGQUIT: nginx's graceful shutdown.
        self.track("nginx", popen.pid, signal.SIGQUIT, popen)

        def listening():
            if popen.poll() is not None:
                raise StackError(f"nginx exited: {(self.workdir / 'nginx-start.log').read_text()[-500:]}")
            for port in ports:
                with socket.socket() as sock:
                    if sock.connect_ex(("127.0.0.1", port)) != 0:
                        return False
            return True

        wait_for("nginx", listening, timeout=20)


def nginx_conf(workdir: Path, cert: Path, key: Path, static: Path, servers: dict[int, list[int]]) -> Path:
    """nginx on loopback with TLS: one listener per upstream (``{listen port: [app ports]}``).

    Each location includes the shipped deploy/nginx/madinati-proxy.conf, as the site does.
    """
    blocks = []
    for number, (listen, upstream) in enumerate(servers.items()):
        members = "".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in upstream)
        blocks.append(
            f"    upstream app{number} {{\n{members}        keepalive 8;\n    }}\n"
            f"    server {{\n"
            f"        listen 127.0.0.1:{listen} ssl;\n"
            f"        ssl_certificate {cert};\n        ssl_certificate_key {key};\n"
            f"        client_max_body_size 3m;\n"
            f"        location /static/ {{ alias {static}/; "
            f'add_header Cache-Control "public, max-age=31536000, immutable"; }}\n'
            f"        location / {{\n            proxy_pass http://app{number};\n"
            f"            include {ROOT / 'deploy' / 'nginx' / 'madinati-proxy.conf'};\n        }}\n"
            f"    }}\n"
        )
    temp = workdir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    temp.chmod(0o777)  # nginx's workers (user nobody) buffer large responses here
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'nginx-error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    access_log {workdir / 'nginx-access.log'};\n"
        f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n    uwsgi_temp_path {temp}/uwsgi;\n    scgi_temp_path {temp}/scgi;\n"
        + "".join(blocks)
        + "}\n"
    )
    return conf


def self_signed(workdir: Path) -> tuple[Path, Path]:
    cert, key = workdir / "tls.crt", workdir / "tls.key"
    subprocess.run(
        [
            executable("openssl"),
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key
