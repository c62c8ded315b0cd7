"""Ingest: text, HTML, files and URLs stored as articles, a page cleaned into its text,
deduplicated, the next step queued."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

import extraction

from ..fetch import FetchRefused, check_url
from ..html import NoArticleText, html_extract
from ..models import Article
from ..text import text_clean, text_hash, text_split_furniture, text_title
from .extracting import article_mark_failed
from .queueing import _queue_extraction

logger = logging.getLogger(__name__)


def article_ingest(
    *,
    text: str = "",
    html: str = "",
    title: str = "",
    url: str | None = None,
    outlet: str = "",
    published_on: dt.date | None = None,
    clean_now: bool = False,
) -> tuple[Article, bool]:
    """Store an article, given as plain ``text``, as a web page's ``html``, or as a ``url``
    alone (the page is then fetched by a worker), and queue its next step once the
    transaction commits.

    Text is cleaned here (page furniture such as "ARTICLE AD BOX" removed, captions kept
    apart) and its extraction queued. A page's HTML is stored as it came (status
    ``cleaning``) and cleaned by a worker (:func:`article_clean`), as a fetched page is:
    cleaning a page of megabytes takes seconds to minutes, too long for a web request.
    ``clean_now`` cleans it here instead, before anything is stored (``manage.py ingest``,
    whose summary says at once whether each page is new, a duplicate or has no article text).
    Title, outlet and date not given are taken from the page's metadata; a text's title not
    given is its first line, when that reads like a headline.

    Returns ``(article, created)``: the same body or the same url ingested again gives back
    the existing article, and queues nothing. A page cleaned by a worker whose text is
    already an article becomes a duplicate of it.
    """
    url = (url or "").strip() or None
    if not text and not html and url:
        return _article_from_url(url=url, title=title, outlet=outlet, published_on=published_on)
    if html and not clean_now:
        return _article_from_html(
            html=html, url=url, title=title, outlet=outlet, published_on=published_on
        )
    fields = _article_fields(
        text=text, html=html, title=title, outlet=outlet, published_on=published_on
    )
    existing = Article.objects.filter(content_hash=fields["content_hash"]).first()
    if existing is None and url:
        existing = Article.objects.filter(url=url).first()
    if existing:
        return existing, False
    article = Article(url=url, **fields)
    # field rules here; uniqueness is the database's (two ingests racing: one wins)
    article.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            article.save()
            _queue_extraction(article)
    except IntegrityError:
        same = Q(content_hash=fields["content_hash"]) | (Q(url=url) if url else Q(pk__in=[]))
        existing = Article.objects.filter(same).first()
        if existing is None:
            raise
        return existing, False
    return article, True


def _article_fields(
    *, text: str, html: str, title: str, outlet: str, published_on: dt.date | None
) -> dict:
    """The stored fields of an article given as text or HTML; ValidationError when it has
    no text or is too long."""
    raw = html or text
    _check_length(raw)
    captions: list[str] = []
    if html:
        try:
            page = html_extract(html)
        except NoArticleText as exc:
            raise ValidationError({"html": str(exc)}) from exc
        text, captions = page.text, page.captions
        title, outlet = title or page.title, outlet or page.outlet
        published_on = published_on or page.published_on
    body, furniture_captions = text_split_furniture(text_clean(text))
    captions += furniture_captions
    if not body:
        raise ValidationError({"text": "The article has no text."})
    if not html:
        title = title or text_title(body)
    return {
        "title": title.strip()[:500],
        "outlet": outlet.strip()[:200],
        "published_on": published_on,
        "raw_text": _raw(raw),
        "body": body,
        "captions": "\n".join(text_clean(c) for c in captions),
        "content_hash": text_hash(body),
        "language": extraction.detect_language(body),
    }


def _check_length(raw: str) -> None:
    if len(raw) > settings.ARTICLE_MAX_CHARS:
        limit = f"{settings.ARTICLE_MAX_CHARS:,}"
        raise ValidationError(
            {"text": f"The article is longer than the limit of {limit} characters."}
        )


def _raw(raw: str) -> str:
    # PostgreSQL text cannot hold NUL; it is the one character not kept as it came
    return raw.replace("\x00", "\ufffd")


def _article_from_html(
    *, html: str, url: str | None, title: str, outlet: str, published_on: dt.date | None
) -> tuple[Article, bool]:
    """Store a page's HTML as it came, to be cleaned by a worker: only what is cheap to check
    is checked here (its length, that it is not blank, a url already ingested)."""
    _check_length(html)
    if not html.strip():
        raise ValidationError({"html": "The page is empty."})
    if url:
        existing = Article.objects.filter(url=url).first()
        if existing:
            return existing, False
    article = _pending(url, title, outlet, published_on, Article.Status.CLEANING)
    article.raw_text = _raw(html)
    article.full_clean(validate_unique=False, validate_constraints=False)
    return _stored_and_queued(article)


def _article_from_url(
    *, url: str, title: str, outlet: str, published_on: dt.date | None
) -> tuple[Article, bool]:
    try:
        check_url(url)
    except FetchRefused as exc:
        raise ValidationError({"url": str(exc)}) from exc
    existing = Article.objects.filter(url=url).first()
    if existing:
        return existing, False
    article = _pending(url, title, outlet, published_on, Article.Status.FETCHING)
    article.full_clean(exclude=["body", "raw_text"])
    return _stored_and_queued(article)


def _pending(
    url: str | None, title: str, outlet: str, published_on: dt.date | None, status: str
) -> Article:
    """An article whose text a worker has yet to make (by fetching or cleaning its page)."""
    return Article(
        url=url,
        title=title.strip()[:500],
        outlet=outlet.strip()[:200],
        published_on=published_on,
        status=status,
    )


def _stored_and_queued(article: Article) -> tuple[Article, bool]:
    """Save a pending article and queue its next step, or, when someone ingested the same url
    meanwhile, give theirs."""
    try:
        with transaction.atomic():
            article.save()
            _queue_extraction(article)
    except IntegrityError:
        existing = Article.objects.filter(url=article.url).first() if article.url else None
        if existing is None:
            raise
        return existing, False
    return article, True


def article_clean(*, article_id: int) -> str:
    """Clean the HTML of an article ingested as a web page (in a worker): its text without
    navigation, scripts or comments, its title, outlet, date and captions; then queue its
    extraction. A page whose text is already an article makes this one a duplicate of it; a
    page without article text fails with the reason, its HTML kept. Returns the article's
    status."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    if article.status != Article.Status.CLEANING:
        return f"already {article.status}"
    try:
        fields = _article_fields(
            text="",
            html=article.raw_text,
            title=article.title,
            outlet=article.outlet,
            published_on=article.published_on,
        )
    except ValidationError as exc:
        reason = f"Cleaning failed: {'; '.join(exc.messages)}"
        return article_mark_failed(article=article, reason=reason).status
    del fields["raw_text"]  # stored already, as it came
    return _article_found(article=article, fields=fields, step=Article.Status.CLEANING)


