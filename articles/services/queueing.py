"""Handing articles to the broker, requeueing them, and the sweep that resends lost messages."""

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

from ..models import Article
from .background import task_run_in_background

logger = logging.getLogger(__name__)


# How many pending articles one sweep sends at most; the next sweep takes the rest.
SWEEP_BATCH = 500


# A queued article whose message is older than this was lost (a broker restarted empty).
LOST_AFTER = dt.timedelta(hours=1)


BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


def article_requeue(*, article: Article) -> Article:
    """Queue a new extraction of ``article`` (after a failure, or a new extractor); an
    article with no text yet is first fetched again (a page ingested by url) or cleaned
    again (a page ingested as HTML)."""
    if article.status == Article.Status.DUPLICATE:
        raise ValidationError(
            f"This article is a duplicate of article {article.duplicate_of_id}: requeue that one."
        )
    if article.body:
        step = Article.Status.QUEUED
    elif article.raw_text and not article.fetches.exists():
        step = Article.Status.CLEANING
    else:
        step = Article.Status.FETCHING
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=step,
            error="",
            enqueued_at=None,
            leased_by="",
            lease_expires_at=None,
            updated_at=timezone.now(),
        )
        _queue_extraction(article)
    article.refresh_from_db()
    return article


def _queue_extraction(article: Article) -> None:
    article_id = article.pk
    transaction.on_commit(lambda: article_enqueue(article_id=article_id))


def article_enqueue(*, article_id: int) -> bool:
    """Hand the article's next step (fetching its page, cleaning its HTML, or extraction) to
    the broker and record that it got there.

    With no broker (``TASKS_IN_BACKGROUND``) the step runs in a thread of this process.
    When the broker cannot be reached the article simply stays ``fetching``, ``cleaning`` or
    ``queued`` with no ``enqueued_at``, and :func:`articles_enqueue_pending` sends it once
    the broker is back.
    """
    from ..tasks import article_clean_task, article_extract_task, article_fetch_task

    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    task = {
        Article.Status.FETCHING: article_fetch_task,
        Article.Status.CLEANING: article_clean_task,
    }.get(status, article_extract_task)
    try:
        if settings.TASKS_IN_BACKGROUND:
            task_run_in_background(task=task, article_id=article_id)
        else:
            task.delay(article_id)
    except BROKER_ERRORS as exc:
        logger.warning("article %s waits: the broker is unreachable (%s)", article_id, exc)
        return False
    Article.objects.filter(pk=article_id, status=status).update(enqueued_at=timezone.now())
    return True


def articles_enqueue_pending(*, limit: int = SWEEP_BATCH) -> int:
    """Send the waiting articles (to fetch, to clean, to extract) that never reached the
    broker, or whose message the broker has held for so long that it was probably lost;
    returns how many were sent. Sending one twice is harmless: each step is idempotent."""
    now = timezone.now()
    # leases of tasks that died without their message coming back (a hard time limit)
    Article.objects.filter(status=Article.Status.EXTRACTING, lease_expires_at__lt=now).update(
        status=Article.Status.QUEUED, leased_by="", lease_expires_at=None, enqueued_at=None
    )
    lost = now - LOST_AFTER
    pending = Article.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost),
        status__in=[Article.Status.QUEUED, Article.Status.FETCHING, Article.Status.CLEANING],
    )
    sent = 0
    for article_id in pending.order_by("id").values_list("id", flat=True)[:limit]:
        if not article_enqueue(article_id=article_id):
            break
        sent += 1
    return sent
