"""Editors' writes to quotes: corrections of the machine's and statements it missed. Each
change is recorded as a quote event and counts a version."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article
from extraction.checkworthiness import checkworthiness

from ..events import quote_event_add
from ..models import Quote, Speaker
from ..tasks import quotes_embed_task
from .claims import claim_appearance_update
from .embeddings import quote_embedding_drop
from .groups import quote_groups_corrected
from .speakers import speaker_check_unmerged
from .versions import version_check

QUOTE_EDITABLE = ("speaker", "kind", "content_start", "content_end", "verified", "rejected")
# The fields whose correction a statement's group and misquote alerts depend on.
GROUPED_BY = {"speaker", "kind", "content_start", "content_end", "rejected"}


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
    if "speaker" in changes:
        speaker_check_unmerged(changes["speaker"], field="speaker")
    quote = Quote.objects.select_for_update().select_related("article").get(pk=quote.pk)
    version_check(quote, expected_version)
    old, new = {}, {}
    for name, value in changes.items():
        if getattr(quote, name) != value:
            old[name], new[name] = getattr(quote, name), value
        setattr(quote, name, value)
    if changes.get("verified"):
        quote.rejected = False
    if changes.get("rejected"):
        quote.verified = False
    if not new:
        return quote
    body = quote.article.body
    if not 0 <= quote.content_start < quote.content_end <= len(body):
        raise ValidationError({"content_end": "The span must lie within the article's text."})
    text = body[quote.content_start : quote.content_end]
    if text != quote.text:
        quote_embedding_drop(quote=quote)
        quote.checkworthiness = checkworthiness(text)
    # a new vector, or a new speaker, or back from rejection: its group is found again
    regroup = text != quote.text or "speaker" in new or new.get("rejected") is False
    quote.text = text
    quote.origin = Quote.Origin.EDITOR
    quote.version += 1
    quote.full_clean()
    quote.save()
    quote_event_add(quote, actor=by, action="edited", old=old, new=new, note=note)
    if {"content_start", "content_end", "rejected"} & set(new):
        for claim in quote.claims.all():
            claim_appearance_update(claim)
    if set(new) & GROUPED_BY:
        quote_groups_corrected(quote=quote, changed=set(new))
    if regroup:
        transaction.on_commit(lambda: quotes_embed_task.delay([quote.pk]))
    return quote


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
    speaker_check_unmerged(speaker, field="speaker")
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
        checkworthiness=checkworthiness(body[content_start:content_end]),
    )
    quote.full_clean()
    quote.save()
    quote_event_add(
        quote, actor=by, action="created", new={"speaker": speaker, "kind": kind}, note=note
    )
    transaction.on_commit(lambda: quotes_embed_task.delay([quote.pk]))
    return quote
