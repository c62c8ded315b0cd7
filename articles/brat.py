"""PolNeAR's BRAT layout: what is known of each article beside its text.

The articles are ``<split>/text/<publisher>_<YYYY-MM-DD>_<slug>.txt`` (with
``<split>/attributions/`` beside ``text/``), and a ``metadata.tsv`` in a folder above them
gives each file's publisher, publication date and title (columns ``filename``,
``publisher``, ``publication_date``, ``title``)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache
from pathlib import Path

METADATA = "metadata.tsv"
# PolNeAR's publishers as their outlets are known; another publisher is shown as written.
OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}
_FILE_NAME = re.compile(r"^(?P<publisher>[a-z0-9-]+)_(?P<date>\d{4}-\d{2}-\d{2})_")


def brat_fields(path: Path) -> dict:
    """Outlet, date and title of a BRAT article file (only what is known of them; nothing for
    a file outside that layout): from the ``metadata.tsv`` row of the file, else from its
    name."""
    if path.parent.name != "text" or not (path.parent.parent / "attributions").is_dir():
        return {}
    row = _metadata(path.parent.resolve()).get(path.stem, {})
    named = _FILE_NAME.match(path.stem)
    publisher = row.get("publisher") or (named["publisher"] if named else "")
    fields = {
        "outlet": OUTLETS.get(publisher, publisher),
        "published_on": _date(row.get("publication_date") or (named["date"] if named else "")),
        "title": (row.get("title") or "").strip(),
    }
    return {name: value for name, value in fields.items() if value}


@cache
def _metadata(folder: Path) -> dict[str, dict[str, str]]:
    """The rows of the nearest metadata.tsv at or above ``folder``, by file name."""
    for place in (folder, *folder.parents):
        table = place / METADATA
        if table.is_file():
            with table.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                return {row["filename"]: row for row in rows if row.get("filename")}
    return {}


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
