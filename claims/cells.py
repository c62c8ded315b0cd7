"""Cells of unit vectors, for the vector index (numpy only): spherical k-means finds the
cells' centres; each vector belongs to the cell of its nearest centre (the highest dot
product), and a search reads the cells whose centres are nearest to its vector."""

from __future__ import annotations

import numpy as np

# Vectors scored against every centre at once: bounds the memory of one step to
# CHUNK x cells floats.
CHUNK = 8_192


def nearest_cells(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The number of each vector's nearest centre (int32, one per row of ``vectors``)."""
    out = np.empty(len(vectors), dtype=np.int32)
    for first in range(0, len(vectors), CHUNK):
        block = vectors[first : first + CHUNK] @ centroids.T
        out[first : first + CHUNK] = block.argmax(axis=1)
    return out


def cells_by_closeness(vector: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Every cell's number, the one whose centre is nearest to ``vector`` first."""
    return np.argsort(-(centroids @ vector), kind="stable")


def spherical_kmeans(
    sample: np.ndarray, cells: int, *, iterations: int = 20, seed: int = 0
) -> np.ndarray:
    """``cells`` unit centres (float32, shape (cells, dimensions)) of the unit vectors of
    ``sample``, by k-means on the cosine: each centre is the normalised mean of the vectors
    nearest to it, starting from k-means++ seeds. Deterministic for a seed. A centre left
    with no vector is moved to the vector farthest from its own centre, so that no cell stays
    empty while vectors differ."""
    sample = np.ascontiguousarray(sample, dtype=np.float32)
    if not 1 <= cells <= len(sample):
        raise ValueError(f"{cells} cells need between 1 and {len(sample)} of the sample")
    rng = np.random.default_rng(seed)
    centroids = _seeds(sample, cells, rng)
    for _ in range(iterations):
        assigned = nearest_cells(sample, centroids)
        order = np.argsort(assigned, kind="stable")
        numbers, starts = np.unique(assigned[order], return_index=True)
        sums = np.add.reduceat(sample[order], starts, axis=0)
        moved = np.zeros_like(centroids)
        moved[numbers] = sums
        empty = np.setdiff1d(np.arange(cells), numbers)
        if len(empty):
            fit = np.einsum("ij,ij->i", sample, centroids[assigned])
            moved[empty] = sample[np.argsort(fit, kind="stable")[: len(empty)]]
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        moved /= np.where(norms == 0, 1, norms)
        if np.allclose(moved, centroids, atol=1e-6):
            centroids = moved
            break
        centroids = moved
    return centroids.astype(np.float32)


def _seeds(sample: np.ndarray, cells: int, rng: np.random.Generator) -> np.ndarray:
    """Greedy k-means++: each next seed is the best of a few drawn with a chance proportional
    to their squared distance to the nearest seed so far (2 - 2 cos for unit vectors), the
    one that brings the sample nearest to its seeds; so seeds spread over the sample instead
    of piling up in its densest part."""
    trials = 2 + int(np.log(cells))
    chosen = [int(rng.integers(len(sample)))]
    distance = np.maximum(2 - 2 * (sample @ sample[chosen[0]]), 0)
    for _ in range(1, cells):
        total = float(distance.sum())
        if total <= 0:  # every vector is a seed's copy: any other vector will do
            left = np.setdiff1d(np.arange(len(sample)), chosen)
            chosen.append(int(rng.choice(left)))
            continue
        drawn = rng.choice(len(sample), size=trials, p=distance / total)
        with_each = np.minimum(distance[:, None], np.maximum(2 - 2 * (sample @ sample[drawn].T), 0))
        best = int(with_each.sum(axis=0).argmin())
        chosen.append(int(drawn[best]))
        distance = with_each[:, best]
    return sample[chosen].copy()
