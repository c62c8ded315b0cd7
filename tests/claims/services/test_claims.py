"""Claims: made, quotes attached and detached, each change recorded and versioned."""

import pytest

from claims.models import ClaimEvent
from claims.services import claim_create, claim_quotes_add, claim_quotes_remove
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
