"""``bench_scoring``'s synthetic programme, and PostgreSQL's own time for the same work (the floor).

The data set is deterministic for a given size, built with ``bulk_create`` far
from any real quarter (from the year 2100), and only ever removes what it wrote.
"""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction

from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from initiatives.models import Initiative, Participation
from programme.models import Axis, ReportingPeriod, Secretariat

PREFIX = "bench-"
FIRST_YEAR = 2100  # far from any real quarter, so the synthetic periods never collide with real ones
AXES = 5
INITIATIVES_PER_AXIS = 12
GROUPS = 3
BATCH = 5000


def has_other_data() -> bool:
    return (
        Secretariat.objects.exclude(code__startswith=PREFIX).exists()
        or Indicator.objects.exclude(code__startswith=PREFIX).exists()
        or ReportingPeriod.objects.filter(year__lt=FIRST_YEAR).exists()
    )


@transaction.atomic
def build(*, secretariats: int, indicators: int, quarters: int) -> dict[str, int]:
    clear()
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


def clear() -> None:
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


# PostgreSQL's own time for one quarter's weighted secretariat scores (DESIGN §4 rules 1–7), in one statement:
# carried progress (rule 2) with DISTINCT ON, the derived indicators (rule 4), achievements (rule 5) and the
# weighted mean (rule 7). What the scoring code is compared with: it cannot be faster than this.
FLOOR_SQL = """
WITH carried AS (
    SELECT DISTINCT ON (p.initiative_id, p.secretariat_id)
           p.initiative_id, p.secretariat_id, p.percent_complete
      FROM indicators_initiativeprogress p
     WHERE p.period_id <= %(period)s AND p.workflow_status = ANY(%(statuses)s)
     ORDER BY p.initiative_id, p.secretariat_id, p.period_id DESC
),
pairs AS (
    SELECT pa.secretariat_id AS sid, i.weight AS w, i.lead_secretariat_id = pa.secretariat_id AS led,
           COALESCE(c.percent_complete, 0) AS pc
      FROM initiatives_participation pa
      JOIN initiatives_initiative i ON i.id = pa.initiative_id
      LEFT JOIN carried c ON c.initiative_id = pa.initiative_id AND c.secretariat_id = pa.secretariat_id
),
derived AS (
    SELECT sid, SUM(pc * w) / NULLIF(SUM(w), 0) AS all_of,
           SUM(pc * w) FILTER (WHERE led) / NULLIF(SUM(w) FILTER (WHERE led), 0) AS led_by
      FROM pairs GROUP BY sid
),
figures AS (
    SELECT v.secretariat_id AS sid, v.indicator_id AS iid, v.value
      FROM indicators_indicatorvalue v
     WHERE v.period_id = %(period)s AND v.workflow_status = ANY(%(statuses)s)
    UNION ALL
    SELECT d.sid, ind.id, CASE ind.source WHEN 'initiatives_all' THEN d.all_of ELSE d.led_by END
      FROM derived d CROSS JOIN indicators_indicator ind WHERE ind.source <> 'manual'
),
achieved AS (
    SELECT f.sid, ind.weight AS w,
           LEAST(100, GREATEST(0, CASE WHEN ind.polarity = 'lower_better'
                THEN CASE WHEN f.value = 0 THEN 100 ELSE 100 * t.value / f.value END
                ELSE 100 * f.value / t.value END)) AS a
      FROM figures f
      JOIN indicators_indicator ind ON ind.id = f.iid
      JOIN indicators_target t ON t.indicator_id = f.iid AND t.secretariat_id = f.sid AND t.period_id = %(period)s
     WHERE t.value > 0 AND f.value IS NOT NULL
)
SELECT s.id, SUM(a.a * a.w) / NULLIF(SUM(a.w), 0) AS score
  FROM programme_secretariat s LEFT JOIN achieved a ON a.sid = s.id
 GROUP BY s.id
"""


def floor(*, period_id: int, statuses: tuple[str, ...]) -> int:
    """Run :data:`FLOOR_SQL` for one quarter; the number of secretariats scored (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"period": period_id, "statuses": list(statuses)})
        return len(cursor.fetchall())
