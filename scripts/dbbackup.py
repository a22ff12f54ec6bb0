#!/usr/bin/env python3
"""Back up the PostgreSQL database to a dated file, and restore one into a fresh database.

    make backup                  # = scripts/dbbackup.py backup: var/backups/madinati-<db>-<UTC time>.dump
    make restore FILE=<dump>     # = scripts/dbbackup.py restore <dump>: a NEW database, never over one

The database is ``DATABASE_URL`` (it must be PostgreSQL; name the primary directly, not
PgBouncer). A dump is ``pg_dump -Fc``: compressed, restorable table by table and in parallel.
A restore never touches the database the application uses: it creates a new one, restores into
it, checks that tables are there, and prints the new database's name to switch to
(docs/deploy.md, "Restore"). Only the PostgreSQL client tools are needed, not Django.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "var" / "backups"


class Failure(Exception):
    """A refusal or a failed tool: printed without a traceback, exit status 1."""


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise Failure("DATABASE_URL must name a PostgreSQL database (postgres://user@host:5432/name).")
    return url


def with_database(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(name), parts.query, ""))


def database_name(url: str) -> str:
    name = unquote(urlsplit(url).path.lstrip("/"))
    if not name:
        raise Failure("DATABASE_URL names no database.")
    return name


def tool(name: str) -> str:
    """A PostgreSQL client program: PG_BIN first (to match the server's major version), then PATH."""
    pg_bin = os.environ.get("PG_BIN")
    path = shutil.which(name, path=pg_bin) if pg_bin else shutil.which(name)
    if path is None:
        raise Failure(f"{name} not found: install postgresql-client (apt-get install postgresql-client).")
    return path


def run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise Failure(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def psql(url: str, sql: str) -> str:
    return run([tool("psql"), "--no-psqlrc", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]).strip()


def backup(directory: Path, keep_days: int | None) -> Path:
    url = database_url()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"madinati-{database_name(url)}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    # Written under another name and renamed when complete: a file named .dump is always whole.
    run([tool("pg_dump"), "--format=custom", "--compress=6", "--no-password", f"--file={partial}", f"--dbname={url}"])
    partial.rename(target)
    if keep_days is not None:
        prune(directory, keep_days)
    return target


def prune(directory: Path, keep_days: int) -> list[Path]:
    """Delete dumps older than ``keep_days``, always keeping the newest one."""
    cutoff = datetime.datetime.now(datetime.UTC).timestamp() - keep_days * 86400
    dumps = sorted(directory.glob("madinati-*.dump"), key=lambda p: p.stat().st_mtime)
    removed = [p for p in dumps[:-1] if p.stat().st_mtime < cutoff]
    for path in removed:
        path.unlink()
    return removed


def restore(dump: Path, name: str | None, jobs: int) -> str:
    """Restore ``dump`` into a new database on DATABASE_URL's server; its name."""
    url = database_url()
    if not dump.is_file():
        raise Failure(f"{dump}: no such file.")
    run([tool("pg_restore"), "--list", str(dump)])  # a damaged or foreign file stops here, before anything is created
    name = name or f"{database_name(url)}_restored_{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S}"
    # createdb refuses a name that exists: a restore only ever goes into a new database.
    run([tool("createdb"), "--no-password", f"--maintenance-db={with_database(url, 'postgres')}", name])
    target = with_database(url, name)
    # --no-owner: the restoring role owns everything, whoever owned it on the old server.
    run(
        [
            tool("pg_restore"),
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--jobs={jobs}",
            f"--dbname={target}",
            str(dump),
        ]
    )
    tables = psql(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    if int(tables or 0) == 0:
        raise Failure(f"restored {name!r} holds no table: is {dump} a Madinati dump?")
    psql(target, "ANALYZE")  # plan with statistics from the first query on
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="pg_dump -Fc into a dated file")
    make.add_argument("--dir", type=Path, default=Path(os.environ.get("BACKUP_DIR") or DEFAULT_DIR))
    make.add_argument("--keep-days", type=int, default=None, help="delete dumps older than this (keeps the newest)")
    back = commands.add_parser("restore", help="restore a dump into a new database")
    back.add_argument("file", type=Path)
    back.add_argument("--name", help="the new database's name (default: <db>_restored_<time>)")
    back.add_argument("--jobs", type=int, default=2, help="parallel restore jobs")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            print(backup(args.dir, args.keep_days))
        else:
            name = restore(args.file, args.name, args.jobs)
            print(f"Restored into the new database {name!r} on the same server. To serve it, point", file=sys.stderr)
            print(
                f"DATABASE_URL at {name!r}, reload the app servers and run manage.py dataversion --bump.",
                file=sys.stderr,
            )
            print(name)
    except Failure as failure:
        print(f"dbbackup: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
