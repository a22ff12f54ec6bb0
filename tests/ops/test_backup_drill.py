"""The backup drill: dump with `make backup`'s script, restore into a new database with `make restore`'s,
and find every table with the same number of rows and every demo quarter's scorecards identical."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{quote(name)}"


def _run(args: list[str], database: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["DATABASE_URL"] = _url(database)
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _digest(database: str) -> dict:
    return json.loads(_run([sys.executable, "-m", "tests.ops.drill_digest"], database))


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the backup drill runs pg_dump and pg_restore: PostgreSQL only (set DATABASE_URL=postgres://...)")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("the backup drill needs the PostgreSQL client tools (apt-get install postgresql-client)")


def test_a_backup_restores_into_a_new_database_with_the_same_rows_and_scorecards(
    postgres_only, transactional_db, tmp_path
):
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())  # committed: pg_dump sees it
    original = connection.settings_dict["NAME"]
    restored = f"{original}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')  # noqa: S608  left by an interrupted drill
    try:
        dump = Path(_run([sys.executable, "scripts/dbbackup.py", "backup", "--dir", str(tmp_path)], original).strip())
        assert dump.parent == tmp_path and dump.name.startswith(f"madinati-{original}-") and dump.suffix == ".dump"
        assert dump.read_bytes()[:5] == b"PGDMP", "pg_dump's custom format"

        name = _run([sys.executable, "scripts/dbbackup.py", "restore", str(dump), "--name", restored], original)
        assert name.strip() == restored

        before, after = _digest(original), _digest(restored)
        assert before["tables"]["indicators_indicatorvalue"] > 0 and before["tables"]["accounts_user"] > 0
        assert len(before["scorecards"]) >= 8 * 2, "every demo quarter, for all groups and each group"
        assert after["tables"] == before["tables"]
        different = [key for key in before["scorecards"] if after["scorecards"].get(key) != before["scorecards"][key]]
        assert different == [], f"scorecards differ after the restore: {different}"

        # A restore never goes over an existing database.
        again = subprocess.run(
            [sys.executable, "scripts/dbbackup.py", "restore", str(dump), "--name", restored],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": _url(original)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 1 and "already exists" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')  # noqa: S608


def test_pruning_keeps_the_newest_dump_and_those_younger_than_the_retention(tmp_path):
    import importlib.util
    import time

    spec = importlib.util.spec_from_file_location("dbbackup", ROOT / "scripts" / "dbbackup.py")
    dbbackup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dbbackup)
    now = time.time()
    ages = {"old-1": 40, "old-2": 20, "recent": 3, "newest": 0}
    for name, days in ages.items():
        path = tmp_path / f"madinati-db-{name}.dump"
        path.write_bytes(b"PGDMP")
        os.utime(path, (now - days * 86400, now - days * 86400))
    removed = dbbackup.prune(tmp_path, keep_days=14)
    assert sorted(p.name for p in removed) == ["madinati-db-old-1.dump", "madinati-db-old-2.dump"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["madinati-db-newest.dump", "madinati-db-recent.dump"]
    assert dbbackup.prune(tmp_path, keep_days=0) == [tmp_path / "madinati-db-recent.dump"], "the newest always stays"
