"""Editors' writes to quotes: corrections of the machine's and statements it missed. Each
change is recorded as a quote event and counts a version."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article

from ..models import Quote, QuoteEvent, Speaker
from .versions import version_check

QUOTE_EDITABLE = ("speaker", "kind", "content_start", "content_end", "verified", "rejected")


@transaction.atomic
def quote_update(
    *,
    quote: Quote,
    by: AbstractBaseUser,
    changes: dict[str, Any],
    note: str = "",
    expected_version: int | None = None,
) -> Quote:
    """An editor corrects ``quote``: its speaker, kind, span (``content_start`` and
    ``content_end``: the text follows the article body), or marks it verified or rejected.
    The quote becomes the editor's, so that no re-extraction changes it, each changed
    field is recorded as an event, and its version goes up by one. With
    ``expected_version``, an edit made from another version raises :class:`StaleEdit`."""
    unknown = set(changes) - set(QUOTE_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    quote = Quote.objects.select_for_update().select_related("article").get(pk=quote.pk)
    version_check(quote, expected_version)
    events = []
    for name, value in changes.items():
        old = _event_value(getattr(quote, name))
        setattr(quote, name, value)
        if _event_value(value) != old:
            events.append((name, old, _event_value(value)))
    if changes.get("verified"):
        quote.rejected = False
    if changes.get("rejected"):
        quote.verified = False
    if not events:
        return quote
    body = quote.article.body
    if not 0 <= quote.content_start < quote.content_end <= len(body):
        raise ValidationError({"content_end": "The span must lie within the article's text."})
    quote.text = body[quote.content_start : quote.content_end]
    quote.origin = Quote.Origin.EDITOR
    quote.version += 1
    quote.full_clean()
    quote.save()
    QuoteEvent.objects.bulk_create(
        QuoteEvent(
            quote=quote,
            actor=by,
            field=f,
            old_value=o,
            new_value=n,
            note=note,
            version=quote.version,
        )
        for f, o, n in events
    )
    return quote


def _event_value(value: Any) -> Any:
    return value.pk if isinstance(value, Speaker) else value


@transaction.atomic
def quote_create(
    *,
    article: Article,
    content_start: int,
    content_end: int,
    kind: str,
    speaker: Speaker | None,
    by: AbstractBaseUser,
    note: str = "",
) -> Quote:
    """An editor adds a statement the extractor missed; it is verified and recorded."""
    body = article.body
    if not 0 <= content_start < content_end <= len(body):
        raise ValidationError({"content_end": "The span must lie within the article's text."})
    if article.quotes.filter(content_start=content_start, content_end=content_end).exists():
        raise ValidationError({"content_start": "A statement with this span exists already."})
    quote = Quote(
        article=article,
        speaker=speaker,
        text=body[content_start:content_end],
        kind=kind,
        content_start=content_start,
        content_end=content_end,
        origin=Quote.Origin.EDITOR,
        verified=True,
    )
    quote.full_clean()
    quote.save()
    QuoteEvent.objects.create(
        quote=quote,
        actor=by,
        field="created",
        old_value=None,
        new_value={"speaker": speaker.pk if speaker else None, "kind": kind},
        note=note,
        version=quote.version,
    )
    return quote
