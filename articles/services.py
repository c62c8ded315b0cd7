"""Writes to articles: ingest, extraction and its status."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

import extraction
from claims.services import attributions_store

from .html import NoArticleText, html_extract
from .models import Article
from .text import text_clean, text_hash, text_split_furniture

logger = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000
# How many pending articles one sweep sends at most; the next sweep takes the rest.
SWEEP_BATCH = 500
# A queued article whose message is older than this was lost (a broker restarted empty).
LOST_AFTER = dt.timedelta(hours=1)
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


def article_ingest(
    *,
    text: str = "",
    html: str = "",
    title: str = "",
    url: str | None = None,
    outlet: str = "",
    published_on: dt.date | None = None,
) -> tuple[Article, bool]:
    """Store an article, given as plain ``text`` or as a web page's ``html``, and queue its
    extraction once the transaction commits.

    Page furniture ("ARTICLE AD BOX", "Image source, EPA") is removed and captions are kept
    apart from the body. Title, outlet and date not given are taken from the page's metadata.
    Returns ``(article, created)``: the same body or the same url ingested again gives back
    the existing article, and queues nothing.
    """
    raw = html or text
    if len(raw) > settings.ARTICLE_MAX_CHARS:
        limit = f"{settings.ARTICLE_MAX_CHARS:,}"
        raise ValidationError(
            {"text": f"The article is longer than the limit of {limit} characters."}
        )
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
    content_hash = text_hash(body)
    url = url or None
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is None and url:
        existing = Article.objects.filter(url=url).first()
    if existing:
        return existing, False
    article = Article(
        title=title.strip()[:500],
        url=url,
        outlet=outlet.strip()[:200],
        published_on=published_on,
        # PostgreSQL text cannot hold NUL; it is the one character not kept as it came
        raw_text=raw.replace("\x00", "\ufffd"),
        body=body,
        captions="\n".join(text_clean(c) for c in captions),
        content_hash=content_hash,
        language=extraction.detect_language(body),
    )
    article.full_clean()
    with transaction.atomic():
        article.save()
        _queue_extraction(article)
    return article, True


def article_requeue(*, article: Article) -> Article:
    """Queue a new extraction of ``article`` (after a failure, or a new extractor)."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.QUEUED, error="", enqueued_at=None, updated_at=timezone.now()
        )
        _queue_extraction(article)
    article.refresh_from_db()
    return article


def _queue_extraction(article: Article) -> None:
    article_id = article.pk
    transaction.on_commit(lambda: article_enqueue(article_id=article_id))


def article_enqueue(*, article_id: int) -> bool:
    """Hand the article's extraction to the broker and record that it got there.

    When the broker cannot be reached the article simply stays ``queued`` with no
    ``enqueued_at``, and :func:`articles_enqueue_pending` sends it once the broker is back.
    """
    from .tasks import article_extract_task

    try:
        article_extract_task.delay(article_id)
    except BROKER_ERRORS as exc:
        logger.warning("article %s stays queued: the broker is unreachable (%s)", article_id, exc)
        return False
    Article.objects.filter(pk=article_id, status=Article.Status.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


def articles_enqueue_pending(*, limit: int = SWEEP_BATCH) -> int:
    """Send the queued articles that never reached the broker, or whose message the broker
    has held for so long that it was probably lost; returns how many were sent. Sending one
    twice is harmless: extraction is idempotent."""
    lost = timezone.now() - LOST_AFTER
    pending = Article.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost), status=Article.Status.QUEUED
    )
    sent = 0
    for article_id in pending.order_by("id").values_list("id", flat=True)[:limit]:
        if not article_enqueue(article_id=article_id):
            break
        sent += 1
    return sent


def article_extract(*, article: Article) -> Article:
    """Run the extractor on ``article`` and store what it finds.

    An error of the extractor marks the article ``failed`` with the reason and keeps its
    text; database errors propagate so that the task can retry.
    """
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.EXTRACTING, updated_at=timezone.now()
    )
    try:
        if article.language not in ("en", ""):
            raise ValueError(
                f"the text is not English (detected: {article.language});"
                " the extractor reads English only"
            )
        attributions = extraction.extract(article.body, time_limit=settings.EXTRACTION_TIME_LIMIT)
    except Exception as exc:  # noqa: BLE001 - any extractor failure is recorded, not lost
        logger.exception("extraction of article %s failed", article.pk)
        return article_mark_failed(article=article, reason=f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        attributions_store(article=article, attributions=attributions)
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.DONE,
            error="",
            extractor_version=extraction.VERSION,
            extracted_at=timezone.now(),
            updated_at=timezone.now(),
        )
    article.refresh_from_db()
    return article


def article_mark_failed(*, article: Article, reason: str) -> Article:
    """Record that extraction of ``article`` failed, and why."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.FAILED, error=reason[:MAX_ERROR_CHARS], updated_at=timezone.now()
    )
    article.refresh_from_db()
    return article
