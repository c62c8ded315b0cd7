"""POST /api/v1/speakers/{slug}/unmerge/ (issue 16, item 1): the merge of ``source`` into
the speaker undone, saying what moved back and what stayed."""

import pytest

from claims.models import Quote, Speaker, SpeakerEvent
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_an_editor_undoes_a_merge_and_sees_what_moved_back(editor):
    bill = SpeakerFactory(name="Bill Clinton", slug="bill-clinton")
    hillary = SpeakerFactory(name="Hillary Clinton", slug="hillary-clinton")
    editor.post("/api/v1/speakers/hillary-clinton/aliases/", {"name": "Mrs. Clinton"})
    hers = QuoteFactory.create_batch(2, speaker=hillary)
    merged = editor.post("/api/v1/speakers/bill-clinton/merge/", {"source": "hillary-clinton"})
    assert merged.status_code == 200
    edited = editor.patch(f"/api/v1/quotes/{hers[0].pk}/", {"kind": "direct"}, format="json")
    assert edited.status_code == 200, edited.content

    response = editor.post(
        "/api/v1/speakers/bill-clinton/unmerge/",
        {"source": "hillary-clinton", "note": "two people"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["speaker"]["slug"] == "hillary-clinton" and body["speaker"]["quote_count"] == 1
    assert body["quotes"] == [hers[1].pk] and body["aliases"] == ["Mrs. Clinton"]
    assert body["kept"]["quotes"] == [hers[0].pk]
    assert Quote.objects.get(pk=hers[0].pk).speaker == bill
    assert editor.get("/api/v1/speakers/hillary-clinton/").status_code == 200
    event = SpeakerEvent.objects.get(action="unmerged")
    assert event.speaker == bill and event.note == "two people"

    again = editor.post("/api/v1/speakers/bill-clinton/unmerge/", {"source": "hillary-clinton"})
    assert again.status_code == 400
    assert again.json() == {"source": ["Hillary Clinton is not merged into another speaker."]}
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None


def test_the_source_of_an_unmerge_is_named_by_id_or_slug(editor):
    """Its names are the target's since the merge: a name would find the target."""
    SpeakerFactory(name="Bill Clinton", slug="bill-clinton")
    hillary = SpeakerFactory(name="Hillary Clinton", slug="hillary-clinton")
    editor.post("/api/v1/speakers/bill-clinton/merge/", {"source": "hillary-clinton"})
    by_name = editor.post("/api/v1/speakers/bill-clinton/unmerge/", {"source": "Hillary Clinton"})
    assert by_name.status_code == 400
    assert by_name.json() == {"source": ["No speaker has the id or slug Hillary Clinton."]}
    by_id = editor.post("/api/v1/speakers/bill-clinton/unmerge/", {"source": hillary.pk})
    assert by_id.status_code == 200, by_id.content
