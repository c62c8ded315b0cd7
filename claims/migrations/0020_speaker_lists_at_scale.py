"""Speaker lists at a million statements (issue 14): the API's list by name reads a page from
an index (speaker_by_name), and on PostgreSQL the name searches (contains, or close by
trigrams) find their rows in trigram indexes of speaker names and of alias key forms, as they
already did for alias names (migration 0004)."""

from django.db import migrations, models

PG_FORWARDS = [
    "CREATE INDEX IF NOT EXISTS claims_speaker_name_trgm ON claims_speaker "
    "USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS claims_alias_normalised_trgm ON claims_speakeralias "
    "USING gin (normalised gin_trgm_ops)",
]
PG_BACKWARDS = [
    "DROP INDEX IF EXISTS claims_alias_normalised_trgm",
    "DROP INDEX IF EXISTS claims_speaker_name_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARDS:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARDS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_quote_changes")]

    operations = [
        migrations.AddIndex(
            model_name="speaker",
            index=models.Index(fields=["name", "id"], name="speaker_by_name"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
