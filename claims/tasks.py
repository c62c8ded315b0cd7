"""Celery tasks of claims: thin wrappers that call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=5,
)
def quotes_embed_task(quote_ids: list[int]) -> int:
    """Compute the embeddings ``quote_ids`` lack, then put them in their statement groups
    (idempotent: a quote that has a vector by the current encoder, or a group, is skipped; a
    deleted one is ignored)."""
    from .models import Quote
    from .services import quote_embeddings_fill, statement_groups_update

    quotes = Quote.objects.filter(pk__in=quote_ids)
    stored = quote_embeddings_fill(quotes=quotes)
    statement_groups_update(quotes=quotes)
    return len(stored)
