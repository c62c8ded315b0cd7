"""History of one shape, step 2 of 3: the values of every event written once more in the
new shape (the only time history rows are rewritten: the append-only trigger is set aside
for it, on PostgreSQL, inside this migration's transaction).

- claim events: ``old`` = the old verdict (and the statements detached), ``new`` = the new
  verdict, the summary and evidence links (and the statements attached);
- quote events: a row that was one field (``action`` = its name) becomes ``edited`` with
  ``{name: old}`` and ``{name: new}``; a creation keeps what it was created with in ``new``;
- speaker events: ``data`` split into ``old`` and ``new`` (an alias removed is ``old``; an
  identity's ``{"old": a, "new": b}`` pairs are split)."""

from django.db import migrations

TABLES = ["claims_claimevent", "claims_quoteevent", "claims_speakerevent"]


def _triggers(schema_editor, enable: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        verb = "ENABLE" if enable else "DISABLE"
        schema_editor.execute(f"ALTER TABLE {table} {verb} TRIGGER {table}_append_only")


def _claim_values(event) -> tuple[dict, dict]:
    old = {"verdict": event.old_verdict}
    new = {
        "verdict": event.new_verdict,
        "summary": event.summary,
        "evidence_links": event.evidence_links or [],
    }
    if event.quote_ids:
        (old if event.action == "quotes_removed" else new)["quote_ids"] = event.quote_ids
    return old, new


def _speaker_values(event) -> tuple[dict, dict]:
    data = event.data or {}
    if event.action == "alias_removed":
        return data, {}
    old, new = {}, {}
    for name, value in data.items():
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            old[name], new[name] = value["old"], value["new"]
        else:
            new[name] = value
    return old, new


def forwards(apps, schema_editor):
    _triggers(schema_editor, enable=False)
    for event in apps.get_model("claims", "ClaimEvent").objects.all():
        event.old, event.new = _claim_values(event)
        event.save(update_fields=["old", "new"])
    for event in apps.get_model("claims", "QuoteEvent").objects.all():
        if event.action == "created":
            event.old, event.new = {}, event.new or {}
        else:
            event.old, event.new = {event.action: event.old}, {event.action: event.new}
            event.action = "edited"
        event.save(update_fields=["action", "old", "new"])
    for event in apps.get_model("claims", "SpeakerEvent").objects.all():
        event.old, event.new = _speaker_values(event)
        event.save(update_fields=["old", "new"])
    _triggers(schema_editor, enable=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_history_one_shape")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
