"""The one line a server prints as it starts: which database it is about to use.

A newcomer who set ``DATABASE_URL`` in one shell and started the server in another sees at once
whether it is the SQLite file or PostgreSQL, and which. Never the password.
"""

import os
import sys


def database_line(databases: dict) -> str:
    """``madinati: database PostgreSQL "madinati" on 127.0.0.1:5432 as postgres, 1 read replica``."""
    default = databases["default"]
    engine = default.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        where = f"SQLite file {default.get('NAME')}"
    else:
        vendor = "PostgreSQL" if "postgresql" in engine else engine.rsplit(".", 1)[-1]
        host = default.get("HOST") or "the local socket"
        port = f":{default['PORT']}" if default.get("PORT") else ""
        user = f" as {default['USER']}" if default.get("USER") else ""
        where = f'{vendor} "{default.get("NAME")}" on {host}{port}{user}'
    replicas = sum(1 for alias in databases if alias != "default")
    if replicas:
        where += f", {replicas} read replica{'s' if replicas > 1 else ''}"
    return f"madinati: database {where}"


def is_runserver(argv: list[str], environ=os.environ) -> bool:
    """The serving process of ``manage.py runserver``: the reloader's child, or the only one with --noreload."""
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def announce(databases: dict, *, stream=None) -> None:
    print(database_line(databases), file=stream or sys.stderr, flush=True)
