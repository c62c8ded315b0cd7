"""What an editor whose edit was refused as stale missed: the recorded changes made since
the version their form or client had read, in words for the page and the API's 409."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import ClaimEvent, Quote, QuoteEvent, Speaker, Verdict
from .selectors import claim_events, quote_events
from .services import StaleEdit

QUOTE_FIELDS = {
    "speaker": "speaker",
    "kind": "kind",
    "content_start": "start",
    "content_end": "end",
    "verified": "verified",
    "rejected": "rejected",
}


@dataclass(frozen=True)
class Change:
    """One recorded change: the version it made, who, when, what (``field``, ``old`` and
    ``new`` as a reader would say them) and why."""

    version: int | None
    by: str
    at: dt.datetime
    field: str
    old: str
    new: str
    note: str

    def __str__(self) -> str:
        if self.old:
            return f"{self.field}: {self.old} → {self.new} (by {self.by})"
        return f"{self.field}: {self.new} (by {self.by})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "by": self.by,
            "at": self.at.isoformat(),
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "note": self.note,
        }


@dataclass(frozen=True)
class Conflict:
    """A refused stale edit: the version the editor had, the one stored, what changed."""

    expected: int
    version: int
    changes: list[Change]

    @property
    def message(self) -> str:
        changed = "; ".join(str(c) for c in self.changes) or "a change"
        return (
            f"Someone changed this since you opened it (you had version {self.expected}, it is"
            f" now version {self.version}): {changed}. Nothing was saved."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": self.message
            + f' Read it again and send your change with "version": {self.version}.',
            "version": self.version,
            "your_version": self.expected,
            "changes": [c.as_dict() for c in self.changes],
        }


def conflict_of(stale: StaleEdit) -> Conflict:
    """The :class:`Conflict` of a refused edit, read from the history."""
    row = stale.current
    if isinstance(row, Quote):
        changes = _quote_changes(list(quote_events(quote=row, since_version=stale.expected)))
    else:
        changes = [_claim_change(e) for e in claim_events(claim=row, since_version=stale.expected)]
    return Conflict(expected=stale.expected, version=row.version, changes=changes)


def _quote_changes(events: list[QuoteEvent]) -> list[Change]:
    """One change per field an event changed (its creation as one)."""
    rows = [
        (e, field, e.old.get(field), value)
        for e in events
        if e.action != QuoteEvent.Action.GROUPED  # not a change of the quote's fields
        for field, value in (
            e.new.items() if e.action == QuoteEvent.Action.EDITED else [("created", e.new)]
        )
    ]
    speaker_ids = {
        value
        for _, field, old, new in rows
        if field == "speaker"
        for value in (old, new)
        if value is not None
    }
    names = dict(Speaker.objects.filter(pk__in=speaker_ids).values_list("pk", "name"))
    kinds = dict(Quote.Kind.choices)

    def shown(field: str, value: Any) -> str:
        if field == "speaker":
            return names.get(value, "nobody") if value is not None else "nobody"
        if field == "kind":
            return str(kinds.get(value, value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else str(value)

    return [
        Change(
            version=e.version,
            by=e.actor.get_username(),
            at=e.created_at,
            field=QUOTE_FIELDS.get(field, field),
            old=shown(field, old),
            new=shown(field, new),
            note=e.note,
        )
        for e, field, old, new in rows
    ]


def _claim_change(event: ClaimEvent) -> Change:
    verdicts = dict(Verdict.choices)
    if event.action == ClaimEvent.Action.VERDICT:
        field, old, new = "verdict", verdicts[event.old_verdict], verdicts[event.new_verdict]
    elif event.action == ClaimEvent.Action.STATEMENT:
        field, old, new = "statement", f"“{event.old_statement}”", f"“{event.new_statement}”"
    else:
        ids = ", ".join(str(i) for i in event.quote_ids)
        field, old, new = event.get_action_display().lower(), "", f"statements {ids}"
    return Change(
        version=event.version,
        by=event.actor.get_username(),
        at=event.created_at,
        field=field,
        old=old,
        new=new,
        note=event.note,
    )
