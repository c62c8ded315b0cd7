"""The change feed and the statements' dates stay right (review of issue 14):

- A quote row in the feed shows its speaker's name, slug and kind and its article's title,
  outlet and address: an edit of any of them now touches the speaker's or the article's
  quotes (their transaction id is stamped again, migration 0019), so a client's copy gets the
  new values in its next pull. A speaker's rename touches every one of their statements: as
  rare as it is, it is what the copies must learn.
- On PostgreSQL a new statement reads its article's date FOR SHARE (migration 0018): an edit of
  that date, made at the same time by another transaction, waits for the statement's
  transaction (and its cascade then sees the statement) or is seen by it, instead of both
  missing each other and leaving the statement with the old date.
"""

from django.db import migrations

PG_FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION claims_quote_published_on() RETURNS trigger LANGUAGE plpgsql
    AS $$
    BEGIN
        SELECT published_on INTO NEW.published_on FROM articles_article
        WHERE id = NEW.article_id FOR SHARE;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION claims_speaker_quotes_touched() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims_quote SET change_xid = NULL WHERE speaker_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER claims_speaker_quotes_touched AFTER UPDATE OF name, slug, kind"
    " ON claims_speaker FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name"
    " OR OLD.slug IS DISTINCT FROM NEW.slug OR OLD.kind IS DISTINCT FROM NEW.kind)"
    " EXECUTE FUNCTION claims_speaker_quotes_touched()",
    """
    CREATE FUNCTION articles_article_quotes_touched() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims_quote SET change_xid = NULL WHERE article_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_article_quotes_touched AFTER UPDATE OF title, outlet, url"
    " ON articles_article FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title"
    " OR OLD.outlet IS DISTINCT FROM NEW.outlet OR OLD.url IS DISTINCT FROM NEW.url)"
    " EXECUTE FUNCTION articles_article_quotes_touched()",
]
PG_BACKWARDS = [
    "DROP TRIGGER articles_article_quotes_touched ON articles_article",
    "DROP FUNCTION articles_article_quotes_touched()",
    "DROP TRIGGER claims_speaker_quotes_touched ON claims_speaker",
    "DROP FUNCTION claims_speaker_quotes_touched()",
    """
    CREATE OR REPLACE FUNCTION claims_quote_published_on() RETURNS trigger LANGUAGE plpgsql
    AS $$
    BEGIN
        SELECT published_on INTO NEW.published_on FROM articles_article
        WHERE id = NEW.article_id;
        RETURN NEW;
    END $$
    """,
]
# SQLite: the quotes' own update trigger (migration 0019) stamps each touched quote.
SQLITE_FORWARDS = [
    "CREATE TRIGGER claims_speaker_quotes_touched AFTER UPDATE OF name, slug, kind"
    " ON claims_speaker WHEN OLD.name IS NOT NEW.name OR OLD.slug IS NOT NEW.slug"
    " OR OLD.kind IS NOT NEW.kind"
    " BEGIN UPDATE claims_quote SET change_xid = NULL WHERE speaker_id = NEW.id; END",
    "CREATE TRIGGER articles_article_quotes_touched AFTER UPDATE OF title, outlet, url"
    " ON articles_article WHEN OLD.title IS NOT NEW.title OR OLD.outlet IS NOT NEW.outlet"
    " OR OLD.url IS NOT NEW.url"
    " BEGIN UPDATE claims_quote SET change_xid = NULL WHERE article_id = NEW.id; END",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER articles_article_quotes_touched",
    "DROP TRIGGER claims_speaker_quotes_touched",
]


def forwards(apps, schema_editor):
    for statement in _statements(schema_editor, PG_FORWARDS, SQLITE_FORWARDS):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in _statements(schema_editor, PG_BACKWARDS, SQLITE_BACKWARDS):
        schema_editor.execute(statement, params=None)


def _statements(schema_editor, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    return postgresql if vendor == "postgresql" else sqlite if vendor == "sqlite" else []


class Migration(migrations.Migration):
    dependencies = [("claims", "0021_export_fragments")]

    operations = [migrations.RunPython(forwards, backwards)]
