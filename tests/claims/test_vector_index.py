"""The vector index behind search by meaning at scale (issue 13): cells found by spherical
k-means, every stored vector in its nearest cell (new ones too), searches that read the
nearest cells and keep to their filters, and the periodic refresh. Vectors here are drawn
around a few directions, so that which cell and which statement is nearest is known."""

import io

import numpy as np
import pytest
from django.core.management import call_command

from claims import services
from claims.cells import cells_by_closeness, nearest_cells, spherical_kmeans
from claims.models import Quote, QuoteEmbedding, VectorCell, VectorIndex
from claims.services.embeddings import quote_embeddings_store
from claims.similarity import quotes_nearest, quotes_nearest_exact
from claims.vectors import index_centres, vector_bytes
from extraction.embedding import DIMENSIONS, ENCODER
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

DIRECTIONS = 4
PER_DIRECTION = 15


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)).astype(np.float32)


def clustered(rng: np.random.Generator, directions: np.ndarray, per: int) -> np.ndarray:
    """``per`` unit vectors close to each of ``directions`` (cosine about 0.9), in order."""
    return unit(
        np.repeat(directions, per, axis=0)
        + rng.normal(0, 0.025, (len(directions) * per, DIMENSIONS))
    )


@pytest.fixture
def directions() -> np.ndarray:
    return unit(np.random.default_rng(1).normal(size=(DIRECTIONS, DIMENSIONS)))


@pytest.fixture
def stored(directions) -> dict[int, np.ndarray]:
    """60 statements, 15 near each direction, with their vectors stored (no index yet)."""
    vectors = clustered(np.random.default_rng(2), directions, PER_DIRECTION)
    quotes = [QuoteFactory() for _ in vectors]
    QuoteEmbedding.objects.bulk_create(
        QuoteEmbedding(quote=quote, encoder=ENCODER, vector=vector_bytes(vector))
        for quote, vector in zip(quotes, vectors, strict=True)
    )
    return {quote.pk: vector for quote, vector in zip(quotes, vectors, strict=True)}


def test_kmeans_finds_the_directions_and_is_deterministic(directions):
    sample = clustered(np.random.default_rng(3), directions, 50)
    centres = spherical_kmeans(sample, DIRECTIONS, seed=0)
    assert np.allclose(np.linalg.norm(centres, axis=1), 1, atol=1e-5)
    assert np.array_equal(centres, spherical_kmeans(sample, DIRECTIONS, seed=0))
    # each direction has a centre of its own, close to it
    closest = (directions @ centres.T).argmax(axis=1)
    assert sorted(closest) == list(range(DIRECTIONS))
    assert (directions @ centres.T).max(axis=1).min() > 0.95
    assigned = nearest_cells(sample, centres)
    assert np.array_equal(assigned, np.repeat(closest, 50))
    assert list(cells_by_closeness(directions[2], centres))[0] == closest[2]


def test_kmeans_leaves_no_cell_empty_and_refuses_more_cells_than_vectors(directions):
    sample = clustered(np.random.default_rng(4), directions, 5)
    centres = spherical_kmeans(sample, 12, seed=0)
    assert len(set(nearest_cells(sample, centres).tolist())) == 12
    with pytest.raises(ValueError, match="12 cells"):
        spherical_kmeans(sample[:5], 12)


def test_building_puts_every_vector_in_its_nearest_cell(stored):
    index = services.vector_index_build(cells=DIRECTIONS)
    assert (index.cells, index.vectors) == (DIRECTIONS, len(stored))
    centres = index_centres().matrix
    cells = dict(QuoteEmbedding.objects.values_list("quote_id", "cell"))
    for pk, vector in stored.items():
        assert cells[pk] == int((centres @ vector).argmax())
    sizes = dict(VectorCell.objects.values_list("number", "size"))
    assert sorted(sizes.values()) == [PER_DIRECTION] * DIRECTIONS
    # a rebuild replaces the index; with no vectors left there is none
    rebuilt = services.vector_index_build(cells=2)
    assert list(VectorIndex.objects.all()) == [rebuilt]
    assert VectorCell.objects.count() == 2
    QuoteEmbedding.objects.all().delete()
    assert services.vector_index_build() is None
    assert not VectorIndex.objects.exists()


def test_a_vector_stored_after_the_build_joins_its_nearest_cell(stored, directions):
    services.vector_index_build(cells=DIRECTIONS)
    quote = QuoteFactory()
    vector = clustered(np.random.default_rng(5), directions[3:4], 1)[0]
    assert quote_embeddings_store({quote.pk: vector}, texts={quote.pk: quote.text}) == [quote.pk]
    nearest = int((index_centres().matrix @ vector).argmax())
    assert QuoteEmbedding.objects.get(quote=quote).cell == nearest
    services.vector_index_drop()
    assert not QuoteEmbedding.objects.exclude(cell=None).exists()


