"""The speaker registry is the database: the selector that builds it, the seed of public
figures, editors' identity edits, and the store matching speakers by Wikidata QID."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from claims.models import Speaker, SpeakerAlias, SpeakerEvent
from claims.selectors import speaker_registry
from claims.services import (
    attributions_store,
    speaker_alias_create,
    speaker_alias_remove,
    speaker_for_name,
    speaker_identity_set,
    speaker_merge,
)
from extraction import Attribution, Kind
from extraction.registry import Registry
from extraction.types import Span
from tests.factories import ArticleFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_registry_holds_speakers_aliases_identity_and_statements():
    walter = speaker_for_name(name="Walter Pembrook")
    Speaker.objects.filter(pk=walter.pk).update(wikidata_qid="Q101", gender="male")
    speaker_alias_create(speaker=walter, name="Walt Pembrook", by=UserFactory())
    QuoteFactory.create_batch(3, speaker=walter)
    QuoteFactory(speaker=walter, rejected=True)
    speaker_for_name(name="Acme Shipping", kind=Speaker.Kind.ORGANISATION)

    registry = speaker_registry()

    known = registry.get("Walt Pembrook")
    assert (known.name, known.qid, known.gender, known.prominence) == (
        "Walter Pembrook",
        "Q101",
        "male",
        3.0,
    )
    assert registry.by_qid("Q101") is known
    assert registry.get("Acme Shipping").kind == "organisation"
    # first names' genders come with the shipped file
    assert registry.first_name_gender("Nancy") == "female"


def test_merged_speakers_follow_their_target_and_make_a_surname_unambiguous():
    editor = UserFactory()
    walter = speaker_for_name(name="Walter Pembrook")
    wally = speaker_for_name(name="Wally Pembrook")
    assert speaker_registry().pick("Pembrook")[0] is None  # two people, neither dominates

    speaker_merge(source=wally, target=walter, by=editor)
    # an old merge whose target was merged in turn: its name reaches the last target
    old = speaker_for_name(name="W. Pembrook")
    SpeakerAlias.objects.filter(speaker=old).delete()
    Speaker.objects.filter(pk=old.pk).update(merged_into=wally)

    registry = speaker_registry()
    assert registry.pick("Pembrook")[0].name == "Walter Pembrook"
    assert registry.get("Wally Pembrook") is registry.get("W. Pembrook")
    assert registry.get("W. Pembrook").name == "Walter Pembrook"
    assert len(registry) == 1


def test_registry_takes_two_queries_whatever_the_number_of_speakers(
    django_assert_num_queries,
):
    editor = UserFactory()
    for n in range(30):
        speaker = speaker_for_name(name=f"Person Number{n} Surname{n}")
        QuoteFactory(speaker=speaker)
        if n % 3 == 0:
            speaker_alias_create(speaker=speaker, name=f"P. Surname{n}", by=editor)
    for n in range(5):
        speaker_merge(
            source=speaker_for_name(name=f"Other Person{n}"),
            target=Speaker.objects.get(name=f"Person Number{n} Surname{n}"),
            by=editor,
        )
    with django_assert_num_queries(2):
        registry = speaker_registry()
    assert len(registry) == 30


RECORDS = {
    "metadata": {"source": "test KB"},
    "speakers": [
        {
            "name": "Donald Trump",
            "kind": "person",
            "gender": "male",
            "qid": "Q22686",
            "aliases": ["Donald J. Trump", "Donald John Trump"],
            "prominence": 2.0,
        },
        {
            "name": "Nancy Pelosi",
            "kind": "person",
            "gender": "female",
            "qid": "Q170581",
            "aliases": ["Nancy Patricia Pelosi"],
        },
    ],
}


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    return str(path)


def snapshot():
    return (
        sorted(Speaker.objects.values_list("name", "wikidata_qid", "gender", "merged_into")),
        sorted(SpeakerAlias.objects.values_list("normalised", "speaker__name")),
        SpeakerEvent.objects.count(),
    )


def test_load_speakers_creates_public_figures_once_and_records_it(records, capsys):
    call_command("load_speakers", records)
    first = snapshot()
    call_command("load_speakers", records)

    assert snapshot() == first
    assert "0 created, 0 filled in, 2 unchanged" in capsys.readouterr().out
    trump = Speaker.objects.get(wikidata_qid="Q22686")
    assert (trump.name, trump.gender) == ("Donald Trump", "male")
    assert set(trump.aliases.values_list("name", flat=True)) >= {"Donald J. Trump"}
    event = SpeakerEvent.objects.get(speaker=trump)
    assert event.actor is None and event.action == SpeakerEvent.Action.IDENTITY
    assert event.new["source"].endswith("test KB")
    assert (event.old["wikidata_qid"], event.new["wikidata_qid"]) == (None, "Q22686")


def test_load_speakers_fills_in_a_known_speaker_but_never_an_editors_decision(records):
    editor = UserFactory()
    # the extractor's speaker, known by an alias of the record: filled in, not duplicated
    trump = speaker_for_name(name="Donald J. Trump")
    # an editor took this Nancy Pelosi's QID away and removed one of her names
    pelosi = speaker_for_name(name="Nancy Pelosi")
    speaker_identity_set(speaker=pelosi, by=editor, changes={"wikidata_qid": "Q170581"})
    speaker_identity_set(
        speaker=pelosi, by=editor, changes={"wikidata_qid": None}, note="a namesake"
    )
    alias = speaker_alias_create(speaker=pelosi, name="Nancy Patricia Pelosi", by=editor)
    speaker_alias_remove(alias=alias, by=editor)

    call_command("load_speakers", records)
    call_command("load_speakers", records)

    trump.refresh_from_db()
    pelosi.refresh_from_db()
    assert (trump.wikidata_qid, trump.gender) == ("Q22686", "male")
    assert (pelosi.wikidata_qid, pelosi.gender) == (None, "female")
    assert not SpeakerAlias.objects.filter(normalised="nancy patricia pelosi").exists()
    assert not Speaker.objects.filter(wikidata_qid="Q170581").exists()
    assert Speaker.objects.filter(name="Donald Trump").count() == 0


def test_editors_set_a_qid_recorded_and_refused_when_another_speaker_has_it():
    editor = UserFactory()
    walter = speaker_for_name(name="Walter Pembrook")
    other = speaker_for_name(name="Wally Pembrook")

    speaker_identity_set(
        speaker=walter,
        by=editor,
        changes={"wikidata_qid": "https://www.wikidata.org/wiki/q4242", "gender": "male"},
    )
    walter.refresh_from_db()
    assert (walter.wikidata_qid, walter.gender) == ("Q4242", "male")
    event = SpeakerEvent.objects.get(speaker=walter, action=SpeakerEvent.Action.IDENTITY)
    assert event.actor == editor
    assert (event.old["wikidata_qid"], event.new["wikidata_qid"]) == (None, "Q4242")

    with pytest.raises(ValidationError, match="merge"):
        speaker_identity_set(speaker=other, by=editor, changes={"wikidata_qid": "Q4242"})
    with pytest.raises(ValidationError):
        speaker_identity_set(speaker=other, by=editor, changes={"wikidata_qid": "Obama"})


def test_store_finds_the_speaker_by_qid_before_the_name():
    body = "Donald Trump said the wall would be built."
    article = ArticleFactory(body=body, raw_text=body)
    known = speaker_for_name(name="Donald J. Trump")
    Speaker.objects.filter(pk=known.pk).update(wikidata_qid="Q22686")
    speaker_for_name(name="Donald Trump")  # a split the QID overrides
    attribution = Attribution(
        content=[Span(13, len(body) - 1)],
        kind=Kind.INDIRECT,
        mention=Span(0, 12),
        speaker="Donald Trump",
        speaker_qid="Q22686",
    )

    (quote,) = attributions_store(article=article, attributions=[attribution])

    assert quote.speaker_id == known.pk


def test_registry_identifies_attributions_by_canonical_name():
    registry = Registry()
    registry.add("Donald Trump", aliases=["Donald J. Trump"], qid="Q22686")
    found = [
        Attribution(content=[Span(0, 1)], kind=Kind.DIRECT, speaker="Donald J. Trump"),
        Attribution(content=[Span(0, 1)], kind=Kind.DIRECT, speaker="Someone Else"),
        Attribution(content=[Span(0, 1)], kind=Kind.DIRECT),
    ]
    registry.identify(found)
    assert [a.speaker_qid for a in found] == ["Q22686", None, None]
