"""speaker_merge records what it moved; speaker_unmerge moves back exactly that (issue 16,
item 1), keeping whatever an editor decided since."""

import pytest
from django.core.exceptions import ValidationError

from claims.events import speaker_event_add
from claims.models import Quote, Speaker, SpeakerAlias, SpeakerEvent
from claims.services import (
    claim_create,
    quote_update,
    speaker_alias_create,
    speaker_alias_remove,
    speaker_for_name,
    speaker_merge,
    speaker_unmerge,
)
from tests.factories import QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory()


@pytest.fixture
def clintons(editor):
    """Hillary Clinton wrongly merged into Bill Clinton, as on the speaker page."""
    bill = speaker_for_name(name="Bill Clinton")
    hillary = speaker_for_name(name="Hillary Clinton")
    speaker_alias_create(speaker=hillary, name="Mrs. Clinton", by=editor)
    Speaker.objects.filter(pk=hillary.pk).update(wikidata_qid="Q6294", gender="female")
    hers = QuoteFactory.create_batch(3, speaker=hillary)
    his = QuoteFactory.create_batch(2, speaker=bill)
    claim = claim_create(speaker=hillary, statement="Wages rose.", quotes=hers[:1], by=editor)
    speaker_merge(source=hillary, target=bill, by=editor, note="typed Clinton")
    return bill, hillary, hers, his, claim


def names(speaker):
    return set(SpeakerAlias.objects.filter(speaker=speaker).values_list("name", flat=True))


def test_the_merge_records_the_ids_it_moved(clintons):
    bill, hillary, hers, _, claim = clintons
    event = SpeakerEvent.objects.get(action="merged")
    assert event.new["quotes"] == sorted(q.pk for q in hers)
    assert event.new["claims"] == [claim.pk]
    assert event.new["aliases"] == ["Hillary Clinton", "Mrs. Clinton"]
    assert event.new["merged"] == {
        "id": hillary.pk,
        "name": "Hillary Clinton",
        "slug": hillary.slug,
        "qid": "Q6294",
    }
    # Bill had no QID nor gender: the merge filled them in, and says so old to new
    assert event.old == {"wikidata_qid": None, "gender": ""}
    assert (event.new["wikidata_qid"], event.new["gender"]) == ("Q6294", "female")


def test_an_unmerge_restores_the_speaker_and_moves_back_what_the_merge_moved(clintons, editor):
    bill, hillary, hers, his, claim = clintons
    done = speaker_unmerge(source=hillary, target=bill, by=editor, note="not the same")

    hillary.refresh_from_db()
    bill.refresh_from_db()
    assert hillary.merged_into is None and hillary.wikidata_qid == "Q6294"
    assert (bill.wikidata_qid, bill.gender) == (None, "")
    assert set(hillary.quotes.all()) == set(hers) and set(bill.quotes.all()) == set(his)
    assert list(hillary.claims.all()) == [claim]
    assert names(hillary) == {"Hillary Clinton", "Mrs. Clinton"}
    assert names(bill) == {"Bill Clinton"}
    assert speaker_for_name(name="Mrs. Clinton") == hillary
    assert done.quotes == sorted(q.pk for q in hers) and done.kept["quotes"] == []
    event = SpeakerEvent.objects.get(action=SpeakerEvent.Action.UNMERGED)
    assert (event.speaker, event.actor, event.note) == (bill, editor, "not the same")
    assert event.new["unmerged"] == {"id": hillary.pk, "name": hillary.name, "slug": hillary.slug}
    assert event.new["quotes"] == done.quotes and event.new["claims"] == [claim.pk]
    assert event.new["aliases"] == ["Hillary Clinton", "Mrs. Clinton"]
    assert event.old == {"wikidata_qid": "Q6294", "gender": "female"}
    assert (event.new["wikidata_qid"], event.new["gender"]) == (None, "")


def test_what_an_editor_changed_after_the_merge_keeps_the_editors_decision(clintons, editor):
    bill, hillary, hers, _, _ = clintons
    confirmed, moved_away, untouched = hers
    quote_update(quote=confirmed, by=editor, changes={"verified": True})
    elsewhere = speaker_for_name(name="Chelsea Clinton")
    quote_update(quote=moved_away, by=editor, changes={"speaker": elsewhere})
    speaker_alias_remove(alias=SpeakerAlias.objects.get(name="Mrs. Clinton"), by=editor)

    done = speaker_unmerge(source=hillary, target=bill, by=editor)

    assert Quote.objects.get(pk=confirmed.pk).speaker == bill
    assert Quote.objects.get(pk=moved_away.pk).speaker == elsewhere
    assert Quote.objects.get(pk=untouched.pk).speaker == hillary
    assert done.kept["quotes"] == sorted([confirmed.pk, moved_away.pk])
    assert done.kept["aliases"] == ["Mrs. Clinton"] and names(hillary) == {"Hillary Clinton"}
    assert SpeakerEvent.objects.get(action="unmerged").new["kept"] == done.kept


