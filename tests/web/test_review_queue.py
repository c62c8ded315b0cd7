"""The review queue's pages: who sees them, filters and orders, bulk actions with one history
entry per item, my queue, the claim page's second review, and a page's queries constant in
its size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim, ClaimEvent, QuoteEvent
from claims.services import claim_create, claim_verdict_submit
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db


def claims_made(n, *, by, speaker=None, **quote_fields):
    speaker = speaker or SpeakerFactory()
    made = []
    for i in range(n):
        quote = QuoteFactory(speaker=speaker, **quote_fields)
        made.append(claim_create(speaker=speaker, statement=f"Claim {i}", quotes=[quote], by=by))
    return made


def rows(response):
    return [claim.pk for claim in response.context["page"].object_list]


def test_the_queue_is_for_fact_checkers(client):
    assert client.get("/review/").status_code == 302  # sign in first
    client.force_login(member(EDITORS))
    assert client.get("/review/").status_code == 403
    assert client.get("/review/statements/").status_code == 200  # editors check statements
    client.force_login(member())
    assert client.get("/review/statements/").status_code == 403


def test_the_queue_sorts_by_check_worthiness_and_filters_on_each_column(client):
    ana = member(FACT_CHECKERS, username="ana")
    client.force_login(ana)
    times = ArticleFactory(outlet="Times", published_on=datetime.date(2024, 1, 2))
    post = ArticleFactory(outlet="Post", published_on=datetime.date(2024, 1, 5))
    low = claims_made(1, by=ana, article=times, checkworthiness=0.1)[0]
    high = claims_made(1, by=ana, article=post, checkworthiness=0.8)[0]
    unscored = claims_made(1, by=ana, article=post)[0]
    assert rows(client.get("/review/")) == [high.pk, low.pk, unscored.pk]
    assert rows(client.get("/review/?sort=-checkworthiness"))[:2] == [low.pk, high.pk]
    assert rows(client.get("/review/?sort=first_seen"))[0] == low.pk
    assert rows(client.get("/review/?outlet=Times")) == [low.pk]
    assert rows(client.get(f"/review/?speaker={high.speaker.slug}")) == [high.pk]
    assert rows(client.get("/review/?speaker=Nobody%20Known")) == []
    client.post("/review/bulk/", {"items": [high.pk], "action": "assign", "assignee": "me"})
    assert rows(client.get("/review/?assignee=me")) == [high.pk]
    assert rows(client.get("/review/?assignee=none")) == [low.pk, unscored.pk]
    page = client.get("/review/?sort=outlet").content.decode()
    assert 'aria-sort="ascending"' in page
    # a published claim leaves the open queue; "any" shows it, filtered by verdict
    Claim.objects.filter(pk=low.pk).update(status="published", verdict="false")
    assert low.pk not in rows(client.get("/review/"))
    assert rows(client.get("/review/?status=any&verdict=false")) == [low.pk]


def test_a_bulk_action_writes_one_history_entry_per_item(client):
    ana = member(FACT_CHECKERS)
    ben = member(FACT_CHECKERS, username="ben")
    client.force_login(ana)
    claims = claims_made(3, by=ana)
    ids = [c.pk for c in claims]
    response = client.post(
        "/review/bulk/",
        {"items": ids, "action": "assign", "assignee": str(ben.pk), "next": "/review/?sort=age"},
    )
    assert response.status_code == 302 and response["Location"] == "/review/?sort=age"
    assert ClaimEvent.objects.filter(action="assigned").count() == 3
    assert set(Claim.objects.values_list("assignee__username", flat=True)) == {"ben"}
    client.post("/review/bulk/", {"items": ids[:2], "action": "status", "status": "in_progress"})
    assert ClaimEvent.objects.filter(action="status").count() == 2
    # publishing is not a status one sets by hand
    client.post("/review/bulk/", {"items": ids, "action": "status", "status": "published"})
    assert not Claim.objects.filter(status="published").exists()
    # a redirect elsewhere is not followed
    response = client.post(
        "/review/bulk/",
        {"items": ids, "action": "assign", "assignee": "", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/review/"


def test_statements_to_check_are_assigned_verified_and_attached_in_bulk(client):
    editor = member(EDITORS)
    checker = member(FACT_CHECKERS)
    speaker = SpeakerFactory()
    quotes = [QuoteFactory(speaker=speaker, confidence=0.2) for _ in range(3)]
    QuoteFactory(speaker=speaker, confidence=0.9)  # sure enough: not listed
    client.force_login(editor)
    assert len(client.get("/review/statements/").context["page"].object_list) == 3
    client.post(
        "/review/bulk/",
        {
            "tab": "statements",
            "items": [q.pk for q in quotes],
            "action": "assign",
            "assignee": "me",
        },
    )
    assert QuoteEvent.objects.filter(action="assigned").count() == 3
    client.post(
        "/review/bulk/",
        {"tab": "statements", "items": [quotes[0].pk], "action": "verify"},
    )
    assert len(client.get("/review/statements/?assignee=me").context["page"].object_list) == 2
    # attaching is a fact-checker's decision
    claim = claim_create(speaker=speaker, statement="A claim", by=checker)
    response = client.post(
        "/review/bulk/",
        {"tab": "statements", "items": [quotes[1].pk], "action": "attach", "claim": claim.pk},
    )
    assert response.status_code == 403
    client.force_login(checker)
    client.post(
        "/review/bulk/",
        {
            "tab": "statements",
            "items": [q.pk for q in quotes[1:]],
            "action": "attach",
            "claim": claim.pk,
        },
    )
    assert ClaimEvent.objects.filter(claim=claim, action="quotes_added").count() == 2


def test_the_claim_page_shows_the_draft_to_the_newsroom_only(client):
    ana = member(FACT_CHECKERS, username="ana")
    ben = member(FACT_CHECKERS, username="ben")
    [claim] = claims_made(1, by=ana)
    claim_verdict_submit(claim=claim, verdict="false", by=ana, summary="Secret draft summary")
    public = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Secret draft summary" not in public and "Verdict drafted" not in public
    assert "Unreviewed" in public
    client.force_login(ana)
    own = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Secret draft summary" in own and "another fact-checker approves it" in own
    client.force_login(ben)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Approve and publish" in page
    client.post(f"/claims/{claim.pk}/approve/", {"version": claim.version + 1, "note": "ok"})
    claim.refresh_from_db()
    assert (claim.verdict, claim.status) == ("false", "published")
    client.logout()
    assert "Secret draft summary" in client.get(f"/claims/{claim.pk}/").content.decode()


def test_the_verdict_form_saves_a_draft(client):
    ana = member(FACT_CHECKERS)
    client.force_login(ana)
    [claim] = claims_made(1, by=ana)
    response = client.post(
        f"/claims/{claim.pk}/verdict/",
        {"verdict": "misleading", "summary": "", "evidence_links": "", "version": claim.version},
        follow=True,
    )
    assert "published when a second fact-checker approves it" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.verdict, claim.draft_verdict) == ("unreviewed", "misleading")


@pytest.mark.parametrize("tab", ["", "statements/"])
def test_a_queue_page_costs_the_same_queries_at_any_size(client, tab):
    ana = member(FACT_CHECKERS)
    client.force_login(ana)
    claims_made(2, by=ana, confidence=0.1)
    client.get(f"/review/{tab}")  # the session and the user are cached after this
    with CaptureQueriesContext(connection) as few:
        client.get(f"/review/{tab}")
    claims_made(40, by=ana, confidence=0.1)
    Claim.objects.update(assignee=ana)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/review/{tab}")
    assert len(many) == len(few)


def test_the_queue_filters_on_first_appearance_and_age(client):
    ana = member(FACT_CHECKERS)
    client.force_login(ana)
    january = ArticleFactory(published_on=datetime.date(2024, 1, 10))
    march = ArticleFactory(published_on=datetime.date(2024, 3, 10))
    old = claims_made(1, by=ana, article=january)[0]
    new = claims_made(1, by=ana, article=march)[0]
    assert rows(client.get("/review/?seen_from=2024-02-01")) == [new.pk]
    assert rows(client.get("/review/?seen_to=2024-02-01")) == [old.pk]
    assert sorted(rows(client.get("/review/?seen_from=not-a-date"))) == sorted([old.pk, new.pk])
    Claim.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    assert rows(client.get("/review/?older_than=7")) == [old.pk]


def test_an_assigned_statement_survives_re_extraction(client):
    from articles.models import Article
    from articles.services import article_extract
    from claims.models import Quote

    article = ArticleFactory(
        body='The minister said the plan would work. "It is ready," she said.',
        status=Article.Status.QUEUED,
    )
    article_extract(article=article)
    quote = Quote.objects.filter(article=article).first()
    assert quote is not None
    client.force_login(member(EDITORS))
    client.post(f"/quotes/{quote.pk}/assign/", {"assignee": "me"})
    assert QuoteEvent.objects.filter(quote=quote, action="assigned").exists()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED)
    article.refresh_from_db()
    article_extract(article=article)  # no ProtectedError: the assigned statement is kept
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert Quote.objects.filter(pk=quote.pk, assignee__isnull=False).exists()
