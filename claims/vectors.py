"""Statements' vectors as stored: their bytes, and the vector index's centres and cells
(:mod:`claims.services.vector_index` builds them; :mod:`claims.similarity` searches them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import psycopg
from django.db import connection

from extraction.embedding import DIMENSIONS, ENCODER

from .models import QuoteEmbedding, VectorCell, VectorIndex


def vector_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float16, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def vectors_read(blobs: list[bytes]) -> np.ndarray:
    """Stored vectors as one float32 matrix, shape (len(blobs), dimensions)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    joined = b"".join(blob if isinstance(blob, bytes) else bytes(blob) for blob in blobs)
    return np.frombuffer(joined, dtype="<f2").reshape(len(blobs), -1).astype(np.float32)


def cells_read(cells: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The quote ids and vectors (float32 matrix) of the current encoder's vectors in
    ``cells``. On PostgreSQL they come from the covering index alone, in binary (half the
    bytes of Django's text transfer, and no decoding)."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # Django's errors (a database down is a 503), and no prepared statement (PgBouncer)
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"SELECT quote_id, vector FROM {QuoteEmbedding._meta.db_table}"
                " WHERE encoder = %s AND cell = ANY(%s)",
                [ENCODER, cells],
                binary=True,
                prepare=False,
            )
            rows = cursor.fetchall()
    else:
        rows = list(
            QuoteEmbedding.objects.filter(encoder=ENCODER, cell__in=cells).values_list(
                "quote_id", "vector"
            )
        )
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    return ids, vectors_read([row[1] for row in rows])


@dataclass(frozen=True)
class Centres:
    """A vector index's cell centres as one matrix, row ``n`` being cell ``n``."""

    index_id: int
    built_at: dt.datetime
    matrix: np.ndarray


_centres: Centres | None = None


def index_centres() -> Centres | None:
    """The current encoder's vector index, or None when there is none. Its centres are read
    once per process, and again only when the index was rebuilt (one small query tells; the
    centres are then read with their index in one query, so that a rebuild committing
    meanwhile cannot pair one index with another's cells)."""
    global _centres
    current = VectorIndex.objects.filter(encoder=ENCODER).values_list("pk", "built_at").first()
    if current is None:
        return None
    if _centres is None or (_centres.index_id, _centres.built_at) != current:
        rows = list(
            VectorCell.objects.filter(index__encoder=ENCODER)
            .order_by("number")
            .values_list("index_id", "index__built_at", "centroid")
        )
        if not rows:
            return None  # dropped meanwhile
        blobs = [bytes(row[2]) for row in rows]
        matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), -1)
        _centres = Centres(rows[0][0], rows[0][1], matrix)
    return _centres
