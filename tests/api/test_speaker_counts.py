"""A speaker's number of statements: counted on each read, except for speakers with very many,
whose number is cached for a minute (claims.counting)."""

import contextlib

import pytest
from django.core.cache import cache
from redis.exceptions import RedisError

from claims import counting
from tests.factories import QuoteFactory, SpeakerFactory


@pytest.fixture
def few_are_many(monkeypatch):
    """Two statements count as very many."""
    monkeypatch.setattr(counting, "CACHED_FROM", 2)


def new_speaker():
    """A speaker with no number cached: ids come back after a test's rollback, and the cache
    outlives it."""
    speaker = SpeakerFactory()
    with contextlib.suppress(RedisError):  # the cache may be down, on purpose
        cache.delete(f"speaker-quote-count:{speaker.pk}")
    return speaker


def record_count(client, speaker) -> int:
    answer = client.get(f"/api/v1/speakers/{speaker.slug}/")
    assert answer.status_code == 200
    return answer.json()["quote_count"]


def test_a_speaker_with_very_many_statements_has_the_number_cached(anonymous, few_are_many):
    speaker = new_speaker()
    QuoteFactory.create_batch(2, speaker=speaker)
    assert record_count(anonymous, speaker) == 2
    QuoteFactory(speaker=speaker)
    assert record_count(anonymous, speaker) == 2  # for CACHED_SECONDS
    cache.delete(f"speaker-quote-count:{speaker.pk}")
    assert record_count(anonymous, speaker) == 3


def test_a_speaker_with_fewer_is_counted_on_each_read(anonymous, few_are_many):
    speaker = new_speaker()
    QuoteFactory(speaker=speaker)
    assert record_count(anonymous, speaker) == 1
    QuoteFactory(speaker=speaker, rejected=True)
    assert record_count(anonymous, speaker) == 1  # the rejected are left out
    QuoteFactory(speaker=speaker)
    assert record_count(anonymous, speaker) == 2


def test_with_the_cache_down_the_number_is_counted(anonymous, few_are_many, dead_redis_cache):
    speaker = new_speaker()
    QuoteFactory.create_batch(3, speaker=speaker)
    assert record_count(anonymous, speaker) == 3
