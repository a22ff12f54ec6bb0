"""Time the scoring, the pages, the API and the export on a synthetic programme of a chosen size.

    python manage.py bench_scoring --secretariats 300 --indicators 50 --quarters 40 --json

Builds the data set with ``bulk_create`` in the current database (meant for a
scratch database: it refuses to write next to real data unless ``--yes``),
then prints the median of each figure over ``--runs``. On PostgreSQL each
figure is timed right after the floor (:data:`demo.bench_data.FLOOR_SQL`,
PostgreSQL's own time for one quarter's weighted scores), so the ratios
survive a noisy machine. With ``--json`` the last line is one JSON object:
``scorecard_ms``, ``scorecard_group_ms``, ``trend_ms``, ``pages_ms``,
``api_ms``, ``export_rows_per_s``, ``export_peak_rss_mb``, ``floor_ms``,
``values`` (and ``ratios``, each median over ``floor_ms``; ``pages_cached_ms``, the
same pages again under the same data version; ``pages_all_groups_ms`` and
``pages_all_groups_cached_ms``, the default views of every group at once). The scorecards are timed
without the cache, the pages and the API after a new data version (cold).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from accounts.models import Role, User
from dashboards import selectors
from demo import bench_data
from demo.bench_data import FIRST_YEAR, PREFIX
from indicators.models import Indicator, IndicatorValue
from indicators.scoring import compute_scorecards, visible_statuses
from initiatives.models import Initiative
from madinati import dataversion
from programme.models import Axis, Secretariat

VIEWER = "bench-viewer"
ADMIN = "bench-admin"


class Command(BaseCommand):
    help = "Build a synthetic programme with bulk_create and print median timings of the scoring, pages and API."

    def add_arguments(self, parser):
        parser.add_argument("--secretariats", type=int, default=300)
        parser.add_argument("--indicators", type=int, default=50)
        parser.add_argument("--quarters", type=int, default=40)
        parser.add_argument("--runs", type=int, default=5, help="timed runs per figure; the median is printed")
        parser.add_argument(
            "--no-build",
            action="store_true",
            help="time the synthetic programme a previous run left in the database instead of building a new one",
        )
        parser.add_argument(
            "--yes", action="store_true", help="write even though the database holds other data (scratch databases)"
        )
        parser.add_argument("--json", action="store_true", help="print the figures as one JSON object, last line")
        # Internal: the export is timed in a fresh process of its own, so its peak RSS is the export's alone.
        parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, secretariats, indicators, quarters, runs, yes, no_build, json, export_only, **options):
        if export_only:
            with _settings():
                rows, seconds, peak = _export(_client(ADMIN, Role.ADMIN))
            self.stdout.write(f"{rows} {seconds} {max(peak, _max_rss_mb())}")
            return
        if min(secretariats, indicators, quarters, runs) < 1:
            raise CommandError("--secretariats, --indicators, --quarters and --runs must be at least 1.")
        if no_build:
            if not Secretariat.objects.filter(code__startswith=PREFIX).exists():
                raise CommandError("There is no synthetic programme to time: run without --no-build first.")
        else:
            if not yes and bench_data.has_other_data():
                raise CommandError(
                    "This database holds data that bench_scoring did not write. It is meant for a scratch database: "
                    "run it against an empty one, or pass --yes to add the synthetic programme anyway."
                )
            started = time.perf_counter()
            counts = bench_data.build(secretariats=secretariats, indicators=indicators, quarters=quarters)
            if connection.vendor == "postgresql":
                # Fresh bulk inserts have no planner statistics yet (autovacuum comes later): without them
                # PostgreSQL picks poor plans and the timings measure that, not the code.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            self.stdout.write(
                f"built in {(time.perf_counter() - started):.1f} s: "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
            )
        figures = self._time_all(runs=runs)
        if json:
            self.stdout.write(_json(figures))

    # --- timings --------------------------------------------------------------------------------------

    def _time_all(self, *, runs: int) -> dict:
        filters = selectors.filter_options()
        periods = [p for p in filters.periods if p.year >= FIRST_YEAR]
        period = periods[-1]
        window = selectors.trend_window(periods, period)
        secretariat = Secretariat.objects.filter(code__startswith=PREFIX).order_by("code").first()
        group = secretariat.group
        axis = Axis.objects.filter(code__startswith="Z").order_by("code").first()
        initiative = Initiative.objects.filter(code__startswith=PREFIX).order_by("code").first()
        indicator = Indicator.objects.filter(code__startswith=PREFIX).order_by("sort_order").first()
        in_group = Secretariat.objects.filter(group=group).count()
        values = IndicatorValue.objects.filter(indicator__code__startswith=PREFIX).count()
        self.stdout.write(
            f"last quarter {period.key}; group {group} has {in_group} secretariats; trend window {len(window)} quarters"
        )
        viewer, admin = _client(VIEWER, Role.VIEWER), _client(ADMIN, Role.ADMIN)
        query = f"?period={period.key}&group={group}"
        figures = {
            # The scoring itself, never from the cache.
            "scorecard() one quarter, all groups": lambda: compute_scorecards(periods=[period]),
            f"scorecard() one quarter, group {group}": lambda: compute_scorecards(periods=[period], group=group),
            f"scorecards() trend of {len(window)} quarters, group {group}": lambda: compute_scorecards(
                periods=window, group=group
            ),
        }
        pages = {
            "overview": f"/{query}",
            "secretariat": f"/secretariats/{secretariat.code}/{query}",
            "axis": f"/axes/{axis.code}/{query}",
            "initiative": f"/initiatives/{initiative.code}/{query}",
            "indicator": f"/indicators/{indicator.code}/{query}",
            "review_pack": f"/review-pack/{query}",
        }
        # The default views: every group at once (a secretariat's page is its own group's either way).
        every_group = {
            "overview": f"/?period={period.key}",
            "axis": f"/axes/{axis.code}/?period={period.key}",
            "initiative": f"/initiatives/{initiative.code}/?period={period.key}",
            "indicator": f"/indicators/{indicator.code}/?period={period.key}",
        }
        for scope, urls in (("group", pages), ("all groups", every_group)):
            for name, url in urls.items():
                figures[_page_label(name, scope)] = _get(viewer, url, cold=True)
                figures[_page_label(name, scope, cached=True)] = _get(viewer, url)
        api = {
            "summary/secretariats": f"/api/v1/summary/secretariats/{query}",
            "summary/axes": f"/api/v1/summary/axes/{query}",
            "values": f"/api/v1/values/?period={period.key}",
            "progress": f"/api/v1/progress/?period={period.key}",
        }
        for name, url in api.items():
            figures[f"API: {name}"] = _get(viewer, url, cold=True)
        on_postgresql = connection.vendor == "postgresql"
        statuses = visible_statuses(False)
        floors, timings = [], {label: [] for label in figures}
        export_rates, export_rss, export_where = [], [], set()
        with _settings():
            for _run in range(runs):
                for label, fn in figures.items():
                    if on_postgresql:
                        floors.append(_ms(lambda: bench_data.floor(period_id=period.pk, statuses=statuses)))
                    timings[label].append(_ms(fn))
                # Inside a transaction (the test suite's) a second process would not see the rows.
                own_process = on_postgresql and not connection.in_atomic_block
                rows, seconds, peak = _export_in_own_process() if own_process else _export(admin)
                export_where.add("a process of its own" if own_process else "this process")
                export_rates.append(rows / seconds if rows else 0.0)
                export_rss.append(peak)
        medians = {label: statistics.median(ms) for label, ms in timings.items()}
        for label, median in medians.items():
            self.stdout.write(f"{label}: median {median:.1f} ms over {runs} runs")
        floor_ms = statistics.median(floors) if floors else None
        if floor_ms is not None:
            self.stdout.write(f"floor (PostgreSQL, one statement): median {floor_ms:.1f} ms over {len(floors)} runs")
        self.stdout.write(
            f"export values.csv: median {statistics.median(export_rates):,.0f} rows/s, "
            f"peak RSS {max(export_rss):.0f} MB (in {', '.join(sorted(export_where))})"
        )
        labels = list(medians)
        return {
            "scorecard_ms": medians[labels[0]],
            "scorecard_group_ms": medians[labels[1]],
            "trend_ms": medians[labels[2]],
            "pages_ms": _pages(medians, pages, "group"),
            "pages_cached_ms": _pages(medians, pages, "group", cached=True),
            "pages_all_groups_ms": _pages(medians, every_group, "all groups"),
            "pages_all_groups_cached_ms": _pages(medians, every_group, "all groups", cached=True),
            "api_ms": {name: medians[f"API: {name}"] for name in api},
            "export_rows_per_s": statistics.median(export_rates),
            "export_peak_rss_mb": max(export_rss),
            "floor_ms": floor_ms,
            "values": values,
        }


def _page_label(name: str, scope: str, *, cached: bool = False) -> str:
    return f"whole page {'from the cache ' if cached else ''}(Arabic): {name} ({scope})"


def _pages(medians: dict, urls: dict, scope: str, *, cached: bool = False) -> dict:
    return {name: medians[_page_label(name, scope, cached=cached)] for name in urls}


def _ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _client(username: str, role: str) -> Client:
    user, _created = User.objects.get_or_create(username=username, defaults={"role": role})
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return client


def _get(client: Client, url: str, *, cold: bool = False):
    """A whole request; ``cold``: after a new data version, so nothing comes from the cache (bumping is one
    cache increment, inside the timing)."""

    def fetch():
        if cold:
            dataversion.bump()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            len(response.content)

    return fetch


def _settings():
    """Plain static URLs (the timings must not depend on collectstatic) and no throttle on the bench's own users."""
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(
        STORAGES=storages, REST_FRAMEWORK=rest, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    )


