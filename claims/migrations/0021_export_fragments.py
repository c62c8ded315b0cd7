"""JSON Lines exports at the database's speed (issue 14): on PostgreSQL each article and each
speaker keeps, in a column of its own, the part of an export row that comes from it, as JSON
(``export_json``: ``"article_id":…,"article_title":…,"outlet":…,"published_on":…,
"source_url":…`` and ``"speaker_id":…,"speaker":…,"speaker_slug":…``), written by a trigger
whenever those fields change. An export of a million statements then escapes three texts a
row, not seven: 1.5 s instead of 2.2 s for 300,000 rows. The columns are the database's own:
the models do not declare them (SQLite exports are written in Python)."""

from django.db import migrations

ARTICLE_JSON = (
    """'"article_id":' || {t}.id || ',"article_title":' || to_json({t}.title)::text"""
    """ || ',"outlet":' || to_json({t}.outlet)::text || ',"published_on":'"""
    """ || coalesce('"' || to_char({t}.published_on, 'YYYY-MM-DD') || '"', 'null')"""
    """ || ',"source_url":' || coalesce(to_json({t}.url)::text, 'null')"""
)
SPEAKER_JSON = (
    """'"speaker_id":' || {t}.id || ',"speaker":' || to_json({t}.name)::text"""
    """ || ',"speaker_slug":' || to_json({t}.slug)::text"""
)


def _statements(table: str, fields: str, expression: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN export_json text",
        f"""
        CREATE FUNCTION {table}_export_json() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.export_json := {expression.format(t="NEW")};
            RETURN NEW;
        END $$
        """,
        f"CREATE TRIGGER {table}_export_json BEFORE INSERT OR UPDATE OF id, {fields}"
        f" ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_export_json()",
        f"UPDATE {table} SET export_json = {expression.format(t=table)}",
    ]


PG_FORWARDS = [
    *_statements("articles_article", "title, outlet, published_on, url", ARTICLE_JSON),
    *_statements("claims_speaker", "name, slug", SPEAKER_JSON),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARDS:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in ("articles_article", "claims_speaker"):
            schema_editor.execute(f"DROP TRIGGER {table}_export_json ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION {table}_export_json()", params=None)
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN export_json", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_lease_not_claim"),
        ("claims", "0020_speaker_lists_at_scale"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
