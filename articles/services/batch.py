"""Several articles ingested at once (the ingest page's pasted text and files): each one
stored or refused on its own, with what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from ..models import Article
from ..text import UndecodableText, text_title, upload_fields
from .ingest import article_ingest


@dataclass
class IngestOutcome:
    """What became of one source: ``new``, ``duplicate`` (``article`` is the one that was
    there) or ``failed`` (``reason`` says why, in words)."""

    label: str
    outcome: str
    article: Article | None = None
    reason: str = ""


def upload_source(*, name: str, data: bytes, title: str = "") -> dict | UndecodableText:
    """An uploaded file as ingest's arguments (see :func:`upload_fields`), or why it cannot
    be read. A text file given no title gets its first line, else its file name; a page's
    title comes from the page."""
    try:
        fields = upload_fields(name, data)
    except UndecodableText as exc:
        return exc
    if "text" in fields:
        title = title or text_title(fields["text"]) or Path(name).stem
    return {**fields, "title": title}


def articles_ingest(
    *, sources: list[tuple[str, dict | Exception]], **common
) -> list[IngestOutcome]:
    """Ingest each ``(label, fields)`` with the ``common`` fields (outlet, date, url); a source
    that fails (``fields`` already an error, or refused by :func:`article_ingest`) fails
    alone, and the others are kept."""
    outcomes = []
    for label, fields in sources:
        if isinstance(fields, Exception):
            outcomes.append(IngestOutcome(label, "failed", reason=_reason(fields)))
            continue
        try:
            article, created = article_ingest(**{**common, **fields})
        except ValidationError as exc:
            outcomes.append(IngestOutcome(label, "failed", reason=_reason(exc)))
            continue
        outcomes.append(IngestOutcome(label, "new" if created else "duplicate", article))
    return outcomes


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
