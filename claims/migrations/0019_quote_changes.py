"""The change feed of quotes (issue 14, bulk pulls: ``GET /api/v1/quotes/changes/``).

An API client that exported every quote then asks for what changed since its last pull. A
timestamp is no cursor for that: a transaction that commits late carries an earlier
``updated_at`` than rows already pulled, and bulk ``QuerySet.update()`` (a speaker merge moves
quotes that way) does not touch ``auto_now`` fields. So the database itself marks each change:

- ``change_xid``: a BEFORE INSERT OR UPDATE trigger sets it to the writing transaction's id
  (``pg_current_xact_id()``, 64 bits: it never wraps), whatever wrote the row (a model's
  ``save()``, ``QuerySet.update()``, the published-date trigger of migration 0018, raw SQL).
  The feed reads changes in (``change_xid``, id) order from the index ``quote_changes``, and
  only below ``pg_snapshot_xmin(pg_current_snapshot())``: every transaction below it has
  finished, so nothing can later appear behind a client's cursor (``claims.changes``).
- ``QuoteDeletion``: an AFTER DELETE trigger (once per statement, from its transition table)
  keeps each deleted quote's id with the deleting transaction's id, so the feed tells clients
  to drop it (deleted with its article, or by a re-extraction).

Existing rows get ``change_xid`` 1, below any transaction id PostgreSQL hands out (they start
at 3): a client's first pull, from the beginning, reads them. On PostgreSQL the column is added
with DEFAULT 1, then the default dropped: existing rows keep the 1 without the table being
rewritten (no UPDATE of a million rows, nor the trigger's stamp on each of them). No client
holds a cursor before this migration, so no earlier deletion is needed.

SQLite (the local default) has no transaction ids, and its writes are serialised: there the
triggers number changes with a counter, one more than the highest number given out (to a
quote, to a deletion, or to the row being deleted), and every committed change is below the
feed's horizon. SQLite has no
BEFORE trigger that sets NEW: each write is followed by an update of the row (which fires no
trigger again: SQLite's recursive triggers are off). Only PostgreSQL and SQLite are supported,
as in migration 0018.
"""

from django.db import migrations, models

PG_COLUMN = [
    "ALTER TABLE claims_quote ADD COLUMN change_xid bigint NULL DEFAULT 1",
    "ALTER TABLE claims_quote ALTER COLUMN change_xid DROP DEFAULT",
]
SQLITE_COLUMN = [
    "ALTER TABLE claims_quote ADD COLUMN change_xid bigint NULL",
    "UPDATE claims_quote SET change_xid = 1",
]
COLUMN_DROP = ["ALTER TABLE claims_quote DROP COLUMN change_xid"]

PG_TRIGGERS = [
    """
    CREATE FUNCTION claims_quote_change_xid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.change_xid := pg_current_xact_id()::text::bigint;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER claims_quote_change_xid BEFORE INSERT OR UPDATE ON claims_quote"
    " FOR EACH ROW EXECUTE FUNCTION claims_quote_change_xid()",
    """
    CREATE FUNCTION claims_quote_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claims_quotedeletion (quote_id, change_xid, deleted_at)
        SELECT id, pg_current_xact_id()::text::bigint, now() FROM gone;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER claims_quote_deleted AFTER DELETE ON claims_quote"
    " REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION claims_quote_deleted()",
]
PG_TRIGGERS_DROP = [
    "DROP TRIGGER claims_quote_deleted ON claims_quote",
    "DROP FUNCTION claims_quote_deleted()",
    "DROP TRIGGER claims_quote_change_xid ON claims_quote",
    "DROP FUNCTION claims_quote_change_xid()",
]
# one more than the highest number given out, to a quote or a deletion
SQLITE_NEXT = (
    "(SELECT coalesce(max(xid), 0) + 1 FROM (SELECT max(change_xid) AS xid FROM claims_quote"
    " UNION ALL SELECT max(change_xid) FROM claims_quotedeletion))"
)
SQLITE_STAMP = f"UPDATE claims_quote SET change_xid = {SQLITE_NEXT} WHERE id = NEW.id;"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER claims_quote_change_insert AFTER INSERT ON claims_quote"
    f" BEGIN {SQLITE_STAMP} END",
    f"CREATE TRIGGER claims_quote_change_update AFTER UPDATE ON claims_quote"
    f" BEGIN {SQLITE_STAMP} END",
    # above the deleted row's own number too: it may have been the highest
    f"CREATE TRIGGER claims_quote_deleted AFTER DELETE ON claims_quote BEGIN"
    f" INSERT INTO claims_quotedeletion (quote_id, change_xid, deleted_at)"
    f" VALUES (OLD.id, max({SQLITE_NEXT}, coalesce(OLD.change_xid, 0) + 1), CURRENT_TIMESTAMP);"
    f" END",
]
SQLITE_TRIGGERS_DROP = [
    "DROP TRIGGER claims_quote_deleted",
    "DROP TRIGGER claims_quote_change_update",
    "DROP TRIGGER claims_quote_change_insert",
]


def column_add(apps, schema_editor):
    _run(schema_editor, PG_COLUMN, SQLITE_COLUMN)


def column_drop(apps, schema_editor):
    _run(schema_editor, COLUMN_DROP, COLUMN_DROP)


def triggers_add(apps, schema_editor):
    _run(schema_editor, PG_TRIGGERS, SQLITE_TRIGGERS)


def triggers_drop(apps, schema_editor):
    _run(schema_editor, PG_TRIGGERS_DROP, SQLITE_TRIGGERS_DROP)


def _run(schema_editor, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    statements = postgresql if vendor == "postgresql" else sqlite if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_quote_dates_and_search_vector"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="quote",
                    name="change_xid",
                    field=models.BigIntegerField(
                        editable=False,
                        help_text="The transaction that last wrote the row, set by the database"
                        " (triggers of migration 0019; never read from a just-saved instance):"
                        " the API's change feed.",
                        null=True,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(column_add, column_drop)],
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["change_xid", "id"], name="quote_changes"),
        ),
        migrations.CreateModel(
            name="QuoteDeletion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quote_id", models.BigIntegerField()),
                (
                    "change_xid",
                    models.BigIntegerField(help_text="The transaction that deleted the quote."),
                ),
                ("deleted_at", models.DateTimeField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["change_xid", "quote_id"], name="quote_deletion_changes"
                    )
                ],
            },
        ),
        migrations.RunPython(triggers_add, triggers_drop),
    ]
