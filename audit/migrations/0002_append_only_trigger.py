"""On PostgreSQL, the audit table refuses UPDATE and DELETE from anyone, the application included.

The one exception is the retention purge (audit.services.purge): it sets ``audit.purge_before`` for its
own transaction, and only rows strictly older than that instant may go. The purge never sets it later
than ``AUDIT_RETENTION_DAYS`` ago. TRUNCATE is left to the table's owner (test databases are emptied so).
Other databases (SQLite, for development) rely on the model's own refusal.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
DECLARE
    purge_before text := current_setting('audit.purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND purge_before IS NOT NULL AND purge_before <> ''
       AND OLD.at < purge_before::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_append_only
BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the PL/pgSQL body has a literal %


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
