"""Writes to articles: ingest, extraction and its status."""

from __future__ import annotations

import datetime as dt
import logging
import time
from urllib.parse import urljoin

import feedparser
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

import extraction
from claims.selectors import quotes_kept, speaker_registry
from claims.services import SpeakerCache, attributions_store

from .fetch import FetchError, FetchRefused, Response, check_url, fetch
from .html import NoArticleText, html_extract
from .models import Article, Feed, Fetch
from .text import text_clean, text_hash, text_split_furniture

logger = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000
# How many pending articles one sweep sends at most; the next sweep takes the rest.
SWEEP_BATCH = 500
# A queued article whose message is older than this was lost (a broker restarted empty).
LOST_AFTER = dt.timedelta(hours=1)
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)
# Storing one article's quotes is tried this many times when the error may pass (a deadlock,
# a dropped connection), with a pause growing by this many seconds; then it fails.
STORE_ATTEMPTS = 3
STORE_RETRY_SECONDS = 0.5
FETCH_STOPPED = "the fetch was stopped by the task's time limit"


def article_ingest(
    *,
    text: str = "",
    html: str = "",
    title: str = "",
    url: str | None = None,
    outlet: str = "",
    published_on: dt.date | None = None,
) -> tuple[Article, bool]:
    """Store an article, given as plain ``text``, as a web page's ``html``, or as a ``url``
    alone (the page is then fetched by a worker), and queue its extraction once the
    transaction commits.

    Page furniture ("ARTICLE AD BOX", "Image source, EPA") is removed and captions are kept
    apart from the body. Title, outlet and date not given are taken from the page's metadata.
    Returns ``(article, created)``: the same body or the same url ingested again gives back
    the existing article, and queues nothing.
    """
    url = (url or "").strip() or None
    if not text and not html and url:
        return _article_from_url(url=url, title=title, outlet=outlet, published_on=published_on)
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
    return {
        "title": title.strip()[:500],
        "outlet": outlet.strip()[:200],
        "published_on": published_on,
        # PostgreSQL text cannot hold NUL; it is the one character not kept as it came
        "raw_text": raw.replace("\x00", "\ufffd"),
        "body": body,
        "captions": "\n".join(text_clean(c) for c in captions),
        "content_hash": text_hash(body),
        "language": extraction.detect_language(body),
    }


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
    article = Article(
        url=url,
        title=title.strip()[:500],
        outlet=outlet.strip()[:200],
        published_on=published_on,
        status=Article.Status.FETCHING,
    )
    article.full_clean(exclude=["body", "raw_text"])
    try:
        with transaction.atomic():
            article.save()
            _queue_extraction(article)
    except IntegrityError:  # the same url, ingested by someone else meanwhile
        return Article.objects.get(url=url), False
    return article, True


def _fetch_recorded(url: str, *, headers: dict | None = None, **owner) -> Response:
    """:func:`fetch`, with the request kept as a :class:`Fetch` of ``owner`` (article or feed)
    whether it succeeded or not."""
    try:
        response = fetch(url, headers=headers)
    except FetchError as exc:
        Fetch.objects.create(url=url, error=str(exc), **owner)
        raise
    except SoftTimeLimitExceeded:
        Fetch.objects.create(url=url, error=FETCH_STOPPED, **owner)
        raise
    Fetch.objects.create(
        url=url,
        final_url=response.final_url,
        status_code=response.status,
        headers=response.headers,
        content=response.content,
        seconds=round(response.elapsed, 3),
        **owner,
    )
    return response


def article_fetch(*, article_id: int) -> str:
    """Fetch the page of an article ingested by URL (in a worker), keep the response for
    provenance, and queue its extraction; a page whose text is already an article makes
    this one a duplicate of it. Returns the article's status."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    if article.status != Article.Status.FETCHING:
        return f"already {article.status}"
    try:
        response = _fetch_recorded(article.url, article=article)
    except FetchError as exc:
        return article_mark_failed(article=article, reason=f"Fetch failed: {exc}").status
    try:
        page = response.text()
        as_html = response.content_type != "text/plain"
        fields = _article_fields(
            text="" if as_html else page,
            html=page if as_html else "",
            title=article.title,
            outlet=article.outlet,
            published_on=article.published_on,
        )
    except (FetchError, ValidationError) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return article_mark_failed(article=article, reason=f"Fetch failed: {reason}").status
    same = Article.objects.filter(content_hash=fields["content_hash"]).first()
    if same is None:
        try:
            with transaction.atomic():
                updated = Article.objects.filter(
                    pk=article.pk, status=Article.Status.FETCHING
                ).update(
                    status=Article.Status.QUEUED,
                    enqueued_at=None,
                    updated_at=timezone.now(),
                    **fields,
                )
                if updated:
                    _queue_extraction(article)
            return Article.Status.QUEUED if updated else "already fetched"
        except IntegrityError:  # another article got the same text meanwhile
            same = Article.objects.filter(content_hash=fields["content_hash"]).first()
    fields["content_hash"] = None
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.DUPLICATE,
        duplicate_of=same,
        error="",
        updated_at=timezone.now(),
        **fields,
    )
    return Article.Status.DUPLICATE


def article_requeue(*, article: Article) -> Article:
    """Queue a new extraction of ``article`` (after a failure, or a new extractor); an
    article whose page was never fetched is fetched again first."""
    if article.status == Article.Status.DUPLICATE:
        raise ValidationError(
            f"This article is a duplicate of article {article.duplicate_of_id}: requeue that one."
        )
    fetch_again = not article.body
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.FETCHING if fetch_again else Article.Status.QUEUED,
            error="",
            enqueued_at=None,
            claimed_by="",
            claimed_until=None,
            updated_at=timezone.now(),
        )
        _queue_extraction(article)
    article.refresh_from_db()
    return article


def article_kept_message(*, article: Article, kept: int) -> str:
    return (
        f"“{article}” is not deleted: editors edited, verified, rejected or put in a claim"
        f" {kept} of its statements, and their history stays."
    )


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete ``article`` with its machine's statements. Refused (ValidationError) while
    people decided on some of them (:func:`claims.selectors.quotes_kept`): their history
    would go with them."""
    kept = quotes_kept(article=article).count()
    if kept:
        raise ValidationError(article_kept_message(article=article, kept=kept))
    article.delete()