def _article_found(*, article: Article, fields: dict, step: str) -> str:
    """An article whose text a worker just found (a page fetched or cleaned) gets ``fields``
    and its extraction is queued; when that text is already another article's, it becomes a
    duplicate of that one (its text kept, no hash). Only while it is still at ``step``: a
    message delivered twice changes nothing the second time. Returns the new status."""
    others = Article.objects.exclude(pk=article.pk)
    same = others.filter(content_hash=fields["content_hash"]).first()
    if same is None:
        try:
            with transaction.atomic():
                updated = Article.objects.filter(pk=article.pk, status=step).update(
                    status=Article.Status.QUEUED,
                    enqueued_at=None,
                    updated_at=timezone.now(),
                    **fields,
                )
                if updated:
                    _queue_extraction(article)
            return Article.Status.QUEUED if updated else f"already past {step}"
        except IntegrityError:  # another article got the same text meanwhile
            same = others.filter(content_hash=fields["content_hash"]).first()
    fields["content_hash"] = None
    updated = Article.objects.filter(pk=article.pk, status=step).update(
        status=Article.Status.DUPLICATE,
        duplicate_of=same,
        error="",
        updated_at=timezone.now(),
        **fields,
    )
    return Article.Status.DUPLICATE if updated else f"already past {step}"