def test_an_unmerge_inside_a_chain_of_merges(editor):
    """A into B, then B into C: A's pointer went to C. Undoing B's merge gives B back what
    it had, A included (pointing at B again); A can then be undone from B."""
    a, b, c = (speaker_for_name(name=n) for n in ("Anna Able", "Bob Baker", "Cleo Clark"))
    a_quotes, b_quotes = QuoteFactory.create_batch(2, speaker=a), [QuoteFactory(speaker=b)]
    speaker_merge(source=a, target=b, by=editor)
    speaker_merge(source=b, target=c, by=editor)

    with pytest.raises(ValidationError, match="Anna Able is not merged into Bob Baker"):
        speaker_unmerge(source=a, target=b, by=editor)
    speaker_unmerge(source=b, target=c, by=editor)
    a.refresh_from_db()
    assert a.merged_into_id == b.pk and not c.quotes.exists()
    assert set(b.quotes.all()) == {*a_quotes, *b_quotes}

    speaker_unmerge(source=a, target=b, by=editor)
    assert set(Speaker.objects.get(pk=a.pk).quotes.all()) == set(a_quotes)
    assert names(a) == {"Anna Able"} and names(b) == {"Bob Baker"}


def test_the_first_of_a_chain_can_be_undone_from_the_last(editor):
    a, b, c = (speaker_for_name(name=n) for n in ("Anna Able", "Bob Baker", "Cleo Clark"))
    a_quotes = QuoteFactory.create_batch(2, speaker=a)
    speaker_merge(source=a, target=b, by=editor)
    speaker_merge(source=b, target=c, by=editor)
    speaker_unmerge(source=a, target=c, by=editor)
    assert set(Speaker.objects.get(pk=a.pk).quotes.all()) == set(a_quotes)
    assert Speaker.objects.get(pk=a.pk).merged_into is None
    assert Speaker.objects.get(pk=b.pk).merged_into_id == c.pk


def test_a_merge_recorded_only_as_counts_restores_the_speaker_and_its_names(editor):
    """Merges before this change recorded how many statements moved, not which: the
    unmerge gives the speaker and its names back and says that the statements stayed."""
    bill, hillary = speaker_for_name(name="Bill Clinton"), speaker_for_name(name="Hillary Clinton")
    moved = QuoteFactory.create_batch(2, speaker=bill)
    SpeakerAlias.objects.filter(speaker=hillary).update(speaker=bill)
    Speaker.objects.filter(pk=hillary.pk).update(merged_into=bill)
    speaker_event_add(
        bill,
        actor=editor,
        action=SpeakerEvent.Action.MERGED,
        new={
            "merged": {"id": hillary.pk, "name": hillary.name, "slug": hillary.slug},
            "aliases": ["Hillary Clinton"],
            "quotes": 2,
            "claims": 0,
        },
    )
    done = speaker_unmerge(source=hillary, target=bill, by=editor)
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None
    assert names(hillary) == {"Hillary Clinton"}
    assert set(bill.quotes.all()) == set(moved)
    assert done.kept["unrecorded"] == {"quotes": 2, "claims": 0}


@pytest.mark.parametrize("case", ["never merged", "into another"])
def test_a_refused_unmerge_changes_nothing(clintons, editor, case):
    bill, hillary, *_ = clintons
    if case == "never merged":
        source, target = bill, hillary
    else:
        source, target = hillary, speaker_for_name(name="Someone Else")
    before = list(Quote.objects.order_by("id").values_list("id", "speaker_id"))
    with pytest.raises(ValidationError) as refused:
        speaker_unmerge(source=source, target=target, by=editor)
    assert "source" in refused.value.message_dict
    assert list(Quote.objects.order_by("id").values_list("id", "speaker_id")) == before
    assert not SpeakerEvent.objects.filter(action="unmerged").exists()


def test_a_claim_stays_with_a_statement_that_stays(clintons, editor):
    """A claim goes back with its statements: when an editor kept one of them with the
    target, the claim stays there too, never split from it."""
    bill, hillary, hers, _, claim = clintons
    quote_update(quote=hers[0], by=editor, changes={"verified": True})  # the claim's statement

    done = speaker_unmerge(source=hillary, target=bill, by=editor)

    claim.refresh_from_db()
    assert claim.speaker == bill == Quote.objects.get(pk=hers[0].pk).speaker
    assert done.claims == [] and done.kept["claims"] == [claim.pk]
