"""The API reads look-alikes of a name (full-width letters, zero-width spaces) as that name,
and refuses an alias too long once compared."""

import pytest

from claims.services import speaker_for_name
from tests.claims.test_names import ESZETTS, LOOK_ALIKES
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_the_api_speaker_filter_and_search_read_look_alikes(anonymous):
    putin = speaker_for_name(name="Vladimir Putin")
    quote = QuoteFactory(speaker=putin)
    for look_alike in LOOK_ALIKES[:2]:
        found = anonymous.get("/api/v1/quotes/", {"speaker": look_alike})
        assert [q["id"] for q in found.json()["results"]] == [quote.pk]
    named = anonymous.get("/api/v1/speakers/", {"q": "Ｐｕｔｉｎ"})
    assert [s["slug"] for s in named.json()["results"]] == [putin.slug]


def test_the_api_refuses_an_alias_too_long_once_compared_with_a_400(editor):
    speaker = SpeakerFactory()
    response = editor.post(
        f"/api/v1/speakers/{speaker.slug}/aliases/", {"name": ESZETTS}, format="json"
    )
    assert response.status_code == 400
    assert "compared in lower case" in response.json()["name"][0]
    assert "character varying" not in response.content.decode()
