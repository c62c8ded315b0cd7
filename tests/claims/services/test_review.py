"""The desk's workflow: assignment, status, a verdict's second review, bulk actions, and a
claim's first appearance and check-worthiness kept from its statements."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from api.permissions import EDITORS, FACT_CHECKERS
from claims.claimreview import claim_review
from claims.models import Claim, ClaimEvent, QuoteEvent
from claims.selectors import claim_events
from claims.services import (
    StaleEdit,
    claim_create,
    claim_quotes_add,
    claim_quotes_remove,
    claim_verdict_approve,
    claim_verdict_return,
    claim_verdict_submit,
    claims_assign,
    claims_status_set,
    quotes_assign,
    quotes_attach,
)
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return member(FACT_CHECKERS, username="ana")


@pytest.fixture
def ben():
    return member(FACT_CHECKERS, username="ben")


@pytest.fixture
def claim(ana):
    return claim_create(speaker=SpeakerFactory(), statement="Crime fell by 10%.", by=ana)


def actions(claim):
    return list(claim.events.order_by("id").values_list("action", flat=True))


def review_of(claim):
    return claim_review(
        claim=claim, url="https://x.test/c", article_url=lambda a: "https://x.test/a"
    )


def test_a_verdict_is_a_draft_until_a_second_fact_checker_approves_it(claim, ana, ben):
    assert claim.status == Claim.Status.NEW
    claim_verdict_submit(claim=claim, verdict="false", by=ana, summary="It rose.", note="ONS data")
    claim.refresh_from_db()
    assert claim.verdict == "unreviewed" and claim.draft_verdict == "false"
    assert claim.status == Claim.Status.SECOND_REVIEW and claim.drafted_by == ana
    assert review_of(claim) is None  # nothing published: no ClaimReview
    with pytest.raises(ValidationError, match="you wrote this one"):
        claim_verdict_approve(claim=claim, by=ana)
    claim_verdict_approve(claim=claim, by=ben, note="Checked the ONS table")
    claim.refresh_from_db()
    assert (claim.verdict, claim.summary, claim.status) == ("false", "It rose.", "published")
    assert claim.draft_verdict == "" and claim.drafted_by is None
    assert review_of(claim)["reviewRating"]["alternateName"] == "False"
    published = claim.events.get(action=ClaimEvent.Action.VERDICT)
    assert published.actor == ben and published.new["drafted_by"] == ana.pk
    assert published.old_verdict == "unreviewed" and published.new_verdict == "false"
    assert actions(claim) == ["created", "drafted", "verdict"]


def test_a_new_draft_leaves_the_published_verdict_public_until_approved(claim, ana, ben):
    claim_verdict_submit(claim=claim, verdict="false", by=ana)
    claim_verdict_approve(claim=claim, by=ben)
    claim_verdict_submit(claim=claim, verdict="accurate", by=ben, summary="Revised figures.")
    claim.refresh_from_db()
    assert claim.verdict == "false" and claim.draft_verdict == "accurate"
    assert review_of(claim)["reviewRating"]["alternateName"] == "False"
    public = [e.action for e in claim_events(claim=claim, internal=False)]
    assert public == ["created", "verdict"]  # drafts stay the newsroom's


def test_a_draft_sent_back_is_kept_for_its_author(claim, ana, ben):
    claim_verdict_submit(claim=claim, verdict="mixed", by=ana, summary="Half right.")
    claim_verdict_return(claim=claim, by=ben, note="Cite the source")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_PROGRESS and claim.draft_verdict == "mixed"
    assert claim.events.last().note == "Cite the source"
    # rewritten, it waits for a second review again; the draft's summary is kept
    claim_verdict_submit(claim=claim, verdict="misleading", by=ana)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SECOND_REVIEW and claim.draft_summary == "Half right."


def test_approving_or_returning_without_a_draft_is_refused(claim, ben):
    with pytest.raises(ValidationError, match="no draft"):
        claim_verdict_approve(claim=claim, by=ben)
    with pytest.raises(ValidationError, match="no draft"):
        claim_verdict_return(claim=claim, by=ben)


def test_an_approval_from_a_stale_page_is_refused(claim, ana, ben):
    claim_verdict_submit(claim=claim, verdict="false", by=ana)
    seen = Claim.objects.get(pk=claim.pk).version
    claim_verdict_submit(claim=claim, verdict="accurate", by=ana)
    with pytest.raises(StaleEdit):
        claim_verdict_approve(claim=claim, by=ben, expected_version=seen)
    assert Claim.objects.get(pk=claim.pk).verdict == "unreviewed"


def test_without_second_review_a_verdict_is_published_at_once(claim, ana, settings):
    settings.VERDICT_APPROVAL = False
    claim_verdict_submit(claim=claim, verdict="accurate", by=ana)
    claim.refresh_from_db()
    assert (claim.verdict, claim.status, claim.draft_verdict) == ("accurate", "published", "")


def test_bulk_assignment_records_one_event_per_claim_that_changed_hands(ana, ben):
    speaker = SpeakerFactory()
    claims = [claim_create(speaker=speaker, statement=f"Claim {i}", by=ana) for i in range(3)]
    claims_assign(claims=claims[:1], assignee=ben, by=ana)
    events = claims_assign(claims=claims, assignee=ben, by=ana, note="Monday's list")
    assert len(events) == 2  # the first was ben's already
    assert {c.assignee_id for c in Claim.objects.all()} == {ben.pk}
    event = events[0]
    assert event.action == "assigned" and event.note == "Monday's list"
    assert event.old["assignee"] is None and event.new == {
        **event.new,
        "assignee": ben.pk,
        "assignee_name": "ben",
    }
    # assignment is the desk's bookkeeping: an open verdict form stays valid
    assert Claim.objects.get(pk=claims[1].pk).version == claims[1].version


def test_only_fact_checkers_are_given_claims(claim, ana):
    editor = member(EDITORS)
    with pytest.raises(ValidationError, match="not a fact-checker"):
        claims_assign(claims=[claim], assignee=editor, by=ana)
    assert claims_assign(claims=[claim], assignee=None, by=ana) == []  # nobody had it


def test_status_is_set_by_hand_but_published_only_by_a_verdict(claim, ana):
    [event] = claims_status_set(claims=[claim], status="in_progress", by=ana)
    assert (event.old["status"], event.new["status"]) == ("new", "in_progress")
    assert claims_status_set(claims=[claim], status="in_progress", by=ana) == []
    with pytest.raises(ValidationError, match="published by"):
        claims_status_set(claims=[claim], status="published", by=ana)


def test_statements_are_assigned_and_attached_one_event_each(claim, ana):
    editor = member(EDITORS)
    quotes = [QuoteFactory(speaker=claim.speaker) for _ in range(2)]
    events = quotes_assign(quotes=quotes, assignee=editor, by=ana)
    assert [e.action for e in events] == [QuoteEvent.Action.ASSIGNED] * 2
    assert events[0].new["assignee_name"] == editor.username
    attached = quotes_attach(quotes=quotes, claim=claim, by=ana)
    assert len(attached) == 2 and all(e.action == "quotes_added" for e in attached)
    assert quotes_attach(quotes=quotes, claim=claim, by=ana) == []


def test_a_claim_keeps_its_first_appearance_and_its_best_check_worthiness(ana):
    early = ArticleFactory(outlet="Early Times", published_on=datetime.date(2024, 3, 1))
    late = ArticleFactory(outlet="Late Post", published_on=datetime.date(2024, 3, 9))
    first = QuoteFactory(article=late, checkworthiness=0.2)
    claim = claim_create(speaker=first.speaker, statement="X", quotes=[first], by=ana)
    claim.refresh_from_db()
    assert (claim.first_seen, claim.outlet, claim.checkworthiness) == (
        datetime.date(2024, 3, 9),
        "Late Post",
        0.2,
    )
    second = QuoteFactory(article=early, speaker=first.speaker, checkworthiness=0.9)
    claim_quotes_add(claim=claim, quotes=[second], by=ana)
    claim.refresh_from_db()
    assert (claim.first_seen, claim.outlet, claim.checkworthiness) == (
        datetime.date(2024, 3, 1),
        "Early Times",
        0.9,
    )
    claim_quotes_remove(claim=claim, quotes=[second], by=ana)
    claim.refresh_from_db()
    assert (claim.outlet, claim.checkworthiness) == ("Late Post", 0.2)


def test_a_draft_sent_back_waits_for_its_author_not_for_approval(claim, ana, ben):
    claim_verdict_submit(claim=claim, verdict="false", by=ana)
    claim_verdict_return(claim=claim, by=ben, note="Cite it")
    with pytest.raises(ValidationError, match="no draft verdict waiting"):
        claim_verdict_approve(claim=claim, by=ben)
    with pytest.raises(ValidationError, match="no draft verdict waiting"):
        claim_verdict_return(claim=claim, by=ben)
    # back to second review by hand: its draft is there to review
    claims_status_set(claims=[claim], status="second_review", by=ana)
    claim_verdict_approve(claim=claim, by=ben)
    assert Claim.objects.get(pk=claim.pk).verdict == "false"


def test_second_review_by_hand_needs_a_draft_and_a_waiting_draft_is_not_left_by_hand(claim, ana):
    with pytest.raises(ValidationError, match="no draft verdict to review"):
        claims_status_set(claims=[claim], status="second_review", by=ana)
    claim_verdict_submit(claim=claim, verdict="false", by=ana)
    with pytest.raises(ValidationError, match="approve it or send it back"):
        claims_status_set(claims=[claim], status="new", by=ana)
    assert Claim.objects.get(pk=claim.pk).status == "second_review"


def test_approving_an_unreviewed_draft_takes_the_claim_back_to_work(claim, ana, ben):
    claim_verdict_submit(claim=claim, verdict="unreviewed", by=ana)
    claim_verdict_approve(claim=claim, by=ben)
    claim.refresh_from_db()
    assert (claim.verdict, claim.status, claim.draft_verdict) == ("unreviewed", "in_progress", "")


def test_a_verdict_set_directly_replaces_a_waiting_draft_and_says_so(claim, ana, settings):
    claim_verdict_submit(claim=claim, verdict="false", by=ana)
    settings.VERDICT_APPROVAL = False
    event = claim_verdict_submit(claim=claim, verdict="accurate", by=ana)
    claim.refresh_from_db()
    assert (claim.verdict, claim.draft_verdict, claim.status) == ("accurate", "", "published")
    assert event.old == {"verdict": "unreviewed", "draft_verdict": "false"}


def test_assignment_leaves_the_public_last_change_alone(claim, ana, ben):
    before = Claim.objects.get(pk=claim.pk).updated_at
    claims_assign(claims=[claim], assignee=ben, by=ana)
    claims_status_set(claims=[claim], status="in_progress", by=ana)
    assert Claim.objects.get(pk=claim.pk).updated_at == before
