"""Statements by meaning: which stored statements are closest to a statement or to a text.

Vectors are the quotes' embeddings (:mod:`extraction.embedding`, stored by
:mod:`claims.services.embeddings`); closeness is their dot product, the cosine similarity of
unit vectors, from -1 to 1. Vectors are read in chunks and scored with numpy, so that memory
stays bounded whatever their number.

Below ``VECTOR_INDEX_MIN`` statements every candidate's vector is read: the answer is exact.
Above, the vector index (:mod:`claims.services.vector_index`) tells which cells of vectors to
read, the ``VECTOR_INDEX_PROBE`` cells nearest to the searched vector: the answer is then
approximate (``make bench-similar`` measures how many of the exact nearest it finds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import QuerySet

from extraction.embedding import ENCODER, embed

from .cells import cells_by_closeness
from .models import Claim, Quote, QuoteEmbedding
from .selectors import quote_rows_all, speaker_resolve
from .vectors import cells_read, index_centres, vectors_read

CHUNK = 20_000
# With the index, a filter this selective (fewer candidates) is answered by reading all its
# candidates' vectors, exactly.
EXACT_MAX = 20_000
# With the index, the nearest cells' best are checked against the search's filters this
# many times the statements still wanted at a time, up to CHECK_MAX of them per round.
PROBE_KEPT = 8
CHECK_MAX = 4_000
# A selective filter reads at most this many times VECTOR_INDEX_PROBE cells.
WIDEST = 4
# The lowest score offered as similar by default.
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Match:
    quote_id: int
    score: float


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
    at least ``min_score``; quotes with no vector yet are not found.

    Exact without a vector index. With one, the ``VECTOR_INDEX_PROBE`` cells nearest to
    ``vector`` are read, and their best statements kept when they are candidates. A filter
    that leaves out most of those (a speaker, dates) is answered exactly when it leaves at
    most EXACT_MAX candidates; else from four times as many cells (``WIDEST``), read a probe
    at a time."""
    centres = index_centres()
    if centres is None:
        return quotes_nearest_exact(vector, candidates=candidates, limit=limit, min_score=min_score)
    order = cells_by_closeness(vector, centres.matrix)
    probe = settings.VECTOR_INDEX_PROBE
    found: list[Match] = []
    read, cells, checked, kept = 0, probe, 0, 0
    while True:
        best = _cells_best(vector, order[read:cells].tolist(), probe, min_score)
        allowed = _candidates_among(candidates, best, limit - len(found))
        checked += len(allowed.checked)
        kept += len(allowed.kept)
        found = _merged(found, allowed.kept, limit)
        read = cells
        if len(found) >= limit or (checked and kept >= checked / 2) or read >= len(order):
            return found  # enough, or a mild filter: more cells would not add much
        if read == probe and _few(candidates):
            return quotes_nearest_exact(
                vector, candidates=candidates, limit=limit, min_score=min_score
            )
        if not checked or read >= probe * WIDEST:
            return found  # nothing near enough in the nearest cells, or read enough
        cells = read * 4


def _cells_best(vector: np.ndarray, cells: list[int], step: int, floor: float) -> list[Match]:
    """The CHECK_MAX best statements of ``cells`` at least ``floor``, best first, read
    ``step`` cells at a time (so that memory stays that of one probe)."""
    best: list[Match] = []
    for first in range(0, len(cells), step):
        ids, matrix = cells_read(cells[first : first + step])
        best = _merged(best, _top(ids, matrix @ vector, CHECK_MAX, floor), CHECK_MAX)
    return best


@dataclass(frozen=True)
class _Allowed:
    checked: list[Match]
    kept: list[Match]


def _candidates_among(candidates: QuerySet[Quote], best: list[Match], wanted: int) -> _Allowed:
    """The first of ``best`` that are ``candidates``, checked a batch at a time until
    ``wanted`` are kept."""
    checked: list[Match] = []
    kept: list[Match] = []
    step = PROBE_KEPT * max(wanted, 1)
    for first in range(0, len(best), step):
        batch = best[first : first + step]
        allowed = set(
            candidates.filter(pk__in=[m.quote_id for m in batch]).values_list("pk", flat=True)
        )
        checked += batch
        kept += [match for match in batch if match.quote_id in allowed]
        if len(kept) >= wanted:
            break
    return _Allowed(checked, kept)


def _few(candidates: QuerySet[Quote]) -> bool:
    """Whether ``candidates`` are at most EXACT_MAX (counted no further)."""
    return candidates.order_by().values("pk")[: EXACT_MAX + 1].count() <= EXACT_MAX


def quotes_nearest_exact(
    vector: np.ndarray,
    *,
    candidates: QuerySet[Quote],
    limit: int,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """The ``limit`` quotes of ``candidates`` closest to ``vector``, from every candidate's
    vector (the exact answer, whatever the index)."""
    rows = (
        QuoteEmbedding.objects.filter(encoder=ENCODER, quote__in=candidates.order_by().values("pk"))
        .values_list("quote_id", "vector")
        .iterator(chunk_size=CHUNK)
    )
    return _nearest(vector, rows, limit, min_score)


def _nearest(vector: np.ndarray, rows, limit: int, floor: float) -> list[Match]:
    """The best ``limit`` of ``rows`` (quote id, stored vector) scoring at least ``floor``
    against ``vector``, best first, read a chunk at a time."""
    found: list[Match] = []
    ids: list[int] = []
    blobs: list[bytes] = []
    for quote_id, blob in rows:
        ids.append(quote_id)
        blobs.append(blob)
        if len(ids) == CHUNK:
            found = _merged(
                found, _top(np.asarray(ids), vectors_read(blobs) @ vector, limit, floor), limit
            )
            ids, blobs = [], []
    if ids:
        found = _merged(
            found, _top(np.asarray(ids), vectors_read(blobs) @ vector, limit, floor), limit
        )
    return found


def _top(ids: np.ndarray, scores: np.ndarray, limit: int, floor: float) -> list[Match]:
    """The ``limit`` best of ``ids`` by their ``scores``, each at least ``floor``, best
    first (of equal scores, the higher id first)."""
    keep = scores >= floor
    ids, scores = ids[keep], scores[keep]
    if len(scores) > limit:
        part = np.argpartition(-scores, limit - 1)[:limit]
        ids, scores = ids[part], scores[part]
    order = np.lexsort((-ids, -scores))
    return [Match(int(ids[i]), round(float(scores[i]), 4)) for i in order]


def _merged(one: list[Match], other: list[Match], limit: int) -> list[Match]:
    return sorted([*one, *other], key=lambda m: (-m.score, -m.quote_id))[:limit]


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
