"""The API reads look-alikes of a name (full-width letters, zero-width spaces) as that name."""

import pytest

from claims.services import speaker_for_name
from tests.claims.test_names import LOOK_ALIKES
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def test_the_api_speaker_filter_and_search_read_look_alikes(anonymous):
    putin = speaker_for_name(name="Vladimir Putin")
    quote = QuoteFactory(speaker=putin)
    for look_alike in LOOK_ALIKES[:2]:
        found = anonymous.get("/api/v1/quotes/", {"speaker": look_alike})
        assert [q["id"] for q in found.json()["results"]] == [quote.pk]
    named = anonymous.get("/api/v1/speakers/", {"q": "Ｐｕｔｉｎ"})
    assert [s["slug"] for s in named.json()["results"]] == [putin.slug]
