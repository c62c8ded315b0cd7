"""The vector index: statements' vectors partitioned into cells, so that a search by meaning
at millions of statements reads a few thousand vectors instead of all of them
(:func:`claims.similarity.quotes_nearest`).

The cells are the centres found by spherical k-means over a sample of the stored vectors
(about the square root of their number). Each stored vector carries its cell's number,
set here for all of them when the index is built and by :func:`vector_cells` for each new
one. Below ``VECTOR_INDEX_MIN`` vectors there is no index and a search reads every vector."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from extraction.embedding import ENCODER

from ..cells import nearest_cells, spherical_kmeans
from ..models import QuoteEmbedding, VectorCell, VectorIndex
from ..vectors import index_centres, vectors_read

# Vectors read per query while the index is built.
READ_CHUNK = 20_000
# At most this many vectors train the centres (k-means' cost grows with it; the cells'
# quality barely does past a few hundred vectors per cell).
SAMPLE_MAX = 100_000
# Vectors given their cell per UPDATE (within SQLite's limit of bound values).
UPDATE_CHUNK = 10_000
# Held in the cache while the periodic refresh builds (longer than a build can take).
REFRESH_LOCK = "claims:vector-index-refresh"
REFRESH_LOCK_SECONDS = 2 * 3600


def vector_cells(vectors: np.ndarray) -> list[int | None]:
    """The cell of each of ``vectors`` in the current index (None for all when there is
    none). Call it inside the transaction that stores them, after
    :func:`embeddings_lock_for_write`, so that a rebuild cannot come between."""
    centres = index_centres()
    if centres is None or not len(vectors):
        return [None] * len(vectors)
    return [int(cell) for cell in nearest_cells(np.asarray(vectors, np.float32), centres.matrix)]


def embeddings_lock_for_write() -> None:
    """Wait for a rebuild of the index to finish before reading its centres to store new
    vectors (PostgreSQL: the lock an insert takes anyway, taken first; SQLite has one writer
    at a time already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {QuoteEmbedding._meta.db_table} IN ROW EXCLUSIVE MODE")


def vector_index_build(
    *,
    cells: int | None = None,
    sample: int = SAMPLE_MAX,
    seed: int = 0,
    say: Callable[[str], None] | None = None,
) -> VectorIndex | None:
    """Build (or rebuild) the current encoder's index over its stored vectors: ``cells``
    centres (by default the square root of the number of vectors), trained on up to
    ``sample`` of them, then every vector given its cell. Returns the index, or None when
    there are no vectors (an old index is then dropped).

    The centres are trained while searches and stores go on; giving every vector its cell
    happens in one transaction that holds off new vectors (not searches) until it commits,
    so that none is left with a cell of the old index."""
    say = say or (lambda _message: None)
    started = time.monotonic()
    stored = QuoteEmbedding.objects.filter(encoder=ENCODER)
    count = stored.count()
    if count == 0:
        vector_index_drop()
        return None
    cells = max(1, min(cells or round(math.sqrt(count)), count))
    taken = min(count, max(sample, cells))
    # a random sample of the ids (not of the rows: no sort of every vector), read in the
    # order of the quotes: the same vectors train the same centres
    every = list(stored.order_by("quote_id").values_list("quote_id", flat=True))
    chosen = sorted(random.Random(seed).sample(every, taken))
    blobs: list[bytes] = []
    for first in range(0, len(chosen), UPDATE_CHUNK):
        part = chosen[first : first + UPDATE_CHUNK]
        blobs += (
            stored.filter(quote_id__in=part).order_by("quote_id").values_list("vector", flat=True)
        )
    training = vectors_read(blobs)
    say(f"training {cells:,} cells on {len(training):,} of {count:,} vectors")
    centroids = spherical_kmeans(training, cells, seed=seed)
    say(f"  trained in {time.monotonic() - started:.1f} s")
    with transaction.atomic():
        _lock_against_writes()
        ids, assigned = _assign_all(centroids, say)
        VectorIndex.objects.filter(encoder=ENCODER).delete()
        sizes = np.bincount(assigned, minlength=cells)
        index = VectorIndex.objects.create(
            encoder=ENCODER,
            cells=cells,
            vectors=len(ids),
            built_at=timezone.now(),
            seconds=0,
        )
        VectorCell.objects.bulk_create(
            VectorCell(
                index=index,
                number=number,
                centroid=np.asarray(centre, dtype="<f4").tobytes(),
                size=int(sizes[number]),
            )
            for number, centre in enumerate(centroids)
        )
        order = np.argsort(assigned, kind="stable")
        numbers, starts = np.unique(assigned[order], return_index=True)
        for number, members in zip(numbers, np.split(ids[order], starts[1:]), strict=True):
            for first in range(0, len(members), UPDATE_CHUNK):
                QuoteEmbedding.objects.filter(
                    quote_id__in=members[first : first + UPDATE_CHUNK].tolist(), encoder=ENCODER
                ).update(cell=int(number))
        # Vectors of another encoder belong to no cell of this one.
        QuoteEmbedding.objects.exclude(encoder=ENCODER).exclude(cell=None).update(cell=None)
        index.seconds = round(time.monotonic() - started, 1)
        index.save(update_fields=["seconds"])
    _vacuum()
    say(f"  {len(ids):,} vectors in {cells:,} cells, {index.seconds} s in all")
    return index


def _assign_all(centroids: np.ndarray, say: Callable[[str], None]) -> tuple[np.ndarray, np.ndarray]:
    """Every stored vector's quote id and nearest cell, read in chunks."""
    ids: list[np.ndarray] = []
    cells: list[np.ndarray] = []
    rows = (
        QuoteEmbedding.objects.filter(encoder=ENCODER)
        .order_by()
        .values_list("quote_id", "vector")
        .iterator(chunk_size=READ_CHUNK)
    )
    chunk_ids: list[int] = []
    chunk_blobs: list[bytes] = []

    def flush() -> None:
        ids.append(np.asarray(chunk_ids, dtype=np.int64))
        cells.append(nearest_cells(vectors_read(chunk_blobs), centroids))
        chunk_ids.clear()
        chunk_blobs.clear()

    for quote_id, blob in rows:
        chunk_ids.append(quote_id)
        chunk_blobs.append(blob)
        if len(chunk_ids) == READ_CHUNK:
            flush()
            done = sum(len(part) for part in ids)
            if done % (READ_CHUNK * 10) == 0:
                say(f"  {done:,} vectors assigned")
    if chunk_ids:
        flush()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    return np.concatenate(ids), np.concatenate(cells)


def vector_index_drop() -> None:
    """No index for the current encoder: searches read every vector (until the periodic
    refresh builds one again, at VECTOR_INDEX_MIN vectors)."""
    with transaction.atomic():
        _lock_against_writes()
        VectorIndex.objects.filter(encoder=ENCODER).delete()
        QuoteEmbedding.objects.exclude(cell=None).update(cell=None)


def _lock_against_writes() -> None:
    """Hold off new vectors (not searches) until the transaction ends, and any other build
    or drop (PostgreSQL; SQLite has one writer at a time already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {QuoteEmbedding._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"
            )


def _vacuum() -> None:
    """After a build has rewritten every row: PostgreSQL's visibility map again, so that the
    cells are read from the covering index alone (not inside a transaction, where VACUUM
    cannot run: tests, a caller's atomic block)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {QuoteEmbedding._meta.db_table}")


def vector_index_refresh(*, say: Callable[[str], None] | None = None) -> VectorIndex | None:
    """What the periodic task does: build the index once there are ``VECTOR_INDEX_MIN``
    vectors, and rebuild an index (however it was built) once their number has doubled
    since (new vectors join the nearest existing cell meanwhile, so cells grow uneven).
    Returns the index built, if any; one refresh at a time (another one started meanwhile
    does nothing)."""
    count = QuoteEmbedding.objects.filter(encoder=ENCODER).count()
    index = VectorIndex.objects.filter(encoder=ENCODER).first()
    if index is None and count < settings.VECTOR_INDEX_MIN:
        return None
    if index is not None and count < 2 * index.vectors:
        return None
    if not cache.add(REFRESH_LOCK, True, timeout=REFRESH_LOCK_SECONDS):
        return None
    try:
        return vector_index_build(say=say)
    finally:
        cache.delete(REFRESH_LOCK)
