"""Statements by meaning: which stored statements are closest to a statement or to a text.

Vectors are the quotes' embeddings (:mod:`extraction.embedding`, stored by
:mod:`claims.services.embeddings`); closeness is their dot product, the cosine similarity of
unit vectors, from -1 to 1. The candidates are read in chunks and scored with numpy, so that
memory stays bounded whatever their number."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from extraction.embedding import ENCODER, embed

from .models import Claim, Quote, QuoteEmbedding
from .selectors import quote_rows_all, speaker_resolve

CHUNK = 20_000
# The lowest score offered as similar by default.
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Match:
    quote_id: int
    score: float


def vector_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float16, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def vectors_read(blobs: list[bytes]) -> np.ndarray:
    """Stored vectors as one float32 matrix, shape (len(blobs), dimensions)."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    joined = b"".join(bytes(blob) for blob in blobs)
    return np.frombuffer(joined, dtype="<f2").reshape(len(blobs), -1).astype(np.float32)


def quote_vector(quote: Quote) -> np.ndarray | None:
    """The quote's stored vector by the current encoder, or None when it has none yet."""
    blob = (
        QuoteEmbedding.objects.filter(quote=quote, encoder=ENCODER)
        .values_list("vector", flat=True)
        .first()
    )
    return None if blob is None else vectors_read([blob])[0]


def text_vector(text: str) -> np.ndarray:
    """The vector of a text that is not stored (a search by meaning)."""
    return embed([text])[0]


def quotes_nearest(
    vector: np.ndarray,
    *,
    candidates: QuerySet[Quote],
    limit: int,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """The ``limit`` quotes of ``candidates`` closest to ``vector``, best first, each scoring
    at least ``min_score``; quotes with no vector yet are not found."""
    rows = (
        QuoteEmbedding.objects.filter(encoder=ENCODER, quote__in=candidates.order_by().values("pk"))
        .values_list("quote_id", "vector")
        .iterator(chunk_size=CHUNK)
    )
    best: list[tuple[float, int]] = []  # a heap of the best (score, id) so far
    ids: list[int] = []
    blobs: list[bytes] = []
    for quote_id, blob in rows:
        ids.append(quote_id)
        blobs.append(blob)
        if len(ids) == CHUNK:
            _keep_best(best, ids, vectors_read(blobs) @ vector, limit, min_score)
            ids, blobs = [], []
    if ids:
        _keep_best(best, ids, vectors_read(blobs) @ vector, limit, min_score)
    return [
        Match(quote_id, round(float(score), 4)) for score, quote_id in sorted(best, reverse=True)
    ]


def _keep_best(
    best: list[tuple[float, int]], ids: list[int], scores: np.ndarray, limit: int, floor: float
) -> None:
    top = np.argsort(-scores)[:limit]
    for index in top:
        score = float(scores[index])
        if score < floor:
            break
        item = (score, ids[index])
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)


def quote_similar(
    *,
    quote: Quote,
    speaker_id: int | None = None,
    published_after: dt.date | None = None,
    published_before: dt.date | None = None,
    limit: int = 20,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """Statements closest in meaning to ``quote`` (itself and rejected ones left out), best
    first, optionally of one speaker and within dates. A quote whose vector is not computed
    yet is compared by its text's vector, computed now."""
    vector = quote_vector(quote)
    if vector is None:
        vector = text_vector(quote.text)
    candidates = Quote.objects.filter(rejected=False).exclude(pk=quote.pk)
    if speaker_id is not None:
        candidates = candidates.filter(speaker_id=speaker_id)
    if published_after is not None:
        candidates = candidates.filter(published_on__gte=published_after)
    if published_before is not None:
        candidates = candidates.filter(published_on__lte=published_before)
    return quotes_nearest(vector, candidates=candidates, limit=limit, min_score=min_score)


def quote_similar_rows(
    *, quote: Quote, speaker: str | None = None, **options: Any
) -> list[dict[str, Any]]:
    """:func:`quote_similar` as the quote list's rows, each with its ``score``; ``speaker`` is
    a speaker's id, slug or any name (one merged into another stands for that one), and
    nobody's statements are found for a speaker nobody has."""
    if speaker is not None:
        found = speaker_resolve(speaker)
        if found is None:
            return []
        options["speaker_id"] = found.pk
    matches = quote_similar(quote=quote, **options)
    return _scored_rows(matches)


# Matching statements offered on a claim's page.
CLAIM_MATCHES = 10


def claim_matching_rows(claim: Claim, *, limit: int = CLAIM_MATCHES) -> list[dict[str, Any]]:
    """Statements from other articles closest in meaning to ``claim`` (its text, or else its
    statements' vectors averaged), best first, each with its ``score``: candidates to attach.
    Statements already attached, and rejected ones, are left out."""
    attached = list(claim.quotes.values_list("pk", "article_id"))
    if claim.statement.strip():
        vector = text_vector(claim.statement)
    else:
        blobs = list(
            QuoteEmbedding.objects.filter(
                quote_id__in=[pk for pk, _ in attached], encoder=ENCODER
            ).values_list("vector", flat=True)
        )
        if not blobs:
            return []
        mean = vectors_read(blobs).mean(axis=0)
        vector = mean / (np.linalg.norm(mean) or 1)
    candidates = Quote.objects.filter(rejected=False).exclude(
        article_id__in={article for _, article in attached}
    )
    matches = quotes_nearest(vector, candidates=candidates, limit=limit)
    return _scored_rows(matches)


def _scored_rows(matches: list[Match]) -> list[dict[str, Any]]:
    """The quote list's rows of ``matches``, in their order, each with its ``score``."""
    rows = {row["id"]: row for row in quote_rows_all().filter(pk__in=[m.quote_id for m in matches])}
    return [{**rows[m.quote_id], "score": m.score} for m in matches if m.quote_id in rows]
