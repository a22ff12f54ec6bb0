"""What a scorecard costs in queries, by database: the query-count tests of every page and endpoint that
shows scores add these, so their counts hold on SQLite and on PostgreSQL alike.

Both start with the secretariats, the indicators and the axes. PostgreSQL then scores every quarter asked
for in one statement (indicators.scoring_sql). Elsewhere the rules run in Python over the quarter's values,
its targets and the carried progress (one query for one quarter, two for a trend of several).
"""

from django.db import connection

ON_POSTGRESQL = connection.vendor == "postgresql"

#: ``scorecard()``: one quarter.
SINGLE = 3 + 1 if ON_POSTGRESQL else 3 + 3
#: ``scorecards()``: a trend of several quarters.
WINDOW = 3 + 1 if ON_POSTGRESQL else 3 + 4
#: ``progress_trend()``: the progress of several quarters; on PostgreSQL the secretariats and axes, then one
#: statement; elsewhere the scorecards of the quarters.
PROGRESS = 2 + 1 if ON_POSTGRESQL else WINDOW
