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


# Acknowledged at once: a build longer than the broker's visibility timeout must not be sent
# again meanwhile; one lost with its worker is done by the next refresh.
@shared_task(ignore_result=True, acks_late=False, soft_time_limit=3600, time_limit=3700)
def vector_index_refresh_task() -> int | None:
    """Build the vector index once there are enough vectors, rebuild it when their number
    has doubled (the periodic refresh); returns the number of cells built, if any."""
    from .services import vector_index_refresh

    index = vector_index_refresh()
    return index and index.cells


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=60,
    max_retries=5,
)
def watchlist_digests_send_task() -> int:
    """Send each user the day's digest of their watchlists (idempotent: a statement a
    digest has sent is not sent again; a digest that failed to send is sent by the retry);
    the number of emails sent. OSError covers SMTP (smtplib.SMTPException is one)."""
    from .services import watchlist_digests_send

    return watchlist_digests_send()
