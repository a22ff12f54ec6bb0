"""The server says which database it uses as it starts: once, never the password, never in other commands."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

from madinati.startup import database_line, is_runserver

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_names_its_file():
    databases = {"default": dj_database_url.parse("sqlite:////srv/madinati/db.sqlite3")}
    assert database_line(databases) == "madinati: database SQLite file /srv/madinati/db.sqlite3"


def test_postgresql_names_host_database_and_user_but_never_the_password():
    databases = {
        "default": dj_database_url.parse("postgres://madinati:s3cret-pw@db.internal:5433/kpis"),
        "replica1": dj_database_url.parse("postgres://madinati:s3cret-pw@db2.internal:5432/kpis"),
        "replica2": dj_database_url.parse("postgres://madinati:s3cret-pw@db3.internal:5432/kpis"),
    }
    line = database_line(databases)
    assert line == 'madinati: database PostgreSQL "kpis" on db.internal:5433 as madinati, 2 read replicas'
    assert "s3cret" not in line


def test_only_the_serving_runserver_process_announces():
    assert is_runserver(["manage.py", "runserver"], {"RUN_MAIN": "true"})
    assert is_runserver(["manage.py", "runserver", "--noreload", "8001"], {})
    assert not is_runserver(["manage.py", "runserver"], {})  # the autoreloader's parent: its child will say it
    assert not is_runserver(["manage.py", "migrate"], {"RUN_MAIN": "true"})
    assert not is_runserver(["pytest"], {})


def _start(argv: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URLS")}
    env.update(DJANGO_SETTINGS_MODULE="madinati.settings", DEBUG="1", RUN_MAIN="true")
    code = f"import sys, django; sys.argv = {argv!r}; django.setup()"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )


def test_runserver_prints_the_line_once_and_other_commands_do_not():
    served = _start(["manage.py", "runserver", "8001"])
    assert served.stderr.count("madinati: database SQLite file ") == 1, served.stderr
    assert served.stderr.strip().endswith("db.sqlite3")
    assert "madinati: database" not in _start(["manage.py", "migrate"]).stderr
