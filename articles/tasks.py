"""Celery tasks of articles: thin wrappers that load a row and call a service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from .models import Article
from .services import article_extract, article_mark_failed, articles_enqueue_pending


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def article_extract_task(self, article_id: int) -> str:
    """Extract the quotes of one article. Idempotent: running it again gives the same rows."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "missing"
    try:
        return article_extract(article=article).status
    except SoftTimeLimitExceeded:
        return article_mark_failed(
            article=article, reason="extraction exceeded its time limit"
        ).status


@shared_task(acks_late=True, ignore_result=True)
def articles_enqueue_pending_task() -> int:
    """Periodic sweep (Celery beat): send queued articles the broker never received."""
    return articles_enqueue_pending()
