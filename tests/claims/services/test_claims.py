"""Claims: made, quotes attached and detached, each change recorded and versioned."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import ClaimEvent
from claims.services import (
    QuoteInClaim,
    StaleEdit,
    claim_create,
    claim_quotes_add,
    claim_quotes_remove,
    claim_statement_set,
)
from tests.factories import QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    return UserFactory()


@pytest.fixture
def claim(checker):
    return claim_create(speaker=SpeakerFactory(), statement="It works.", by=checker)


def history(claim):
    return [
        (e.action, e.quote_ids, e.old_verdict, e.new_verdict, e.version) for e in claim.events.all()
    ]


def test_a_claim_made_with_quotes_records_them(checker):
    quotes = QuoteFactory.create_batch(2)
    claim = claim_create(
        speaker=quotes[0].speaker, statement=" It works. ", quotes=quotes, by=checker
    )
    assert claim.statement == "It works." and set(claim.quotes.all()) == set(quotes)
    ids = sorted(q.pk for q in quotes)
    assert history(claim) == [("created", ids, "unreviewed", "unreviewed", 1)]


def test_attaching_and_detaching_are_recorded_with_the_quotes_that_changed(claim, checker):
    first, second = QuoteFactory.create_batch(2)
    added = claim_quotes_add(claim=claim, quotes=[first, second], by=checker, note="same speech")
    assert added.action == ClaimEvent.Action.QUOTES_ADDED and added.note == "same speech"
    removed = claim_quotes_remove(claim=claim, quotes=[first], by=checker)
    assert list(claim.quotes.all()) == [second]
    claim.refresh_from_db()
    assert claim.version == 3
    assert history(claim) == [
        ("created", [], "unreviewed", "unreviewed", 1),
        ("quotes_added", sorted([first.pk, second.pk]), "unreviewed", "unreviewed", 2),
        ("quotes_removed", [first.pk], "unreviewed", "unreviewed", 3),
    ]
    assert removed.actor == checker


def test_attaching_what_is_attached_or_detaching_what_is_not_changes_nothing(claim, checker):
    quote = QuoteFactory()
    claim_quotes_add(claim=claim, quotes=[quote], by=checker)
    assert claim_quotes_add(claim=claim, quotes=[quote], by=checker) is None
    assert claim_quotes_remove(claim=claim, quotes=[QuoteFactory()], by=checker) is None
    claim.refresh_from_db()
    assert claim.version == 2 and claim.events.count() == 2


def test_a_quote_already_in_a_claim_gets_no_second_claim(claim, checker):
    """Issue 16, item 4: "Review as a claim" twice made two claims of one statement."""
    quote = QuoteFactory()
    first = claim_create(speaker=quote.speaker, statement="It works.", quotes=[quote], by=checker)
    with pytest.raises(QuoteInClaim) as refused:
        claim_create(speaker=quote.speaker, statement="It works.", quotes=[quote], by=checker)
    assert refused.value.claim == first and refused.value.quote == quote
    assert f"already in claim {first.pk}" in refused.value.message_dict["quotes"][0]
    assert list(quote.claims.all()) == [first]
    # attaching it to another claim is an explicit decision, and allowed
    claim_quotes_add(claim=claim, quotes=[quote], by=checker, note="the same claim, reworded")
    assert set(quote.claims.all()) == {first, claim}


def test_a_claim_is_worded_as_a_checkable_sentence_and_recorded(checker):
    quote = QuoteFactory()
    claim = claim_create(speaker=quote.speaker, statement=quote.text, quotes=[quote], by=checker)
    event = claim_statement_set(
        claim=claim,
        statement=" Unemployment halved since 2020. ",
        by=checker,
        note="checkable form",
        expected_version=1,
    )
    claim.refresh_from_db()
    quote.refresh_from_db()
    assert claim.statement == "Unemployment halved since 2020." and claim.version == 2
    assert quote.text == quote.article.body[quote.content_start : quote.content_end]
    assert (event.action, event.old, event.actor, event.note, event.version) == (
        ClaimEvent.Action.STATEMENT,
        {"statement": quote.text, "verdict": "unreviewed"},
        checker,
        "checkable form",
        2,
    )
    assert event.new["statement"] == "Unemployment halved since 2020."
    # the same words again change nothing; an edit from version 1 is refused
    assert claim_statement_set(claim=claim, statement=claim.statement, by=checker) is None
    with pytest.raises(StaleEdit):
        claim_statement_set(claim=claim, statement="Other.", by=checker, expected_version=1)
    with pytest.raises(ValidationError):
        claim_statement_set(claim=claim, statement="  ", by=checker)
    claim.refresh_from_db()
    assert (claim.statement, claim.version, claim.events.count()) == (
        "Unemployment halved since 2020.",
        2,
        2,
    )
