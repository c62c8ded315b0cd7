"""Optimistic locking of editors' edits: an edit made from an older version of a quote or
claim than the one stored is refused."""

from __future__ import annotations

from ..models import Claim, Quote


class StaleEdit(Exception):
    """An edit made from an older version of a quote or claim than the one stored: refused,
    and nothing changed. ``current`` is the row as stored now; ``expected`` the version the
    editor's form or client had read."""

    def __init__(self, *, current: Quote | Claim, expected: int):
        self.current, self.expected = current, expected
        name = type(current).__name__.lower()
        super().__init__(
            f"This {name} changed since version {expected} (now version {current.version}):"
            " nothing was saved."
        )


def version_check(row: Quote | Claim, expected: int | None) -> None:
    """Refuse an edit made from another version than ``row``'s (locked) one; None: the
    writer sent no version, and its edit applies to whatever is stored (last write wins)."""
    if expected is not None and expected != row.version:
        raise StaleEdit(current=row, expected=expected)
