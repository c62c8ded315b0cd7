"""Celery tasks of articles: thin wrappers that call a service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from config.celery import Task

from .models import Article, Feed
from .services import (
    FETCH_STOPPED,
    article_clean,
    article_extract_leased,
    article_fetch,
    article_mark_failed,
    articles_enqueue_pending,
    articles_release,
    feed_poll,
    feeds_due,
)

# The article tasks: acknowledged once done (a task that dies is redelivered), retried with
# backoff while the database is unreachable or dropped the connection.
DATABASE_RETRIES = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}
# How long a message whose article another task is extracting waits before looking again.
HELD_RETRY_SECONDS = 10
HARD_LIMIT_REASON = "extraction exceeded its hard time limit (the worker process was stopped)"
CLEANING_STOPPED = "Cleaning failed: the page took longer than the task's time limit to clean"


class ExtractTask(Task):
    """An extraction task that cleans up after its pool process was killed."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Past the hard time limit the pool process is killed, and Celery (5.7 on) calls this
        in the worker's main process: the message's article fails with the reason, and the
        rest of its batch goes back to the queue now rather than when the lease lapses."""
        if isinstance(exc, TimeLimitExceeded) and args:
            articles_release(holder=task_id, article_id=args[0], reason=HARD_LIMIT_REASON)


@shared_task(
    base=ExtractTask,
    bind=True,
    **DATABASE_RETRIES,
)
def article_extract_task(self, article_id: int) -> str:
    """Extract the quotes of one article, and of others waiting in the queue with it.

    Idempotent: a redelivered or repeated message leaves the same rows. The lease is taken in
    the task's id, which a retry or a redelivery keeps, so a task takes its own lease back.
    """
    holder = self.request.id or f"eager-{article_id}"
    try:
        outcome = article_extract_leased(article_id=article_id, holder=holder)
    except SoftTimeLimitExceeded:
        articles_release(
            holder=holder, article_id=article_id, reason="extraction exceeded its time limit"
        )
        return "failed"
    if outcome == "held":
        # another live task is extracting it; look again once it has probably finished
        # (by the time the lease lapses this task leases it itself; the limit covers that)
        limit = settings.EXTRACTION_LEASE_SECONDS // HELD_RETRY_SECONDS + self.max_retries + 1
        raise self.retry(countdown=HELD_RETRY_SECONDS, max_retries=limit)
    return outcome


@shared_task(acks_late=True, ignore_result=True)
def articles_enqueue_pending_task() -> int:
    """Periodic sweep (Celery beat): send queued articles the broker never received, and
    queue again articles whose extracting task died."""
    return articles_enqueue_pending()


@shared_task(
    **DATABASE_RETRIES,
)
def article_fetch_task(article_id: int) -> str:
    """Fetch the page of an article ingested by URL, then queue its extraction."""
    try:
        return article_fetch(article_id=article_id)
    except SoftTimeLimitExceeded:  # a backstop: the fetch has a deadline of its own
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return "missing"
        return article_mark_failed(article=article, reason=f"Fetch failed: {FETCH_STOPPED}").status


class CleanTask(Task):
    """A cleaning task whose article fails, rather than waits for the sweep to send it again,
    when its pool process was killed at the hard time limit."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if isinstance(exc, TimeLimitExceeded) and args:
            _clean_stopped(args[0])


@shared_task(
    base=CleanTask,
    **DATABASE_RETRIES,
)
def article_clean_task(article_id: int) -> str:
    """Clean the HTML of an article ingested as a web page, then queue its extraction."""
    try:
        return article_clean(article_id=article_id)
    except SoftTimeLimitExceeded:  # a page that trafilatura takes minutes over
        return _clean_stopped(article_id)


def _clean_stopped(article_id: int) -> str:
    article = Article.objects.filter(pk=article_id, status=Article.Status.CLEANING).first()
    if article is None:
        return "missing or already cleaned"
    return article_mark_failed(article=article, reason=CLEANING_STOPPED).status


@shared_task(acks_late=True, ignore_result=True)
def feeds_poll_task() -> int:
    """Periodic (Celery beat): send a poll of each feed that is due."""
    due = feeds_due()
    for feed_id in due:
        feed_poll_task.delay(feed_id)
    return len(due)


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def feed_poll_task(feed_id: int) -> int:
    """Poll one feed and ingest its new items."""
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    return feed_poll(feed=feed) if feed else 0
