"""Statement embeddings: computed for the quotes that lack one, kept beside them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.db import transaction
from django.db.models import Q, QuerySet

from extraction.embedding import ENCODER, embed

from ..models import Quote, QuoteEmbedding
from ..vectors import vector_bytes
from .vector_index import embeddings_lock_for_write, vector_cells

# Quotes embedded per encoder call and per insert.
FILL_BATCH = 256


def quotes_unembedded(quotes: QuerySet[Quote] | None = None) -> QuerySet[Quote]:
    """``quotes`` (every quote by default) with no embedding by the current encoder."""
    quotes = Quote.objects.all() if quotes is None else quotes
    return quotes.filter(Q(embedding__isnull=True) | ~Q(embedding__encoder=ENCODER))


def quote_embeddings_fill(
    *,
    quotes: QuerySet[Quote] | None = None,
    batch: int = FILL_BATCH,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Compute and store the embedding of each of ``quotes`` (every quote by default) that has
    none by the current encoder; returns the ids of the quotes given one. Idempotent, and safe
    beside an editor's correction or another process doing the same (see
    :func:`quote_embeddings_store`). ``progress`` is called with the number done after each
    batch."""
    stored: list[int] = []
    ids = list(quotes_unembedded(quotes).order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch):
        rows = dict(
            Quote.objects.filter(pk__in=ids[first : first + batch]).values_list("pk", "text")
        )
        vectors = dict(zip(rows, embed(list(rows.values())), strict=True))
        stored += quote_embeddings_store(vectors, texts=rows)
        if progress:
            progress(len(rows))
    return stored


def quote_embeddings_store(vectors: dict[int, np.ndarray], *, texts: dict[int, str]) -> list[int]:
    """Store one vector per quote id (replacing an older one), made from ``texts``; returns the
    ids stored. A quote deleted meanwhile, or whose text an editor changed since it was read
    (its new text gets its own vector), is skipped: the quotes are locked while this checks
    and writes. Each vector goes into its cell of the vector index, when there is one."""
    with transaction.atomic():
        current = dict(
            Quote.objects.select_for_update().filter(pk__in=vectors).values_list("pk", "text")
        )
        kept = {pk: vector for pk, vector in vectors.items() if current.get(pk) == texts[pk]}
        embeddings_lock_for_write()
        cells = vector_cells(np.asarray(list(kept.values())))
        rows = [
            QuoteEmbedding(quote_id=pk, encoder=ENCODER, vector=vector_bytes(vector), cell=cell)
            for (pk, vector), cell in zip(kept.items(), cells, strict=True)
        ]
        QuoteEmbedding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["quote"],
            update_fields=["encoder", "vector", "cell"],
        )
    return [row.quote_id for row in rows]


def quote_embedding_drop(*, quote: Quote) -> None:
    """The quote's text changed: its vector is stale until computed again."""
    QuoteEmbedding.objects.filter(quote=quote).delete()