def _queue_extraction(article: Article) -> None:
    article_id = article.pk
    transaction.on_commit(lambda: article_enqueue(article_id=article_id))


def article_enqueue(*, article_id: int) -> bool:
    """Hand the article's next step (fetching its page, or extraction) to the broker and
    record that it got there.

    When the broker cannot be reached the article simply stays ``fetching`` or ``queued``
    with no ``enqueued_at``, and :func:`articles_enqueue_pending` sends it once the broker
    is back.
    """
    from .tasks import article_extract_task, article_fetch_task

    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    task = article_fetch_task if status == Article.Status.FETCHING else article_extract_task
    try:
        task.delay(article_id)
    except BROKER_ERRORS as exc:
        logger.warning("article %s waits: the broker is unreachable (%s)", article_id, exc)
        return False
    Article.objects.filter(pk=article_id, status=status).update(enqueued_at=timezone.now())
    return True


def articles_enqueue_pending(*, limit: int = SWEEP_BATCH) -> int:
    """Send the queued articles that never reached the broker, or whose message the broker
    has held for so long that it was probably lost; returns how many were sent. Sending one
    twice is harmless: extraction is idempotent."""
    now = timezone.now()
    # claims of tasks that died without their message coming back (a hard time limit)
    Article.objects.filter(status=Article.Status.EXTRACTING, claimed_until__lt=now).update(
        status=Article.Status.QUEUED, claimed_by="", claimed_until=None, enqueued_at=None
    )
    lost = now - LOST_AFTER
    pending = Article.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost),
        status__in=[Article.Status.QUEUED, Article.Status.FETCHING],
    )
    sent = 0
    for article_id in pending.order_by("id").values_list("id", flat=True)[:limit]:
        if not article_enqueue(article_id=article_id):
            break
        sent += 1
    return sent


