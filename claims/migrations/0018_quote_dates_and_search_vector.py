"""What the lists need at a million statements (issue 14, `make bench-load`):

- Each statement keeps its article's publication date (``published_on``), set and kept up to
  date by the database itself (triggers on both tables, PostgreSQL and SQLite), so a
  speaker's statements in a date range, newest first, come from one index
  (``quote_speaker_listed``: speaker, id descending, date; the date is checked in the index).
  Through the article, PostgreSQL walked the speaker's newest statements and their articles
  until it reached the range: 200 ms for a speaker with 100,000 statements.
- On PostgreSQL, the search vector of the text is a stored column (``search_vector``) with
  its GIN index, instead of a GIN index of the expression: a search for a common word that
  the planner answers by walking the newest statements no longer computes to_tsvector for
  each of them (130 ms for "economy" at a million, now a few).
"""

from django.db import migrations, models

PG_FORWARDS = [
    """
    CREATE FUNCTION claims_quote_published_on() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT published_on INTO NEW.published_on FROM articles_article
        WHERE id = NEW.article_id;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER claims_quote_published_on BEFORE INSERT OR UPDATE OF article_id, published_on"
    " ON claims_quote FOR EACH ROW EXECUTE FUNCTION claims_quote_published_on()",
    """
    CREATE FUNCTION articles_article_published_on() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims_quote SET published_on = NEW.published_on WHERE article_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_article_published_on AFTER UPDATE OF published_on"
    " ON articles_article FOR EACH ROW"
    " WHEN (OLD.published_on IS DISTINCT FROM NEW.published_on)"
    " EXECUTE FUNCTION articles_article_published_on()",
    "UPDATE claims_quote q SET published_on = a.published_on FROM articles_article a"
    " WHERE a.id = q.article_id AND a.published_on IS NOT NULL",
    "ALTER TABLE claims_quote ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
    " (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX claims_quote_search_vector ON claims_quote USING gin (search_vector)",
    "DROP INDEX IF EXISTS claims_quote_text_search",
]
PG_BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS claims_quote_text_search ON claims_quote "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "ALTER TABLE claims_quote DROP COLUMN search_vector",
    "DROP TRIGGER articles_article_published_on ON articles_article",
    "DROP FUNCTION articles_article_published_on()",
    "DROP TRIGGER claims_quote_published_on ON claims_quote",
    "DROP FUNCTION claims_quote_published_on()",
]
# SQLite has no BEFORE trigger that sets NEW: each change is followed by an update (which
# fires no trigger again: SQLite's recursive triggers are off).
SQLITE_QUOTE_DATE = (
    "UPDATE claims_quote SET published_on = (SELECT published_on FROM articles_article"
    " WHERE id = NEW.article_id) WHERE id = NEW.id;"
)
SQLITE_FORWARDS = [
    f"CREATE TRIGGER claims_quote_published_on_insert AFTER INSERT ON claims_quote"
    f" BEGIN {SQLITE_QUOTE_DATE} END",
    f"CREATE TRIGGER claims_quote_published_on_update AFTER UPDATE OF article_id, published_on"
    f" ON claims_quote BEGIN {SQLITE_QUOTE_DATE} END",
    "CREATE TRIGGER articles_article_published_on AFTER UPDATE OF published_on"
    " ON articles_article BEGIN UPDATE claims_quote SET published_on = NEW.published_on"
    " WHERE article_id = NEW.id; END",
    "UPDATE claims_quote SET published_on = (SELECT published_on FROM articles_article"
    " WHERE articles_article.id = claims_quote.article_id)",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER claims_quote_published_on_insert",
    "DROP TRIGGER claims_quote_published_on_update",
    "DROP TRIGGER articles_article_published_on",
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
    dependencies = [
        ("articles", "0008_lease_not_claim"),
        ("claims", "0017_person_aliases_cleaned"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="quote", name="claims_quot_speaker_9fb365_idx"),
        migrations.AddField(
            model_name="quote",
            name="published_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The article's publication date, kept here by the database (triggers"
                " of migration 0018): a speaker's statements in a date range are read from one"
                " index.",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                condition=models.Q(("rejected", False)),
                fields=["speaker", "-id", "published_on"],
                name="quote_speaker_listed",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
