"""A snapshot never changes, whoever asks: the database itself refuses.

PostgreSQL (production): a row trigger refuses UPDATE and DELETE on the snapshot table, so neither
the ORM, the admin nor a hand-typed ``psql`` statement can rewrite what a meeting saw. TRUNCATE
(used only by the test suite's flush between transactional tests) fires no row trigger.

SQLite (the embedded default): a trigger refuses UPDATE. DELETE is left to the model and its
queryset, because Django's test flush empties SQLite tables with DELETE.
"""

from django.db import migrations

POSTGRESQL_UP = """
CREATE OR REPLACE FUNCTION meetings_snapshot_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a snapshot never changes: % on meetings_snapshot is refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS meetings_snapshot_immutable ON meetings_snapshot;
CREATE TRIGGER meetings_snapshot_immutable
    BEFORE UPDATE OR DELETE ON meetings_snapshot
    FOR EACH ROW EXECUTE FUNCTION meetings_snapshot_immutable();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS meetings_snapshot_immutable ON meetings_snapshot;
DROP FUNCTION IF EXISTS meetings_snapshot_immutable();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS meetings_snapshot_no_update BEFORE UPDATE ON meetings_snapshot
BEGIN
    SELECT RAISE(ABORT, 'a snapshot never changes: UPDATE on meetings_snapshot is refused');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS meetings_snapshot_no_update;"


def _run(schema_editor, sql_by_vendor: dict[str, str]) -> None:
    sql = sql_by_vendor.get(schema_editor.connection.vendor)
    if sql:
        # No parameters, so the % of the error message reaches PostgreSQL untouched.
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP})


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