def article_extract(*, article: Article) -> Article:
    """Extract ``article`` now, in this process, and store what the extractor finds."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.EXTRACTING,
        claimed_until=timezone.now() + _lease(),
        updated_at=timezone.now(),
    )
    articles_extract(articles=[article])
    article.refresh_from_db()
    return article


def article_extract_claimed(*, article_id: int, claimant: str) -> str:
    """What a worker does with one extraction message.

    The article is claimed for ``claimant`` (the task's id), together with other articles
    waiting in the queue when there are any, up to ``EXTRACTION_BATCH_SIZE`` articles and
    ``EXTRACTION_BATCH_CHARS`` characters: they are parsed in one spaCy ``pipe`` call, and
    their own messages later find them done. Returns what became of the message's article:
    ``done``, ``failed``, ``already done`` / ``already failed`` (nothing to do), ``missing``,
    or ``held`` when another live task holds it (the caller retries later).
    """
    state, ids = _articles_claim(article_id=article_id, claimant=claimant)
    if ids:
        articles_extract(articles=list(Article.objects.filter(pk__in=ids).order_by("id")))
    if state != "claimed":
        return state
    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    return status or "missing"


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EXTRACTION_LEASE_SECONDS)


def _articles_claim(*, article_id: int, claimant: str) -> tuple[str, list[int]]:
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
            and own.claimed_until is not None
            and own.claimed_until > now
            and own.claimed_by != claimant
        )
        ids = [] if held else [own.pk]
        if claimant and connection.features.has_select_for_update_skip_locked:
            used = 0 if held else len(own.body)
            ids += _more_to_claim(exclude=own.pk, claimant=claimant, used=used)
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.EXTRACTING,
            claimed_by=claimant,
            claimed_until=now + _lease(),
            updated_at=now,
        )
    return ("held" if held else "claimed"), ids


def _more_to_claim(*, exclude: int, claimant: str, used: int) -> list[int]:
    """Articles to extract with the claimed one: those this claimant held when its worker
    died (its message came back), then articles whose messages wait in the queue. Rows
    another transaction is claiming are skipped, not waited for."""
    size, chars = settings.EXTRACTION_BATCH_SIZE - 1, settings.EXTRACTION_BATCH_CHARS - used
    if size <= 0 or chars <= 0:
        return []
    waiting = (
        Article.objects.select_for_update(skip_locked=True)
        .filter(
            Q(status=Article.Status.EXTRACTING, claimed_by=claimant)
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
                reason=f"the text is not English (detected: {article.language});"
                " the extractor reads English only",
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
        article_mark_failed(article=english[0], reason=f"{type(exc).__name__}: {exc}")
        return
    cache = SpeakerCache()
    for article, attributions in zip(english, found, strict=True):
        _article_store_or_fail(article=article, attributions=attributions, cache=cache)


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
        # the row lock serialises two tasks storing the same article (a lapsed claim)
        Article.objects.select_for_update().filter(pk=article.pk).first()
        attributions_store(article=article, attributions=attributions, cache=cache)
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.DONE,
            error="",
            claimed_by="",
            claimed_until=None,
            extractor_version=extraction.VERSION,
            extracted_at=timezone.now(),
            updated_at=timezone.now(),
        )


def articles_release(*, claimant: str, reason: str, article_id: int | None = None) -> None:
    """A task stopped before finishing: ``article_id`` (its own) is marked failed with
    ``reason``, and the other articles it had claimed go back to the queue."""
    if article_id is not None:
        article_mark_failed(article=Article(pk=article_id), reason=reason)
    Article.objects.filter(status=Article.Status.EXTRACTING, claimed_by=claimant).update(
        status=Article.Status.QUEUED,
        claimed_by="",
        claimed_until=None,
        enqueued_at=None,
        updated_at=timezone.now(),
    )


def article_mark_failed(*, article: Article, reason: str) -> Article:
    """Record that extraction of ``article`` failed, and why."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.FAILED,
        error=reason[:MAX_ERROR_CHARS],
        claimed_by="",
        claimed_until=None,
        updated_at=timezone.now(),
    )
    article.refresh_from_db()
    return article


def feed_add(*, url: str, outlet: str = "", by: AbstractBaseUser | None = None) -> Feed:
    """Register an RSS or Atom feed; beat polls it from then on."""
    try:
        check_url(url)
    except FetchRefused as exc:
        raise ValidationError({"url": str(exc)}) from exc
    feed = Feed(url=url.strip(), outlet=outlet.strip()[:200], added_by=by)
    feed.full_clean()
    feed.save()
    return feed


def feed_poll(*, feed: Feed) -> int:
    """Fetch ``feed`` (conditionally: ETag / Last-Modified) and ingest each item not seen
    yet; returns how many articles were created. Items are deduplicated by url here, and by
    content once their pages are fetched."""
    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    now = timezone.now()
    try:
        response = _fetch_recorded(feed.url, headers=conditional, feed=feed)
    except FetchError as exc:
        Feed.objects.filter(pk=feed.pk).update(polled_at=now, error=str(exc)[:MAX_ERROR_CHARS])
        return 0
    if response.status == 304:
        Feed.objects.filter(pk=feed.pk).update(polled_at=now, error="")
        return 0
    parsed = feedparser.parse(response.content, response_headers=response.headers)
    if parsed.bozo and not parsed.entries:
        reason = f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})"
        Feed.objects.filter(pk=feed.pk).update(polled_at=now, error=reason[:MAX_ERROR_CHARS])
        return 0
    created = 0
    for entry in parsed.entries:
        link = urljoin(response.final_url, entry.get("link", "")).split("#")[0]
        if not entry.get("link") or Article.objects.filter(url=link).exists():
            continue
        try:
            _, new = article_ingest(
                url=link,
                title=entry.get("title", ""),
                outlet=feed.outlet or parsed.feed.get("title", ""),
                published_on=_entry_date(entry),
            )
        except ValidationError as exc:
            logger.warning("feed %s: item %s skipped (%s)", feed.pk, link, exc)
            continue
        created += new
    Feed.objects.filter(pk=feed.pk).update(
        polled_at=now,
        error="",
        title=feed.title or parsed.feed.get("title", "")[:500],
        etag=response.headers.get("etag", "")[:500],
        last_modified=response.headers.get("last-modified", "")[:100],
    )
    return created


def _entry_date(entry) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(*stamp[:3]) if stamp else None


def feeds_due() -> list[int]:
    """The active feeds not polled for FEED_POLL_SECONDS."""
    since = timezone.now() - dt.timedelta(seconds=settings.FEED_POLL_SECONDS)
    due = Feed.objects.filter(Q(polled_at__isnull=True) | Q(polled_at__lt=since), active=True)
    return list(due.order_by("polled_at", "id").values_list("id", flat=True))
