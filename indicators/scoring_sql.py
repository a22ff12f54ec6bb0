"""DESIGN §4 computed by PostgreSQL: one statement for every quarter of a scorecard or a trend.

:func:`indicators.scoring.compute_scorecards` takes this path on PostgreSQL and
the Python rules of :mod:`indicators.scoring` on SQLite; a property test
(``tests/indicators/test_scoring_sql_property.py``) holds the two to the same
figures on random programmes. The statement, for the quarters and the
secretariats asked for:

- rule 2: each (initiative, participant) pair's latest visible row at or before
  each quarter, by a ``LATERAL`` index probe (``progress_unique_…``), none → 0;
- rule 4: ``initiatives_all`` and ``initiatives_led`` as weighted means of those;
- rules 3, 5, 7: each indicator's value (a manual one at the quarter only), its
  target, its achievement (clipped) and the secretariat's weighted score;
- rule 8: ``rank()`` within the group, over the non-null scores only;
- rule 9: axis progress per secretariat and overall.

Divisions run at 30 decimal places (``numeric(70, 40)``), finer than Python's
28 significant digits, so the two paths agree wherever a figure is shown.

Python only shapes the rows. A secretariat's values and targets arrive as one
text, split the first time a page reads them; the achievement and status of a
cell are then worked out by the same functions as on SQLite, for the cells read
only. A trend of 100 secretariats × 50 indicators × 8 quarters is 800 rows and
8 texts of pair progress, not 40,000 objects to build and to pickle into the
cache.
"""

from django.db import connection

from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from initiatives.models import Initiative, Participation
from programme.models import Secretariat

TABLES = {
    "secretariat": Secretariat._meta.db_table,
    "participation": Participation._meta.db_table,
    "initiative": Initiative._meta.db_table,
    "progress": InitiativeProgress._meta.db_table,
    "indicator": Indicator._meta.db_table,
    "value": IndicatorValue._meta.db_table,
    "target": Target._meta.db_table,
}

# Row kinds of the one statement: a secretariat in a quarter, an axis in a quarter, the quarter itself.
SECRETARIAT, AXIS, QUARTER = "S", "A", "Q"

