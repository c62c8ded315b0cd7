"""Merges follow to the final speaker: A merged into B, then B into C, is C's (issue 18, 13);
writes naming A are refused, naming C (issue 15)."""

import pytest

from api.permissions import EDITORS
from claims.models import Quote, Speaker
from claims.services import speaker_merge
from tests.api.conftest import token_client
from tests.factories import QuoteFactory, SpeakerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def chain() -> tuple[Speaker, Speaker, Speaker]:
    a, b, c = (SpeakerFactory(name=n) for n in ("Anna Able", "Bob Baker", "Cleo Clark"))
    QuoteFactory.create_batch(2, speaker=a)
    editor = UserFactory()
    speaker_merge(source=a, target=b, by=editor)
    speaker_merge(source=b, target=c, by=editor)
    return a, b, c


def test_a_speaker_merged_into_one_merged_later_points_at_the_last():
    a, b, c = chain()
    assert Speaker.objects.get(pk=a.pk).merged_into == c
    assert Speaker.objects.get(pk=b.pk).merged_into == c


@pytest.mark.parametrize("flattened", [True, False])
def test_reads_by_the_first_speaker_find_the_statements_and_lead_to_the_last(client, flattened):
    a, b, c = chain()
    if not flattened:  # a chain left from before merges updated earlier pointers
        Speaker.objects.filter(pk=a.pk).update(merged_into=b)
    api = token_client(member())
    for value in (a.slug, str(a.pk)):
        rows = api.get("/api/v1/quotes/", {"speaker": value}).json()["results"]
        assert len(rows) == 2, value
    moved = api.get(f"/api/v1/speakers/{a.slug}/")
    assert moved.status_code == 301 and moved["Location"].endswith(f"/{c.slug}/")
    page = client.get(f"/speakers/{a.slug}/")
    assert page.status_code == 301 and page["Location"].endswith(f"/{c.slug}/")


@pytest.mark.parametrize("flattened", [True, False])
def test_a_correction_naming_a_merged_speaker_is_refused_saying_to_use_the_last(client, flattened):
    """Writes refuse a merged speaker (issue 15), naming the one to use."""
    a, b, c = chain()
    if not flattened:
        Speaker.objects.filter(pk=a.pk).update(merged_into=b)
    quote = QuoteFactory()
    before = quote.speaker
    client.force_login(member(EDITORS))
    edit = f"/quotes/{quote.pk}/edit/"
    page = client.post(edit, {"speaker": a.slug, "kind": quote.kind}, follow=True)
    refused = f"Anna Able was merged into Cleo Clark ({c.slug}): use that one."
    assert refused in page.content.decode()
    assert Quote.objects.get(pk=quote.pk).speaker == before


def test_the_speaker_page_of_a_merged_speaker_refuses_writes_with_the_same_message(client):
    a, _, c = chain()
    client.force_login(member(EDITORS))
    page = client.post(f"/speakers/{a.slug}/aliases/", {"name": "Ms Able"}, follow=True)
    refused = f"Anna Able was merged into Cleo Clark ({c.slug}): use that one."
    assert refused in page.content.decode()
    assert not Speaker.objects.filter(aliases__name="Ms Able").exists()
