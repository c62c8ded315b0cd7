"""PostgreSQL-only parts of the API: full-text search over quote text (a GIN index of the
same expression the search filter uses), fuzzy speaker names (pg_trgm), the append-only
trigger of speaker events; and the two role groups, everywhere."""

from django.db import migrations

PG_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claims_quote_text_search ON claims_quote "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "CREATE INDEX IF NOT EXISTS claims_alias_name_trgm ON claims_speakeralias "
    "USING gin (name gin_trgm_ops)",
    "CREATE TRIGGER claims_speakerevent_append_only BEFORE UPDATE ON claims_speakerevent "
    "FOR EACH ROW EXECUTE FUNCTION onrecord_append_only()",
]
PG_BACKWARDS = [
    "DROP TRIGGER IF EXISTS claims_speakerevent_append_only ON claims_speakerevent",
    "DROP INDEX IF EXISTS claims_alias_name_trgm",
    "DROP INDEX IF EXISTS claims_quote_text_search",
]
ROLES = ["editors", "fact-checkers"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARDS:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARDS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("claims", "0003_api"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