# Rule 2: every (initiative, participant) pair in scope at every quarter asked for, with its carried row.
_PAIRS = """
pairs AS MATERIALIZED (
    SELECT per.period_id, pa.secretariat_id AS sid, i.code AS icode, i.axis_id, i.weight AS w,
           i.lead_secretariat_id = pa.secretariat_id AS led,
           COALESCE(c.percent_complete, 0) AS pc, COALESCE(c.is_demo, false) AS demo
      FROM unnest(%(periods)s::int[]) AS per (period_id)
     CROSS JOIN {participation} pa
      JOIN {initiative} i ON i.id = pa.initiative_id
      LEFT JOIN LATERAL (
            SELECT p.percent_complete, p.is_demo
              FROM {progress} p
             WHERE p.initiative_id = pa.initiative_id AND p.secretariat_id = pa.secretariat_id
               AND p.period_id <= per.period_id AND p.workflow_status = ANY(%(statuses)s)
             ORDER BY p.period_id DESC
             LIMIT 1
      ) c ON true
     WHERE pa.secretariat_id = ANY(%(secretariats)s)
)
"""
# Rule 9 for each secretariat on each axis.
_PER_AXIS = """
per_axis AS MATERIALIZED (
    SELECT period_id, sid, axis_id, trim_scale(SUM(pc * w)::numeric(70, 40) / NULLIF(SUM(w), 0)) AS progress
      FROM pairs GROUP BY period_id, sid, axis_id
)
"""
# An axis in a quarter: its overall progress and each participant's.
_AXIS_ROWS = """
SELECT 'A', overall.period_id, overall.axis_id, overall.progress, NULL, NULL, NULL, members.progress, NULL
  FROM (SELECT period_id, axis_id, trim_scale(SUM(pc * w)::numeric(70, 40) / NULLIF(SUM(w), 0)) AS progress
          FROM pairs GROUP BY period_id, axis_id) overall
  JOIN (SELECT period_id, axis_id, string_agg(sid || ':' || COALESCE(progress::text, ''), ';') AS progress
          FROM per_axis GROUP BY period_id, axis_id) members
       ON members.period_id = overall.period_id AND members.axis_id = overall.axis_id
"""
# The scoring of the quarters: derived indicators, cells, achievements and scores (rules 3 to 7).
_SCORED = """
derived AS MATERIALIZED (
    SELECT period_id, sid,
           trim_scale(SUM(pc * w)::numeric(70, 40) / NULLIF(SUM(w), 0)) AS all_of,
           trim_scale((SUM(pc * w) FILTER (WHERE led))::numeric(70, 40) / NULLIF(SUM(w) FILTER (WHERE led), 0)) AS led_by
      FROM pairs GROUP BY period_id, sid
),
figures AS MATERIALIZED (
    SELECT period_id, sid, iid, v.value, t.value AS target, COALESCE(v.is_demo OR t.is_demo, v.is_demo, t.is_demo) AS demo
      FROM (SELECT period_id, secretariat_id AS sid, indicator_id AS iid, value, is_demo
              FROM {value}
             WHERE period_id = ANY(%(periods)s) AND secretariat_id = ANY(%(secretariats)s)
               AND workflow_status = ANY(%(statuses)s) AND indicator_id = ANY(%(manual)s)) v
      FULL JOIN (SELECT period_id, secretariat_id AS sid, indicator_id AS iid, value, is_demo
                   FROM {target}
                  WHERE period_id = ANY(%(periods)s) AND secretariat_id = ANY(%(secretariats)s)
                    AND indicator_id = ANY(%(manual)s)) t
           USING (period_id, sid, iid)
),
cells AS (
    SELECT f.period_id, f.sid, f.iid, f.value, f.target, f.demo FROM figures f
    UNION ALL
    SELECT d.period_id, d.sid, ind.id, CASE WHEN ind.id = ANY(%(all_of)s) THEN d.all_of ELSE d.led_by END,
           t.value, t.is_demo
      FROM derived d
     CROSS JOIN unnest(%(derived)s::int[]) AS ind (id)
      LEFT JOIN (SELECT period_id, secretariat_id, indicator_id, value, is_demo
                   FROM {target}
                  WHERE period_id = ANY(%(periods)s) AND secretariat_id = ANY(%(secretariats)s)
                    AND indicator_id = ANY(%(derived)s)) t
             ON t.period_id = d.period_id AND t.secretariat_id = d.sid AND t.indicator_id = ind.id
),
achieved AS (
    SELECT c.period_id, c.sid, c.iid, c.value, c.target, c.demo, ind.weight,
           CASE WHEN c.value IS NULL OR c.target IS NULL OR c.target <= 0 THEN NULL
                WHEN ind.polarity = 'lower_better' THEN
                     CASE WHEN c.value = 0 THEN 100
                          ELSE LEAST(100, GREATEST(0, 100 * c.target::numeric(70, 40) / c.value)) END
                ELSE LEAST(100, GREATEST(0, 100 * c.value::numeric(70, 40) / c.target)) END AS a
      FROM cells c JOIN {indicator} ind ON ind.id = c.iid
),
scored AS (
    SELECT period_id, sid,
           trim_scale(SUM(a * weight)::numeric(70, 40) / NULLIF(SUM(weight) FILTER (WHERE a IS NOT NULL), 0)) AS score,
           string_agg(iid || ':' || COALESCE(value::text, '') || ':' || COALESCE(target::text, ''), ';') AS cells,
           bool_or(demo) AS demo
      FROM achieved GROUP BY period_id, sid
),
"""
# A secretariat in a quarter: its score, its rank in its group (rule 8), its progress, cells and axes.
_SECRETARIAT_ROWS = """
axes_of AS (
    SELECT period_id, sid, string_agg(axis_id || ':' || COALESCE(progress::text, ''), ';') AS axes
      FROM per_axis GROUP BY period_id, sid
)
SELECT 'S', k.period_id, k.sid, s.score,
       CASE WHEN s.score IS NOT NULL
            THEN rank() OVER (PARTITION BY k.period_id, sec."group", s.score IS NULL ORDER BY s.score DESC) END,
       d.all_of, s.cells, ax.axes, NULL::boolean
  FROM (SELECT period_id, sid FROM scored UNION SELECT period_id, sid FROM derived) k
  JOIN {secretariat} sec ON sec.id = k.sid
  LEFT JOIN scored s ON s.period_id = k.period_id AND s.sid = k.sid
  LEFT JOIN derived d ON d.period_id = k.period_id AND d.sid = k.sid
  LEFT JOIN axes_of ax ON ax.period_id = k.period_id AND ax.sid = k.sid
"""
# The quarter: its overall progress (rule 9 over every pair), the pairs' progress and its demo flag.
_QUARTER_ROWS = """
SELECT 'Q', per.period_id, NULL, pj.overall, NULL, NULL, pj.progress, NULL,
       COALESCE(pj.demo, false) OR COALESCE(fd.demo, false) OR EXISTS (
           -- a stored value of a derived indicator is never shown, but its demo flag counts as in Python
           SELECT 1 FROM {value} v
            WHERE v.period_id = per.period_id AND v.is_demo AND v.indicator_id = ANY(%(derived)s)
              AND v.secretariat_id = ANY(%(secretariats)s) AND v.workflow_status = ANY(%(statuses)s))
  FROM unnest(%(periods)s::int[]) AS per (period_id)
  LEFT JOIN (SELECT period_id, string_agg(icode || '|' || sid || ':' || pc, ';') AS progress, bool_or(demo) AS demo,
                    trim_scale(SUM(pc * w)::numeric(70, 40) / NULLIF(SUM(w), 0)) AS overall
               FROM pairs GROUP BY period_id) pj ON pj.period_id = per.period_id
  LEFT JOIN (SELECT period_id, bool_or(demo) AS demo FROM scored GROUP BY period_id) fd
         ON fd.period_id = per.period_id
"""
_QUARTER_PROGRESS_ROWS = """
SELECT 'Q', per.period_id, NULL, pj.overall, NULL, NULL, pj.progress, NULL, COALESCE(pj.demo, false)
  FROM unnest(%(periods)s::int[]) AS per (period_id)
  LEFT JOIN (SELECT period_id, string_agg(icode || '|' || sid || ':' || pc, ';') AS progress, bool_or(demo) AS demo,
                    trim_scale(SUM(pc * w)::numeric(70, 40) / NULLIF(SUM(w), 0)) AS overall
               FROM pairs GROUP BY period_id) pj ON pj.period_id = per.period_id
"""
_STATEMENT = "".join(
    (
        "WITH",
        _PAIRS,
        ",",
        _SCORED,
        _PER_AXIS,
        ",",
        _SECRETARIAT_ROWS,
        "UNION ALL",
        _AXIS_ROWS,
        "UNION ALL",
        _QUARTER_ROWS,
    )
)
SCORECARDS_SQL = _STATEMENT.format(**TABLES)  # the models' own table names, nothing from a request

