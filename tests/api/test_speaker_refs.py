"""Every write that names a speaker takes it as the filters and pages do
(claims.selectors.speaker_named): its id, its slug or any of its names."""

import pytest

from claims.models import Quote
from claims.names import name_key
from tests.factories import QuoteFactory, SpeakerFactory


@pytest.fixture
def jane(db):
    speaker = SpeakerFactory(name="Jane Roe", slug="jane-roe")
    speaker.aliases.create(name="Ms Roe", normalised=name_key("Ms Roe"))
    return speaker


@pytest.mark.parametrize("ref", ["id", "jane-roe", "Ms Roe", "  ms roe "])
def test_a_correction_names_the_speaker_by_id_slug_or_any_name(editor, jane, ref):
    ref = str(jane.pk) if ref == "id" else ref
    quote = QuoteFactory()
    response = editor.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": ref}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["speaker"]["slug"] == "jane-roe"
    assert Quote.objects.get(pk=quote.pk).speaker == jane


def test_a_number_is_an_id_as_in_the_filters(editor, jane):
    quote = QuoteFactory()
    response = editor.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": jane.pk}, format="json")
    assert response.status_code == 200 and Quote.objects.get(pk=quote.pk).speaker == jane


def test_a_claim_and_a_merge_take_a_name_too(editor, fact_checker, jane):
    claim = fact_checker.post(
        "/api/v1/claims/", {"statement": "It works.", "speaker": "Ms Roe"}, format="json"
    )
    assert claim.status_code == 201, claim.content
    assert claim.json()["speaker"]["slug"] == "jane-roe"
    other = SpeakerFactory(name="J. Roe", slug="j-roe")
    other.aliases.create(name="J. Roe", normalised=name_key("J. Roe"))
    merged = editor.post("/api/v1/speakers/jane-roe/merge/", {"source": "J. Roe"}, format="json")
    assert merged.status_code == 200, merged.content


def test_nobody_of_that_name_is_a_400_saying_so(editor, jane):
    quote = QuoteFactory()
    before = quote.speaker
    response = editor.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": "Jane Doe"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"speaker": ["No speaker has the id, slug or name Jane Doe."]}
    assert Quote.objects.get(pk=quote.pk).speaker == before


def test_a_merged_speaker_named_by_a_name_is_refused_with_the_one_message(editor, jane):
    gone = SpeakerFactory(name="J. Roe", slug="j-roe")
    editor.post("/api/v1/speakers/jane-roe/merge/", {"source": "j-roe"}, format="json")
    quote = QuoteFactory()
    response = editor.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": str(gone.pk)}, format="json")
    message = "J. Roe was merged into Jane Roe (jane-roe): use that one."
    assert response.status_code == 400 and response.json() == {"speaker": [message]}
