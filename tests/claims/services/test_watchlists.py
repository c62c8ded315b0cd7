"""Watchlists (issue 17): a saved search matches what the search matches, its marks start
at the newest statement, its feed secret is revoked, and its new statements are counted in
one query for any number of watchlists."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim, Quote, Verdict
from claims.searches import (
    StatementSearch,
    quotes_matching,
    watchlist_quotes,
    watchlists_new_counts,
    watchlists_of,
)
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db


def said(speaker=None, *, outlet="", kind=Quote.Kind.INDIRECT, body=None, rejected=False):
    article = ArticleFactory(outlet=outlet, **({"body": body} if body else {}))
    fields = {"speaker": speaker} if speaker else {}
    return QuoteFactory(article=article, kind=kind, rejected=rejected, length=30, **fields)


def ids(quotes) -> set[int]:
    return {quote.pk for quote in quotes}


def test_each_criterion_narrows_and_any_of_its_values_matches():
    ana, bo, cy = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    a1 = said(ana, outlet="Daily Planet", kind=Quote.Kind.DIRECT)
    a2 = said(ana, outlet="The Courier", body="The minister said the budget was balanced.")
    b1 = said(bo, outlet="daily planet", kind=Quote.Kind.PARTIAL)
    c1 = said(cy, outlet="Daily Planet")
    said(ana, outlet="Daily Planet", rejected=True)
    claim = Claim.objects.create(statement="x", speaker=cy, verdict=Verdict.FALSE)
    claim.quotes.add(c1)

    def found(**criteria):
        return ids(quotes_matching(StatementSearch(**criteria)))

    assert found(speaker_ids=(ana.pk, bo.pk)) == ids([a1, a2, b1])
    assert found(outlets=("DAILY PLANET",)) == ids([a1, b1, c1])
    assert found(outlets=("Daily Planet", "The Courier"), kinds=("direct", "partial")) == ids(
        [a1, b1]
    )
    assert found(words="minister budget") == ids([a2])
    assert found(verdicts=("false", "misleading")) == ids([c1])
    assert found(verdicts=("accurate",)) == set()
    assert not StatementSearch() and StatementSearch(kinds=("direct",))


def test_a_watchlist_saves_its_search_validated_and_starts_at_the_newest_statement():
    owner, speaker = member(), SpeakerFactory()
    old = said(speaker)
    search = StatementSearch(speaker_ids=(speaker.pk,), kinds=("indirect",), outlets=("A",))
    watchlist = services.watchlist_create(owner=owner, name=" Mine ", search=search)
    assert watchlist.name == "Mine" and list(watchlist.speakers.all()) == [speaker]
    assert watchlist.seen_through == watchlist.digest_through == old.pk
    assert ids(watchlist_quotes(watchlist)) == set()  # outlet "A": none yet
    services.watchlist_update(
        watchlist=watchlist, name="Mine", search=search.__class__(speaker_ids=(speaker.pk,))
    )
    assert ids(watchlist_quotes(watchlist)) == {old.pk}
    assert watchlist.seen_through == old.pk  # the marks stay: the old statement is not new

    with pytest.raises(ValidationError) as refused:
        services.watchlist_create(owner=owner, name="Mine", search=search)
    assert "You have a watchlist of this name already." in str(refused.value)
    with pytest.raises(ValidationError):
        services.watchlist_create(owner=owner, name="Bad", search=StatementSearch(kinds=("x",)))
    with pytest.raises(ValidationError):
        services.watchlist_create(owner=owner, name="Long", search=StatementSearch(words="w " * 30))
    # another user may use the same name
    services.watchlist_create(owner=member(), name="Mine", search=search)


def test_a_watchlist_follows_a_speaker_merged_into_another():
    owner, pembrook, walter = member(), SpeakerFactory(), SpeakerFactory()
    services.watchlist_create(
        owner=owner, name="P", search=StatementSearch(speaker_ids=(pembrook.pk,))
    )
    services.speaker_merge(source=pembrook, target=walter, by=owner)
    later = said(walter)
    assert ids(watchlist_quotes(watchlists_of(owner).get())) == {later.pk}


def test_revoking_the_feed_secret_makes_a_new_one():
    watchlist = services.watchlist_create(
        owner=member(), name="W", search=StatementSearch(words="plan")
    )
    old = watchlist.feed_token
    assert len(old) >= 40
    services.watchlist_token_revoke(watchlist=watchlist)
    watchlist.refresh_from_db()
    assert watchlist.feed_token != old and len(watchlist.feed_token) >= 40


def test_new_statements_are_counted_in_one_query_and_a_visit_marks_them_seen():
    owner, ana, bo = member(), SpeakerFactory(), SpeakerFactory()
    said(ana)
    of_ana = services.watchlist_create(
        owner=owner, name="Ana", search=StatementSearch(speaker_ids=(ana.pk,))
    )
    of_bo = services.watchlist_create(
        owner=owner, name="Bo", search=StatementSearch(speaker_ids=(bo.pk,), words="minister")
    )
    planet = services.watchlist_create(
        owner=owner, name="Planet", search=StatementSearch(outlets=("Planet",))
    )
    said(ana), said(ana, outlet="Planet"), said(bo), said(ana, rejected=True)
    watchlists = list(watchlists_of(owner))
    with CaptureQueriesContext(connection) as queries:
        counts = watchlists_new_counts(watchlists)
    assert len(queries) == 1
    assert counts == {of_ana.pk: 2, of_bo.pk: 1, planet.pk: 1}

    previous = services.watchlist_visit(watchlist=of_ana)
    assert previous == of_ana.seen_through
    counts = watchlists_new_counts(list(watchlists_of(owner)))
    assert counts == {of_ana.pk: 0, of_bo.pk: 1, planet.pk: 1}
    assert watchlists_of(owner).get(pk=of_ana.pk).visited_at is not None