# The progress of the quarters alone (rules 2 and 9): what a trend of progress reads of the quarters before
# the selected one, without scoring them. The same pieces, so the same figures.
_PROGRESS = "".join(
    ("WITH", _PAIRS, ",", _PER_AXIS, "SELECT * FROM (", _AXIS_ROWS, "UNION ALL", _QUARTER_PROGRESS_ROWS, ") progress")
)
PROGRESS_SQL = _PROGRESS.format(**TABLES)


def scorecard_rows(
    *, period_ids: list[int], secretariat_ids: list[int], indicators: list[Indicator], statuses: tuple[str, ...]
) -> list[tuple]:
    """The statement's rows, one query: ``(kind, period id, key, number, rank, progress, text, text, demo)``.

    - ``S``: a secretariat in a quarter (key: its id): score, rank, ``initiatives_all`` progress, its cells
      ``"indicator id:value:target;…"`` and its axes ``"axis id:progress;…"`` (an empty field is null);
    - ``A``: an axis in a quarter (key: its id): its overall progress, and its participants'
      ``"secretariat id:progress;…"``;
    - ``Q``: the quarter: the overall progress of its pairs, their progress
      ``"initiative code|secretariat id:percent;…"`` and its demo flag.

    A secretariat without any figure, target or initiative in a quarter has no ``S`` row.
    """
    params = {
        "periods": list(period_ids),
        "secretariats": list(secretariat_ids),
        "statuses": list(statuses),
        "manual": [i.pk for i in indicators if i.source == Source.MANUAL],
        "derived": [i.pk for i in indicators if i.source != Source.MANUAL],
        "all_of": [i.pk for i in indicators if i.source == Source.INITIATIVES_ALL],
    }
    with connection.cursor() as cursor:
        cursor.execute(SCORECARDS_SQL, params)
        return cursor.fetchall()


def progress_rows(*, period_ids: list[int], secretariat_ids: list[int], statuses: tuple[str, ...]) -> list[tuple]:
    """:data:`PROGRESS_SQL`'s rows, one query: the ``A`` and ``Q`` rows of :func:`scorecard_rows`."""
    params = {"periods": list(period_ids), "secretariats": list(secretariat_ids), "statuses": list(statuses)}
    with connection.cursor() as cursor:
        cursor.execute(PROGRESS_SQL, params)
        return cursor.fetchall()
