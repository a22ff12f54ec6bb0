"""Print, as one line of JSON, what a restore must reproduce: each table's row count and every scorecard.

    DATABASE_URL=postgres://.../name python -m tests.ops.drill_digest

Run once on the original and once on the restored database; the two lines must be equal.
"""

import dataclasses
import json
import os
import sys
from collections.abc import Mapping
from decimal import Decimal


def canonical(obj):
    """A plain, ordered structure for any scorecard, whatever its classes: rows by (model, pk), numbers as text."""
    from django.db import models

    if isinstance(obj, models.Model):
        return [obj._meta.label, obj.pk]
    if dataclasses.is_dataclass(obj):
        return {f.name: canonical(getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.name.startswith("_")}
    if isinstance(obj, Mapping):  # the PostgreSQL scorecard's lazy mappings among them
        return sorted(([canonical(k), canonical(v)] for k, v in obj.items()), key=repr)
    if isinstance(obj, list | tuple | set | frozenset):
        items = [canonical(x) for x in obj]
        return sorted(items, key=repr) if isinstance(obj, set | frozenset) else items
    if isinstance(obj, Decimal):
        return str(obj)
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    return repr(obj)


def digest() -> dict:
    from django.db import connection

    from indicators.scoring import scorecard
    from programme.models import ReportingPeriod, Secretariat

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  names from the catalogue
            counts[table] = cursor.fetchone()[0]
    groups = [None, *sorted(set(Secretariat.objects.values_list("group", flat=True)))]
    cards = {
        f"{period.key}/group={group}": canonical(scorecard(period=period, group=group))
        for period in ReportingPeriod.objects.order_by("id")
        for group in groups
    }
    return {"tables": counts, "scorecards": cards}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    print(json.dumps(digest(), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
