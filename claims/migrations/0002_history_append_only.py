"""History rows are append-only in the database too: on PostgreSQL a trigger rejects any
UPDATE of claim and quote events, and any DELETE of claim events."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION onrecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGERS = [
    ("claims_claimevent", "UPDATE OR DELETE"),
    ("claims_quoteevent", "UPDATE"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, operations in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE {operations} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION onrecord_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _ in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS onrecord_append_only()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
