import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from claims.models import ClaimEvent, Quote, QuoteEvent, Speaker, SpeakerAlias, Verdict
from claims.services import (
    claim_create,
    claim_verdict_set,
    is_name_form,
    quote_update,
    speaker_for_name,
)
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_speaker_for_name_finds_by_any_alias_and_creates_once():
    putin = speaker_for_name(name="Vladimir Putin")
    SpeakerAlias.objects.create(speaker=putin, name="Mr Putin", normalised="mr putin")
    assert speaker_for_name(name="the  Vladimir PUTIN") == putin
    assert speaker_for_name(name="Mr. Putin") == putin
    other = speaker_for_name(name="Vladimir Putin Jr")
    assert other != putin and other.slug == "vladimir-putin-jr"
    assert Speaker.objects.count() == 2


def test_slugs_stay_unique():
    first = speaker_for_name(name="John Smith")
    SpeakerAlias.objects.filter(speaker=first).delete()
    second = speaker_for_name(name="John Smith")
    assert (first.slug, second.slug) == ("john-smith", "john-smith-2")


def test_alias_forms_are_unique_in_the_database():
    speaker = SpeakerFactory()
    SpeakerAlias.objects.create(speaker=speaker, name="X", normalised="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlias.objects.create(speaker=SpeakerFactory(), name="x", normalised="x")


def test_database_refuses_a_bad_quote_span():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(content_end=0)


def test_a_quote_must_be_its_articles_text():
    article = ArticleFactory(body="The minister said it was fine.")
    quote = Quote(
        article=article, text="not in the text", content_start=0, content_end=5, kind="indirect"
    )
    with pytest.raises(ValidationError):
        quote.full_clean()


def test_database_refuses_an_unknown_verdict_and_a_bad_wikidata_id():
    claim = claim_create(
        speaker=SpeakerFactory(), statement="Drills are defensive.", by=UserFactory()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(claim).objects.filter(pk=claim.pk).update(verdict="sort of")
    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.filter(pk=claim.speaker_id).update(wikidata_qid="7747")


def test_verdict_changes_are_kept_in_order():
    checker = UserFactory()
    quote = QuoteFactory()
    claim = claim_create(
        speaker=quote.speaker, statement="The plan works.", quotes=[quote], by=checker
    )
    claim_verdict_set(
        claim=claim, verdict=Verdict.DISPUTED, by=checker, note="two sources disagree"
    )
    claim_verdict_set(
        claim=claim,
        verdict=Verdict.FALSE,
        by=checker,
        note="records show otherwise",
        summary="It did not.",
        evidence_links=["https://records.example/1"],
    )
    claim.refresh_from_db()
    assert claim.verdict == Verdict.FALSE and claim.quotes.get() == quote
    history = [(e.action, e.old_verdict, e.new_verdict, e.note) for e in claim.events.all()]
    assert history == [
        ("created", "unreviewed", "unreviewed", ""),
        ("verdict", "unreviewed", "disputed", "two sources disagree"),
        ("verdict", "disputed", "false", "records show otherwise"),
    ]
    assert claim.events.last().evidence_links == ["https://records.example/1"]


def test_an_invalid_verdict_is_refused_and_nothing_is_recorded():
    checker = UserFactory()
    claim = claim_create(speaker=SpeakerFactory(), statement="The plan works.", by=checker)
    with pytest.raises(ValidationError):
        claim_verdict_set(claim=claim, verdict="kind of", by=checker)
    assert list(ClaimEvent.objects.values_list("action", flat=True)) == ["created"]


def test_history_rows_cannot_be_changed_from_code():
    checker = UserFactory()
    claim = claim_create(speaker=SpeakerFactory(), statement="The plan works.", by=checker)
    event = claim_verdict_set(claim=claim, verdict=Verdict.ACCURATE, by=checker)
    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_history_rows_cannot_be_changed_in_postgresql(postgres):
    checker = UserFactory()
    claim = claim_create(speaker=SpeakerFactory(), statement="The plan works.", by=checker)
    claim_verdict_set(claim=claim, verdict=Verdict.ACCURATE, by=checker)
    quote = QuoteFactory()
    quote_update(quote=quote, by=checker, changes={"speaker": None})
    for rows in (ClaimEvent.objects.all(), QuoteEvent.objects.all()):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ClaimEvent.objects.all()._raw_delete(ClaimEvent.objects.db)


def test_name_forms_of_a_person_are_aliases_and_descriptions_are_not():
    jones = speaker_for_name(name="Ross Jones")
    assert is_name_form("Mr Jones", jones) and is_name_form("Jones’s", jones)
    assert not is_name_form("he", jones) and not is_name_form("the minister", jones)
    kremlin = speaker_for_name(name="Kremlin", kind=Speaker.Kind.ORGANISATION)
    assert is_name_form("the Kremlin", kremlin)
    assert not is_name_form("a Kremlin readout of the call", kremlin)