def test_the_index_search_reads_the_nearest_cells_and_agrees_with_the_exact_one(
    stored, directions, settings
):
    query = clustered(np.random.default_rng(6), directions[1:2], 1)[0]
    everyone = Quote.objects.all()
    exact = quotes_nearest_exact(query, candidates=everyone, limit=5, min_score=0)
    assert {m.quote_id for m in exact} <= set(list(stored)[PER_DIRECTION : 2 * PER_DIRECTION])
    services.vector_index_build(cells=DIRECTIONS)
    settings.VECTOR_INDEX_PROBE = 1
    assert quotes_nearest(query, candidates=everyone, limit=5, min_score=0) == exact
    # only the nearest cell was read: nothing from the other directions, however low the floor
    found = quotes_nearest(query, candidates=everyone, limit=50, min_score=-1)
    assert {m.quote_id for m in found} == set(list(stored)[PER_DIRECTION : 2 * PER_DIRECTION])


def test_a_selective_filter_is_answered_exactly_beyond_the_probed_cells(
    stored, directions, settings, monkeypatch
):
    services.vector_index_build(cells=DIRECTIONS)
    settings.VECTOR_INDEX_PROBE = 1
    speaker = SpeakerFactory()
    far = list(stored)[-3:]  # near the last direction, far from the query
    Quote.objects.filter(pk__in=far).update(speaker=speaker)
    query = clustered(np.random.default_rng(7), directions[0:1], 1)[0]
    theirs = Quote.objects.filter(speaker=speaker)
    exact = quotes_nearest_exact(query, candidates=theirs, limit=5, min_score=-1)
    called = []

    def recorded(*args, **kwargs):
        called.append(kwargs["candidates"])
        return quotes_nearest_exact(*args, **kwargs)

    monkeypatch.setattr("claims.similarity.quotes_nearest_exact", recorded)
    monkeypatch.setattr("claims.similarity.WIDEST", 1)  # no wider probe to fall back on
    found = quotes_nearest(query, candidates=theirs, limit=5, min_score=-1)
    assert found == exact
    assert {m.quote_id for m in found} == set(far)
    assert called == [theirs]  # three candidates: read exactly, not by cells


def test_a_broad_filter_reads_more_cells_until_it_has_enough(
    stored, directions, settings, monkeypatch
):
    services.vector_index_build(cells=DIRECTIONS)
    settings.VECTOR_INDEX_PROBE = 1
    # fewer than the candidates: their cells are read, not every vector
    monkeypatch.setattr("claims.similarity.EXACT_MAX", 10)
    exact = []
    monkeypatch.setattr(
        "claims.similarity.quotes_nearest_exact", lambda *a, **k: exact.append(1) or []
    )
    nearest_direction = list(stored)[:PER_DIRECTION]
    Quote.objects.filter(pk__in=nearest_direction).update(rejected=True)
    query = clustered(np.random.default_rng(8), directions[0:1], 1)[0]
    kept = Quote.objects.filter(rejected=False)
    found = quotes_nearest(query, candidates=kept, limit=5, min_score=-1)
    assert not exact
    monkeypatch.undo()
    assert found == quotes_nearest_exact(query, candidates=kept, limit=5, min_score=-1)
    assert not {m.quote_id for m in found} & set(nearest_direction)


def test_the_refresh_builds_at_the_minimum_and_rebuilds_when_the_vectors_double(
    stored, directions, settings
):
    settings.VECTOR_INDEX_MIN = len(stored) + 1
    assert services.vector_index_refresh() is None
    assert not VectorIndex.objects.exists()
    settings.VECTOR_INDEX_MIN = len(stored)
    first = services.vector_index_refresh()
    assert first.vectors == len(stored)
    assert services.vector_index_refresh() is None  # not doubled yet
    more = clustered(np.random.default_rng(9), directions, PER_DIRECTION)
    quotes = [QuoteFactory() for _ in more]
    quote_embeddings_store(
        {q.pk: v for q, v in zip(quotes, more, strict=True)}, texts={q.pk: q.text for q in quotes}
    )
    second = services.vector_index_refresh()
    assert second.vectors == 2 * len(stored)
    assert not VectorIndex.objects.filter(pk=first.pk).exists()


def test_the_command_builds_and_drops_the_index(stored):
    out = io.StringIO()
    call_command("index_statements", "--cells", "3", stdout=out)
    assert "3 cells over 60 vectors" in out.getvalue()
    assert not QuoteEmbedding.objects.filter(cell=None).exists()
    call_command("index_statements", "--drop", stdout=out)
    assert not VectorIndex.objects.exists()
    assert not QuoteEmbedding.objects.exclude(cell=None).exists()


def test_an_index_without_centres_is_no_index_and_nothing_near_is_nothing(
    stored, directions, settings, monkeypatch
):
    index = services.vector_index_build(cells=DIRECTIONS)
    settings.VECTOR_INDEX_PROBE = 1
    far_away = unit(-directions.sum(axis=0))
    everyone = Quote.objects.all()
    assert quotes_nearest(far_away, candidates=everyone, limit=5, min_score=0.9) == []
    # a drop committing between the two reads of a process that has no centres yet
    VectorCell.objects.filter(index=index).delete()
    monkeypatch.setattr("claims.vectors._centres", None)
    assert index_centres() is None
    assert quotes_nearest(far_away, candidates=everyone, limit=5, min_score=-1)  # exact
