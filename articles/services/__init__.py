"""Writes to articles, by sub-domain: ``ingest`` (storing what came in, cleaning a page into
its text), ``fetching`` (a page fetched by a worker), ``queueing`` (the broker, requeues, the
sweep), ``extracting`` (a worker's lease on a batch, the extractor, the store, failures) and
``feeds``, ``deletion``; ``background`` runs tasks in a thread when there is no broker."""

from .background import tasks_in_foreground, tasks_wait
from .batch import IngestOutcome, articles_ingest, upload_source
from .deletion import article_delete, article_kept_message
from .extracting import (
    article_extract,
    article_extract_leased,
    article_mark_failed,
    articles_extract,
    articles_release,
)
from .feeds import feed_add, feed_poll, feeds_due
from .fetching import FETCH_STOPPED, article_fetch
from .ingest import article_clean, article_ingest
from .queueing import article_enqueue, article_requeue, articles_enqueue_pending

__all__ = [
    "IngestOutcome",
    "FETCH_STOPPED",
    "article_clean",
    "article_delete",
    "article_enqueue",
    "article_extract",
    "article_extract_leased",
    "article_fetch",
    "article_kept_message",
    "article_ingest",
    "article_mark_failed",
    "article_requeue",
    "articles_enqueue_pending",
    "articles_extract",
    "articles_ingest",
    "articles_release",
    "feed_add",
    "feed_poll",
    "feeds_due",
    "tasks_in_foreground",
    "tasks_wait",
    "upload_source",
]
