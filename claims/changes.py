"""The change feed of quotes (``GET /api/v1/quotes/changes/``): what changed since an API
client's last pull, edits and deletions included, oldest change first.

Each quote row carries the id of the transaction that last wrote it (``change_xid``), and each
deleted quote leaves a :class:`~claims.models.QuoteDeletion` with the id of the transaction
that deleted it; the database sets both (triggers of migration 0019), whatever wrote the row.
The feed reads them in (transaction id, quote id) order, and only below the *horizon*, the
oldest transaction still running: every transaction below it has finished, so no change can
later appear behind a position already read, however late its transaction commits. A
client's cursor is such a position. Rejected quotes are hidden from public lists: the feed
gives them as deleted, and a quote restored after rejection comes back as a change.

On SQLite (writes one at a time) the triggers number changes with a counter, and the horizon
is one more than the highest number given out: everything committed is below it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from .selectors import quote_rows_all

HORIZON_POSTGRESQL = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
# one more than the highest number the triggers gave out, as they count
HORIZON_SQLITE = (
    "SELECT coalesce(max(xid), 0) + 1 FROM (SELECT max(change_xid) AS xid FROM claims_quote"
    " UNION ALL SELECT max(change_xid) FROM claims_quotedeletion)"
)
# The next changes after a position, below the horizon: each table read in its index's order
# (quote_changes, quote_deletion_changes), at most ``limit`` of each, merged. A row comparison,
# so that PostgreSQL starts the index scan at the position, even within one transaction's
# thousands of changes. Changes before ``since`` that hide a quote are left out (see Position).
CHANGES_SQL = """
SELECT change_xid, id, gone FROM (
    SELECT * FROM (
        SELECT change_xid, id, 0 AS gone FROM claims_quote
        WHERE change_xid < %s AND (change_xid, id) > (%s, %s)
            AND (NOT rejected OR change_xid >= %s)
        ORDER BY change_xid, id LIMIT %s
    ) AS changed
    UNION ALL
    SELECT * FROM (
        SELECT change_xid, quote_id, 1 FROM claims_quotedeletion
        WHERE change_xid < %s AND (change_xid, quote_id) > (%s, %s) AND change_xid >= %s
        ORDER BY change_xid, quote_id LIMIT %s
    ) AS deleted
) AS changes
ORDER BY change_xid, id, gone DESC
LIMIT %s
"""


@dataclass(frozen=True)
class Position:
    """A place in the feed: after the change of quote ``id`` by transaction ``xid``.
    ``since``: where a client's first pull began (the horizon then); deletions and rejections
    made before it are of quotes that client never had, and are left out."""

    xid: int
    id: int
    since: int = 0


@dataclass(frozen=True)
class Change:
    """A quote changed (``row``: as the quote lists read it) or gone (``row`` is None:
    deleted, or rejected by an editor)."""

    id: int
    row: dict | None


@dataclass(frozen=True)
class ChangesPage:
    changes: list[Change]
    next_cursor: str
    more: bool


class InvalidCursor(ValueError):
    """A cursor the feed did not write."""


CURSOR_TEXT = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})\.([0-9]{1,18})")


def cursor_write(position: Position) -> str:
    """``position`` as an opaque cursor."""
    text = f"{position.xid}.{position.id}.{position.since}"
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def cursor_read(cursor: str) -> Position:
    """The position a cursor of :func:`cursor_write` names; :class:`InvalidCursor` for
    anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", cursor):
        raise InvalidCursor(cursor)
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except ValueError as exc:  # not base64, or not ASCII
        raise InvalidCursor(cursor) from exc
    match = CURSOR_TEXT.fullmatch(text)
    if match is None:
        raise InvalidCursor(cursor)
    return Position(*(int(number) for number in match.groups()))


def quote_changes(*, after: Position | None, limit: int) -> ChangesPage:
    """The first ``limit`` changes after ``after`` (None: from the beginning, every live
    quote), oldest first, with the cursor of the next pull and whether more changes are
    waiting already. The cursor is the last change given while more are waiting, else the
    horizon (the next pull starts there); a pull that found nothing gives back its own."""
    # first: every transaction below the horizon has finished, so the next statement's
    # snapshot sees all of their changes
    horizon = _horizon()
    start = after or Position(xid=0, id=0, since=horizon)
    found = _positions(start, horizon, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    live_ids = [quote_id for _, quote_id, gone in found if not gone]
    rows = {row["id"]: row for row in quote_rows_all().filter(pk__in=live_ids).order_by()}
    # a row changed or deleted since the positions were read is given as it is now: its new
    # change is above the horizon, and comes again in a later pull
    changes = [
        Change(id=quote_id, row=None if gone else _public(rows.get(quote_id)))
        for _, quote_id, gone in found
    ]
    if more:
        xid, quote_id, _ = found[-1]
        following = Position(xid=xid, id=quote_id, since=start.since if start.since > xid else 0)
    elif found or after is None:
        following = Position(xid=horizon, id=0)
    else:
        following = after
    return ChangesPage(changes=changes, next_cursor=cursor_write(following), more=more)


def changes_settled() -> tuple[int, Q]:
    """The feed's horizon now (every change below it is committed or rolled back, and none
    can appear below it later), and the quotes settled at it: changed below it, or by the
    transaction asking (which sees its own changes; the feed sends them again)."""
    horizon = _horizon()
    settled = Q(change_xid__lt=horizon)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id_if_assigned()::text::bigint")
            own = cursor.fetchone()[0]
        if own is not None:
            settled |= Q(change_xid=own)
    return horizon, settled


def changes_cursor_at(horizon: int) -> str:
    """The cursor of a copy of the quotes changed below ``horizon`` (an export's): the feed
    from it holds every change at or above it, and every deletion since."""
    return cursor_write(Position(xid=horizon, id=0, since=horizon))


def _public(row: dict | None) -> dict | None:
    """``row`` as the public lists show it: none when deleted or rejected."""
    return row if row is not None and not row["rejected"] else None


def _horizon() -> int:
    sql = HORIZON_POSTGRESQL if connection.vendor == "postgresql" else HORIZON_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _positions(start: Position, horizon: int, limit: int) -> list[tuple[int, int, bool]]:
    """(transaction id, quote id, deleted) of the first ``limit`` changes after ``start``."""
    after = (horizon, start.xid, start.id, start.since, limit)
    with connection.cursor() as cursor:
        cursor.execute(CHANGES_SQL, [*after, *after, limit])
        return [(xid, quote_id, bool(gone)) for xid, quote_id, gone in cursor.fetchall()]
