"""RSS and Atom feeds: registering and polling them."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urljoin

import feedparser
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from ..fetch import FetchError, FetchRefused, check_url
from ..models import Article, Feed
from .extracting import MAX_ERROR_CHARS
from .fetching import _fetch_recorded
from .ingest import article_ingest

logger = logging.getLogger(__name__)


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
