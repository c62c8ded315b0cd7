"""speaker_merge: one speaker's names, quotes and claims move to another, recorded."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Speaker, SpeakerEvent
from claims.services import claim_create, speaker_for_name, speaker_merge
from tests.factories import QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory()


@pytest.fixture
def pair():
    target = speaker_for_name(name="Vladimir Putin")
    source = speaker_for_name(name="V. Putin")
    return source, target


def test_names_quotes_and_claims_move_and_the_merge_is_recorded(pair, editor):
    source, target = pair
    Speaker.objects.filter(pk=source.pk).update(wikidata_qid="Q7747", gender="male")
    QuoteFactory.create_batch(2, speaker=source)
    claim_create(speaker=source, statement="It works.", by=editor)

    merged = speaker_merge(source=source, target=target, by=editor, note="same man")

    source.refresh_from_db()
    assert merged == target and source.merged_into == target and source.wikidata_qid is None
    assert (merged.wikidata_qid, merged.gender) == ("Q7747", "male")
    assert set(target.aliases.values_list("name", flat=True)) == {"Vladimir Putin", "V. Putin"}
    assert target.quotes.count() == 2 and target.claims.count() == 1
    assert speaker_for_name(name="V. Putin") == target
    event = SpeakerEvent.objects.get()
    assert (event.speaker, event.actor, event.action, event.note) == (
        target,
        editor,
        SpeakerEvent.Action.MERGED,
        "same man",
    )
    assert event.data == {
        "merged": {"id": source.pk, "name": "V. Putin", "slug": source.slug},
        "aliases": ["V. Putin"],
        "quotes": 2,
        "claims": 1,
    }


def test_speakers_merged_into_the_source_then_point_at_the_target(pair, editor):
    source, target = pair
    earlier = speaker_for_name(name="Putin V.")
    speaker_merge(source=earlier, target=source, by=editor)
    speaker_merge(source=source, target=target, by=editor)
    earlier.refresh_from_db()
    assert earlier.merged_into == target


@pytest.mark.parametrize("case", ["itself", "merged source", "merged target"])
def test_refused_merges_change_nothing(pair, editor, case):
    source, target = pair
    if case == "itself":
        source = target
    else:
        other = speaker_for_name(name="Someone Else")
        speaker_merge(source=source if case == "merged source" else target, target=other, by=editor)
    before = SpeakerEvent.objects.count()
    with pytest.raises(ValidationError):
        speaker_merge(source=source, target=target, by=editor)
    assert SpeakerEvent.objects.count() == before
