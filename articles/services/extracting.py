"""Extraction in the worker: the lease on a batch of articles, the extractor run, the
store, failures."""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

import extraction
from claims.models import Quote
from claims.selectors import speaker_registry
from claims.services import (
    SpeakerCache,
    attributions_store,
    quote_embeddings_fill,
    statement_groups_update,
)

from ..models import Article

logger = logging.getLogger(__name__)


MAX_ERROR_CHARS = 2000


# Storing one article's quotes is tried this many times when the error may pass (a deadlock,
# a dropped connection), with a pause growing by this many seconds; then it fails.
STORE_ATTEMPTS = 3


STORE_RETRY_SECONDS = 0.5


def article_extract(*, article: Article) -> Article:
    """Extract ``article`` now, in this process, and store what the extractor finds."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.EXTRACTING,
        lease_expires_at=timezone.now() + _lease(),
        updated_at=timezone.now(),
    )
    articles_extract(articles=[article])
    article.refresh_from_db()
    return article


def article_extract_leased(*, article_id: int, holder: str) -> str:
    """What a worker does with one extraction message.

    The article is leased for ``holder`` (the task's id), together with other articles
    waiting in the queue when there are any, up to ``EXTRACTION_BATCH_SIZE`` articles and
    ``EXTRACTION_BATCH_CHARS`` characters: they are parsed in one spaCy ``pipe`` call, and
    their own messages later find them done. Returns what became of the message's article:
    ``done``, ``failed``, ``already done`` / ``already failed`` (nothing to do), ``missing``,
    or ``held`` when another live task holds it (the caller retries later).
    """
    state, ids = _articles_lease(article_id=article_id, holder=holder)
    if ids:
        articles_extract(articles=list(Article.objects.filter(pk__in=ids).order_by("id")))
    if state != "leased":
        return state
    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    return status or "missing"


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EXTRACTION_LEASE_SECONDS)


def _articles_lease(*, article_id: int, holder: str) -> tuple[str, list[int]]:
    now = timezone.now()
    finished = (Article.Status.DONE, Article.Status.FAILED)
    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    if status in finished:  # extracted with another article's batch: nothing to lock
        return f"already {status}", []
    with transaction.atomic():
        own = Article.objects.select_for_update().filter(pk=article_id).first()
        if own is None:
            return "missing", []
        if own.status in (Article.Status.DONE, Article.Status.FAILED):
            return f"already {own.status}", []
        held = (
            own.status == Article.Status.EXTRACTING
            and own.lease_expires_at is not None
            and own.lease_expires_at > now
            and own.leased_by != holder
        )
        ids = [] if held else [own.pk]
        if holder and connection.features.has_select_for_update_skip_locked:
            used = 0 if held else len(own.body)
            ids += _more_to_lease(exclude=own.pk, holder=holder, used=used)
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.EXTRACTING,
            leased_by=holder,
            lease_expires_at=now + _lease(),
            updated_at=now,
        )
    return ("held" if held else "leased"), ids


def _more_to_lease(*, exclude: int, holder: str, used: int) -> list[int]:
    """Articles to extract with the leased one: those this holder held when its worker
    died (its message came back), then articles whose messages wait in the queue. Rows
    another transaction is leasing are skipped, not waited for."""
    size, chars = settings.EXTRACTION_BATCH_SIZE - 1, settings.EXTRACTION_BATCH_CHARS - used
    if size <= 0 or chars <= 0:
        return []
    waiting = (
        Article.objects.select_for_update(skip_locked=True)
        .filter(
            Q(status=Article.Status.EXTRACTING, leased_by=holder)
            | Q(status=Article.Status.QUEUED, enqueued_at__isnull=False)
        )
        .exclude(pk=exclude)
        .annotate(chars=Length("body"))
        .order_by("id")
        .values_list("pk", "chars")[: size * 4]
    )
    ids: list[int] = []
    for pk, length in waiting:
        if len(ids) == size:
            break
        if length <= chars:
            ids.append(pk)
            chars -= length
    return ids


def articles_extract(*, articles: list[Article]) -> None:
    """Extract ``articles`` in one go (their texts parsed in one spaCy ``pipe`` call) and store
    what is found for each, with bulk inserts.

    An extractor error marks the article at fault ``failed`` with the reason and keeps its
    text: when a batch fails, each article is extracted again on its own to find which. A
    failure storing one article's quotes fails that article alone (:func:`_article_store_or_fail`).
    Database errors that also prevent recording a failure propagate, so that the task retries.
    """
    english = []
    for article in articles:
        if article.language in ("en", ""):
            english.append(article)
        else:
            article_mark_failed(
                article=article,
                reason="Extraction failed: the text is not in English"
                " (the extractor reads English only)",
            )
    if not english:
        return
    # the speakers the database knows, as editors left them; what this batch teaches it
    # (people named in full) carries from one article to the next
    registry = speaker_registry()
    try:
        found = list(
            extraction.extract_many(
                [a.body for a in english],
                time_limit=settings.EXTRACTION_TIME_LIMIT,
                mode=settings.EXTRACTION_MODE,
                registry=registry,
            )
        )
    except SoftTimeLimitExceeded:
        raise  # the task's time is up: it releases its batch (not a reason to go one by one)
    except Exception as exc:  # noqa: BLE001 - any extractor failure is recorded, not lost
        if len(english) > 1:
            logger.warning("a batch of %s articles failed (%s); one by one", len(english), exc)
            for article in english:
                articles_extract(articles=[article])
            return
        logger.exception("extraction of article %s failed", english[0].pk)
        error = f"{type(exc).__name__}: {exc}"
        reason = f"Extraction failed: the extractor stopped on an error ({error})"
        article_mark_failed(article=english[0], reason=reason)
        return
    cache = SpeakerCache()
    for article, attributions in zip(english, found, strict=True):
        _article_store_or_fail(article=article, attributions=attributions, cache=cache)
    if settings.EMBED_STATEMENTS:
        _articles_embed(articles=english)


def _articles_embed(*, articles: list[Article]) -> None:
    """The embeddings of the batch's statements, then their statement groups. A failure here
    costs no article: its statements stay, without vectors or groups until
    ``manage.py embed_statements`` computes them (``--regroup`` when only the grouping
    failed). The task's time running out here (its soft limit) is one such failure: the
    articles are done, and must not be released as failed."""
    try:
        quotes = Quote.objects.filter(article__in=articles)
        quote_embeddings_fill(quotes=quotes)
        statement_groups_update(quotes=quotes)
    except Exception:  # noqa: BLE001 - the articles are stored; only the vectors wait
        logger.exception(
            "embedding or grouping the statements of articles %s failed", [a.pk for a in articles]
        )


def _article_store_or_fail(
    *, article: Article, attributions: list[extraction.Attribution], cache: SpeakerCache
) -> None:
    """Store one article's quotes. Whatever goes wrong ends this article alone as ``failed``
    with the reason: at once for an error that would happen again, after STORE_ATTEMPTS
    tries for a database error that may pass."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            _article_store(article=article, attributions=attributions, cache=cache)
            return
        except SoftTimeLimitExceeded:
            raise  # the task's time is up: it releases its batch
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the rest
            # speakers the cache learnt may have been rolled back with the transaction
            cache.clear()
            failure = exc
            if not isinstance(exc, (OperationalError, InterfaceError)) or attempt == STORE_ATTEMPTS:
                break
            logger.warning(
                "storing article %s failed (%s: %s); trying again",
                article.pk,
                type(exc).__name__,
                exc,
            )
            time.sleep(STORE_RETRY_SECONDS * attempt)
    logger.error("storing the quotes of article %s failed: %r", article.pk, failure)
    reason = f"Storing the quotes failed: {type(failure).__name__}: {failure}"
    article_mark_failed(article=article, reason=reason)


def _article_store(
    *, article: Article, attributions: list[extraction.Attribution], cache: SpeakerCache
) -> None:
    with transaction.atomic():
        # the row lock serialises two tasks storing the same article (a lapsed lease)
        Article.objects.select_for_update().filter(pk=article.pk).first()
        attributions_store(article=article, attributions=attributions, cache=cache)
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.DONE,
            error="",
            leased_by="",
            lease_expires_at=None,
            extractor_version=extraction.VERSION,
            extracted_at=timezone.now(),
            updated_at=timezone.now(),
        )


def articles_release(*, holder: str, reason: str, article_id: int | None = None) -> None:
    """A task stopped before finishing: ``article_id`` (its own) is marked failed with
    ``reason``, and the other articles it had leased go back to the queue."""
    if article_id is not None:
        article_mark_failed(article=Article(pk=article_id), reason=reason)
    Article.objects.filter(status=Article.Status.EXTRACTING, leased_by=holder).update(
        status=Article.Status.QUEUED,
        leased_by="",
        lease_expires_at=None,
        enqueued_at=None,
        updated_at=timezone.now(),
    )


def article_mark_failed(*, article: Article, reason: str) -> Article:
    """Record that extraction of ``article`` failed, and why."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.FAILED,
        error=reason[:MAX_ERROR_CHARS],
        leased_by="",
        lease_expires_at=None,
        updated_at=timezone.now(),
    )
    article.refresh_from_db()
    return article
