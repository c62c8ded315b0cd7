"""History is kept whole: a quote or speaker with events can no longer be deleted (their
events' foreign keys protect them, as a claim's already did), and on PostgreSQL the trigger
refuses UPDATE and DELETE of claim, quote and speaker events alike (before, only UPDATE of
quote and speaker events)."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ["claims_claimevent", "claims_quoteevent", "claims_speakerevent"]
BEFORE = {
    "claims_claimevent": "UPDATE OR DELETE",
    "claims_quoteevent": "UPDATE",
    "claims_speakerevent": "UPDATE",
}


def triggers(operations):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE {operations[table]} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION onrecord_append_only()"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_api_token_expires_at")]

    operations = [
        migrations.AlterField(
            model_name="quoteevent",
            name="quote",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="claims.quote",
            ),
        ),
        migrations.AlterField(
            model_name="speakerevent",
            name="speaker",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="claims.speaker",
            ),
        ),
        migrations.RunPython(
            triggers(dict.fromkeys(TABLES, "UPDATE OR DELETE")), triggers(BEFORE)
        ),
    ]
