"""speaker_merge: one speaker's names, quotes and claims move to another, recorded."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import ClaimEvent, QuoteEvent, Speaker, SpeakerEvent
from claims.services import (
    claim_create,
    quote_create,
    quote_update,
    speaker_alias_create,
    speaker_for_name,
    speaker_identity_set,
    speaker_merge,
)
from tests.factories import ArticleFactory, QuoteFactory, UserFactory

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
    assert event.old == {"wikidata_qid": None, "gender": ""}
    assert event.new == {
        "merged": {"id": source.pk, "name": "V. Putin", "slug": source.slug, "qid": "Q7747"},
        "aliases": ["V. Putin"],
        "quotes": sorted(target.quotes.values_list("id", flat=True)),
        "claims": list(target.claims.values_list("id", flat=True)),
        "speakers": [],
        "wikidata_qid": "Q7747",
        "gender": "male",
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


WRITES = {
    "alias": lambda gone, user: speaker_alias_create(speaker=gone, name="Another Name", by=user),
    "identity": lambda gone, user: speaker_identity_set(
        speaker=gone, by=user, changes={"gender": "female"}
    ),
    "merge into": lambda gone, user: speaker_merge(
        source=speaker_for_name(name="Third One"), target=gone, by=user
    ),
    "merge from": lambda gone, user: speaker_merge(
        source=gone, target=speaker_for_name(name="Third One"), by=user
    ),
    "quote speaker": lambda gone, user: quote_update(
        quote=QuoteFactory(), by=user, changes={"speaker": gone}
    ),
    "new quote": lambda gone, user: quote_create(
        article=ArticleFactory(),
        content_start=0,
        content_end=5,
        kind="direct",
        speaker=gone,
        by=user,
    ),
    "claim": lambda gone, user: claim_create(speaker=gone, statement="It works.", by=user),
}
FIELD = {
    "merge from": "source",
    "quote speaker": "speaker",
    "new quote": "speaker",
    "claim": "speaker",
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_refuses_a_merged_speaker_with_one_message(pair, editor, write):
    source, target = pair
    speaker_merge(source=source, target=target, by=editor)
    source.refresh_from_db()
    events = SpeakerEvent.objects.count(), QuoteEvent.objects.count(), ClaimEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        WRITES[write](source, editor)
    message = f"V. Putin was merged into Vladimir Putin ({target.slug}): use that one."
    if write in FIELD:
        assert refused.value.message_dict == {FIELD[write]: [message]}
    else:
        assert refused.value.messages == [message]
    assert (
        SpeakerEvent.objects.count(),
        QuoteEvent.objects.count(),
        ClaimEvent.objects.count(),
    ) == events


def test_a_name_another_speaker_has_is_refused_naming_them_and_offering_no_merge(editor):
    """Issue 16, item 3: a shared surname is not a reason to merge."""
    stephen = speaker_for_name(name="Stephen Lynch")
    speaker_alias_create(speaker=stephen, name="Lynch", by=editor)
    loretta = speaker_for_name(name="Loretta Lynch")
    with pytest.raises(ValidationError) as refused:
        speaker_alias_create(speaker=loretta, name="lynch", by=editor)
    [error] = refused.value.error_dict["name"]
    assert error.code == "alias_taken" and error.params["slug"] == stephen.slug
    [message] = refused.value.message_dict["name"]
    assert message == (
        f"“lynch” is already a name of Stephen Lynch ({stephen.slug}), so it was not added:"
        " a name belongs to one speaker only."
    )
    assert "merge" not in message.lower()
    assert SpeakerEvent.objects.filter(speaker=loretta).count() == 0
    assert speaker_for_name(name="Lynch") == stephen