def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _export(client: Client) -> tuple[int, float, float]:
    """Stream every value as CSV; (rows, seconds, peak resident memory of this process in MB while streaming)."""
    peak = [_rss_mb()]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    response = client.get("/api/v1/values/export.csv")
    assert response.status_code == 200, response.status_code
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return max(lines - 1, 0), seconds, max(peak[0], _rss_mb())


def _max_rss_mb() -> float:
    """This process's own peak (VmHWM). Not ``getrusage``'s ``ru_maxrss``: Linux carries it across fork and
    exec, so a child started by the bench would report the bench's own size as its peak."""
    return _rss_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export_in_own_process() -> tuple[int, float, float]:
    """The export in a fresh ``manage.py`` against the same database (committed rows only)."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_scoring", "--export-only"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    rows, seconds, peak = done.stdout.split()[-3:]
    return int(rows), float(seconds), float(peak)


def _json(figures: dict) -> str:
    floor_ms = figures["floor_ms"]

    def ratio(ms):
        return round(ms / floor_ms, 2) if floor_ms else None

    def rounded(value):
        return {k: rounded(v) for k, v in value.items()} if isinstance(value, dict) else round(value, 1)

    out = {key: value if value is None or key == "values" else rounded(value) for key, value in figures.items()}
    out["ratios"] = {
        "scorecard": ratio(figures["scorecard_ms"]),
        "scorecard_group": ratio(figures["scorecard_group_ms"]),
        "trend": ratio(figures["trend_ms"]),
    }
    return json.dumps(out)
