"""Time the scoring and the dashboards' reads on a synthetic programme of a chosen size.

    python manage.py bench_scoring --secretariats 300 --indicators 50 --quarters 40

Builds the data set with ``bulk_create`` in the current database (meant for a
scratch database: it refuses to write next to real data unless ``--yes``),
then prints the median time of ``scorecard()`` for the last quarter and of
each page's reads. A quarter's cost must not grow with the number of quarters
behind it: compare ``--quarters 4`` with ``--quarters 40``.
"""

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import override_settings
from django.utils import translation

from accounts.models import Role, User
from dashboards import selectors, views
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from indicators.scoring import scorecard, scorecards
from initiatives.models import Initiative, Participation
from programme.models import Axis, ReportingPeriod, Secretariat

PREFIX = "bench-"
FIRST_YEAR = 2100  # far from any real quarter, so the synthetic periods never collide with real ones
AXES = 5
INITIATIVES_PER_AXIS = 12
GROUPS = 3
BATCH = 5000


class Command(BaseCommand):
    help = "Build a synthetic programme with bulk_create and print median timings of the scoring and page reads."

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

    def handle(self, *args, secretariats, indicators, quarters, runs, yes, no_build, **options):
        if min(secretariats, indicators, quarters, runs) < 1:
            raise CommandError("--secretariats, --indicators, --quarters and --runs must be at least 1.")
        if no_build:
            if not Secretariat.objects.filter(code__startswith=PREFIX).exists():
                raise CommandError("There is no synthetic programme to time: run without --no-build first.")
            self._time_all(runs=runs)
            return
        if not yes and self._has_other_data():
            raise CommandError(
                "This database holds data that bench_scoring did not write. It is meant for a scratch database: "
                "run it against an empty one, or pass --yes to add the synthetic programme anyway."
            )
        started = time.perf_counter()
        counts = self._build(secretariats=secretariats, indicators=indicators, quarters=quarters)
        # Fresh bulk inserts have no planner statistics yet (autovacuum comes later): without them PostgreSQL
        # picks poor plans and the timings measure that, not the code.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"built in {(time.perf_counter() - started):.1f} s: "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
        )
        self._time_all(runs=runs)

    # --- data -----------------------------------------------------------------------------------------

    def _has_other_data(self) -> bool:
        return (
            Secretariat.objects.exclude(code__startswith=PREFIX).exists()
            or Indicator.objects.exclude(code__startswith=PREFIX).exists()
            or ReportingPeriod.objects.filter(year__lt=FIRST_YEAR).exists()
        )

    @transaction.atomic
    def _build(self, *, secretariats: int, indicators: int, quarters: int) -> dict[str, int]:
        self._clear()
        rng = random.Random(f"bench:{secretariats}:{indicators}:{quarters}")  # deterministic figures
        periods = []
        for n in range(quarters):
            year, quarter = FIRST_YEAR + n // 4, n % 4 + 1
            opens = datetime.date(year, 3 * quarter - 2, 1)
            periods.append(
                ReportingPeriod(
                    id=ReportingPeriod.ordinal(year, quarter),
                    year=year,
                    quarter=quarter,
                    opens_on=opens,
                    closes_on=opens + datetime.timedelta(days=120),
                )
            )
        ReportingPeriod.objects.bulk_create(periods)
        Secretariat.objects.bulk_create(
            Secretariat(
                code=f"{PREFIX}{i:04d}",
                name_ar=f"أمانة تجريبية {i}",
                name_en=f"Bench secretariat {i}",
                group=i % GROUPS + 1,
            )
            for i in range(secretariats)
        )
        secs = list(Secretariat.objects.filter(code__startswith=PREFIX).order_by("code"))
        sources = [Source.INITIATIVES_ALL, Source.INITIATIVES_LED] if indicators >= 3 else []
        sources += [Source.MANUAL] * (indicators - len(sources))
        Indicator.objects.bulk_create(
            Indicator(
                code=f"{PREFIX}{j:03d}",
                name_ar=f"مؤشر تجريبي {j}",
                name_en=f"Bench indicator {j}",
                source=source,
                polarity="lower_better" if j % 5 == 4 else "higher_better",
                weight=Decimal(1 + j % 3),
                sort_order=j,
            )
            for j, source in enumerate(sources)
        )
        inds = list(Indicator.objects.filter(code__startswith=PREFIX).order_by("sort_order"))
        Axis.objects.bulk_create(
            Axis(code=f"Z{a}", name_ar=f"محور تجريبي {a}", name_en=f"Bench axis {a}") for a in range(AXES)
        )
        axes = list(Axis.objects.filter(code__startswith="Z").order_by("code"))
        # Each initiative: a third of the secretariats, one of them leading.
        plans = []
        for k in range(AXES * INITIATIVES_PER_AXIS):
            members = [s for i, s in enumerate(secs) if (i + k) % 3 == 0] or secs[:1]
            plans.append((k, members))
        Initiative.objects.bulk_create(
            Initiative(
                code=f"{PREFIX}{k:03d}",
                name_ar=f"مبادرة تجريبية {k}",
                name_en=f"Bench initiative {k}",
                axis=axes[k % AXES],
                lead_secretariat=members[k % len(members)],
                weight=Decimal(1 + k % 2),
                target_quantity=Decimal(15),
            )
            for k, members in plans
        )
        inits = list(Initiative.objects.filter(code__startswith=PREFIX).order_by("code"))
        Participation.objects.bulk_create(
            (
                Participation(initiative=ini, secretariat=s)
                for ini, (_k, members) in zip(inits, plans, strict=True)
                for s in members
            ),
            batch_size=BATCH,
        )
        Target.objects.bulk_create(
            (
                Target(indicator=ind, secretariat=s, period=p, value=Decimal(50 + (j * 7 + n) % 50))
                for p in periods
                for n, s in enumerate(secs)
                for j, ind in enumerate(inds)
            ),
            batch_size=BATCH,
        )
        statuses = [WorkflowStatus.APPROVED] * 6 + [WorkflowStatus.SUBMITTED, WorkflowStatus.DRAFT]
        manual = [ind for ind in inds if ind.source == Source.MANUAL]
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    indicator=ind,
                    secretariat=s,
                    period=p,
                    value=Decimal(rng.randint(20, 110)),
                    workflow_status=rng.choice(statuses),
                )
                for p in periods
                for s in secs
                for ind in manual
            ),
            batch_size=BATCH,
        )
        progress = []
        for ini, (_k, members) in zip(inits, plans, strict=True):
            for s in members:
                percent = 0
                for p in periods:
                    percent = min(100, percent + rng.randint(0, 6))
                    if rng.random() < 0.2:  # a quarter with no report: carried forward
                        continue
                    progress.append(
                        InitiativeProgress(
                            initiative=ini,
                            secretariat=s,
                            period=p,
                            percent_complete=Decimal(percent),
                            quantity_achieved=Decimal(15 * percent // 100),
                            narrative="",
                            workflow_status=rng.choice(statuses),
                        )
                    )
        InitiativeProgress.objects.bulk_create(progress, batch_size=BATCH)
        return {
            "secretariats": len(secs),
            "indicators": len(inds),
            "quarters": len(periods),
            "initiatives": len(inits),
            "participations": Participation.objects.filter(initiative__code__startswith=PREFIX).count(),
            "targets": Target.objects.filter(indicator__code__startswith=PREFIX).count(),
            "values": IndicatorValue.objects.filter(indicator__code__startswith=PREFIX).count(),
            "progress rows": len(progress),
        }

    def _clear(self) -> None:
        """Remove a previous run's synthetic programme (and only that)."""
        InitiativeProgress.objects.filter(initiative__code__startswith=PREFIX).delete()
        IndicatorValue.objects.filter(indicator__code__startswith=PREFIX).delete()
        Target.objects.filter(indicator__code__startswith=PREFIX).delete()
        Participation.objects.filter(initiative__code__startswith=PREFIX).delete()
        Initiative.objects.filter(code__startswith=PREFIX).delete()
        Axis.objects.filter(code__startswith="Z", name_en__startswith="Bench axis").delete()
        Indicator.objects.filter(code__startswith=PREFIX).delete()
        Secretariat.objects.filter(code__startswith=PREFIX).delete()
        ReportingPeriod.objects.filter(year__gte=FIRST_YEAR).delete()

    # --- timings --------------------------------------------------------------------------------------

    def _time(self, label: str, runs: int, fn) -> None:
        timings = []
        for _run in range(runs):
            started = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - started) * 1000)
        self.stdout.write(f"{label}: median {statistics.median(timings):.1f} ms over {runs} runs")

    def _time_all(self, *, runs: int) -> None:
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
        self.stdout.write(
            f"last quarter {period.key}; group {group} has {in_group} secretariats; trend window {len(window)} quarters"
        )

        self._time("scorecard() one quarter, all groups", runs, lambda: scorecard(period=period))
        self._time(f"scorecard() one quarter, group {group}", runs, lambda: scorecard(period=period, group=group))

        def overview():
            cards = scorecards(periods=window, group=group)
            weights = selectors.initiative_weights()
            [selectors.programme_progress(cards[p.pk], weights) for p in window]
            selectors.awaiting_review(period=period, group=group)

        def secretariat_page():
            scorecards(periods=window, group=secretariat.group)
            selectors.secretariat_initiatives(secretariat)

        def axis_page():
            scorecard(period=period, group=group)
            selectors.axis_initiatives(axis)

        def initiative_page():
            scorecards(periods=window, group=group)
            selectors.initiative_quantities(initiative=initiative, period=period, group=group)
            selectors.initiative_narratives(initiative=initiative, period=period, group=group)

        def indicator_page():
            scorecards(periods=window, group=group)

        self._time_pages(runs=runs, period=period, group=group, codes=(secretariat, axis, initiative, indicator))
        self._time("page reads: overview (group)", runs, overview)
        self._time("page reads: secretariat", runs, secretariat_page)
        self._time("page reads: axis (group)", runs, axis_page)
        self._time("page reads: initiative (group)", runs, initiative_page)
        self._time(f"page reads: indicator {indicator.code} (group)", runs, indicator_page)

    def _time_pages(self, *, runs: int, period, group: int, codes) -> None:
        """Whole pages as a viewer sees them (reads, figures, tables, templates), without the HTTP stack."""
        secretariat, axis, initiative, indicator = codes
        viewer = User(username="bench-viewer", role=Role.VIEWER)  # never saved
        query = {"period": period.key, "group": str(group)}
        pages = [
            ("overview", views.home, {}),
            ("secretariat", views.secretariat_detail, {"code": secretariat.code}),
            ("axis", views.axis_detail, {"code": axis.code}),
            ("initiative", views.initiative_detail, {"code": initiative.code}),
            ("indicator", views.indicator_detail, {"code": indicator.code}),
        ]
        factory = RequestFactory()
        # Plain static URLs: the timings must not depend on whether collectstatic ran on this machine.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with translation.override("ar"), override_settings(STORAGES=storages):
            for name, view, kwargs in pages:

                def render(view=view, kwargs=kwargs):
                    request = factory.get("/", query)
                    request.user = viewer
                    request.session = {}
                    request._messages = FallbackStorage(request)
                    response = view(request, **kwargs)
                    assert response.status_code == 200, response.status_code
                    len(response.content)

                self._time(f"whole page (Arabic): {name} (group)", runs, render)
