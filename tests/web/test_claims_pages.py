"""A statement in a claim shows its claim and verdict on every list, and is reviewed once;
a claim is worded as a checkable sentence; a rejection is undone or restored (issue 16,
items 4 and 6). The browser flows are in test_claims_browser.py."""

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim, ClaimEvent, Quote, QuoteEvent
from claims.services import claim_create, claim_quotes_add, claim_verdict_set, quote_update
from tests.factories import QuoteFactory, UserFactory, signed_in
from tests.web.test_concurrency import form_of

pytestmark = pytest.mark.django_db


def review(client, quote):
    form = form_of(client.get(f"/articles/{quote.article_id}/").content.decode(), "/claims/new/")
    return client.post("/claims/new/", form)


def test_review_as_a_claim_twice_opens_the_one_claim(client):
    quote = QuoteFactory()
    signed_in(client, FACT_CHECKERS)
    first = review(client, quote)
    claim = Claim.objects.get()
    assert first.url == f"/claims/{claim.pk}/"
    # a page opened before the first click still posts the form: it opens the same claim
    again = client.post("/claims/new/", {"quote": quote.pk, "statement": quote.text})
    assert again.status_code == 302 and again.url == f"/claims/{claim.pk}/"
    assert Claim.objects.count() == 1
    page = client.get(f"/articles/{quote.article_id}/").content.decode()
    assert "Review as a claim" not in page and "Open its claim" in page
    assert f'href="/claims/{claim.pk}/"' in page and "verdict-unreviewed" in page


def test_a_statement_in_a_claim_shows_it_on_the_article_speaker_and_search_pages(client):
    quote = QuoteFactory()
    checker = UserFactory()
    claim = claim_create(speaker=quote.speaker, statement="It works.", quotes=[quote], by=checker)
    claim_verdict_set(claim=claim, verdict="mostly_accurate", by=checker)
    shown = f'<a class="claim-link" href="/claims/{claim.pk}/">claim {claim.pk}</a>'
    verdict = '<span class="verdict verdict-mostly_accurate">Mostly accurate</span>'
    for url in (
        f"/articles/{quote.article_id}/",
        f"/speakers/{quote.speaker.slug}/",
        "/search/?q=minister",
    ):
        assert f"{shown}: {verdict}" in client.get(url).content.decode(), url


def test_the_verdict_filter_shows_the_claims_a_statement_is_in(client):
    """The speaker page showed a statement in a false claim as "unreviewed" under the
    filter "False": it showed one verdict of the claims the statement is in, any of them."""
    quote = QuoteFactory()
    checker = UserFactory()
    false = claim_create(speaker=quote.speaker, statement="It works.", quotes=[quote], by=checker)
    claim_verdict_set(claim=false, verdict="false", by=checker)
    other = claim_create(speaker=quote.speaker, statement="It is ready.", by=checker)
    claim_quotes_add(claim=other, quotes=[quote], by=checker)
    page = client.get(f"/speakers/{quote.speaker.slug}/?verdict=false").content.decode()
    assert f"#quote-{quote.pk}" in page
    assert f'<a class="claim-link" href="/claims/{false.pk}/">' in page
    assert '<span class="verdict verdict-false">False</span>' in page
    assert f'<a class="claim-link" href="/claims/{other.pk}/">' in page
    unreviewed = client.get(f"/speakers/{quote.speaker.slug}/?verdict=unreviewed")
    assert f"#quote-{quote.pk}" in unreviewed.content.decode()
    accurate = client.get(f"/speakers/{quote.speaker.slug}/?verdict=accurate")
    assert f"#quote-{quote.pk}" not in accurate.content.decode()


def test_a_fact_checker_words_the_claim_and_a_stale_form_is_refused(client):
    quote = QuoteFactory()
    claim = claim_create(
        speaker=quote.speaker, statement=quote.text, quotes=[quote], by=UserFactory()
    )
    url, action = f"/claims/{claim.pk}/", f"/claims/{claim.pk}/statement/"
    signed_in(client, FACT_CHECKERS)
    form = form_of(client.get(url).content.decode(), action)
    assert form == {"claim-statement": quote.text, "claim-note": "", "claim-version": "1"}
    sentence = "The minister's plan works."
    response = client.post(action, {**form, "claim-statement": sentence, "claim-note": "checkable"})
    assert response.status_code == 302
    claim.refresh_from_db()
    quote.refresh_from_db()
    assert (claim.statement, claim.version, quote.text) == (sentence, 2, "The minister")
    page = client.get(url).content.decode()
    assert f"<h1>{sentence.replace(chr(39), '&#x27;')}</h1>" in page
    assert "Statement edited: “The minister” → “The minister&#x27;s plan works.”" in page

    stale = client.post(action, {**form, "claim-statement": "Other words.", "claim-note": "mine"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "statement: “The minister” → “The minister&#x27;s plan works.”" in html
    assert "You sent: “Other words.”" in html
    assert form_of(html, action) == {
        "claim-statement": "The minister&#x27;s plan works.",
        "claim-note": "mine",
        "claim-version": "2",
    }
    claim.refresh_from_db()
    assert claim.statement == sentence and claim.events.count() == 2
    signed_in(client, EDITORS)
    assert client.post(action, {**form, "claim-version": "2"}).status_code == 403


def test_a_rejection_is_confirmed_and_can_be_undone(client):
    quote = QuoteFactory()
    signed_in(client, EDITORS)
    page = client.get(f"/articles/{quote.article_id}/").content.decode()
    reject = page.split(f'action="/quotes/{quote.pk}/reject/"')[1].split("</form>")[0]
    assert "Reject this statement?" in reject and "Yes, reject it" in reject
    response = client.post(
        f"/quotes/{quote.pk}/reject/", form_of(page, f"/quotes/{quote.pk}/reject/")
    )
    assert response.url == f"/articles/{quote.article_id}/?rejected={quote.pk}"
    page = client.get(response.url).content.decode()
    assert f"#quote-{quote.pk}" not in page and "Rejected: “The minister”" in page
    undo = form_of(page, f"/quotes/{quote.pk}/restore/")
    assert undo == {"version": "2", "note": "undo"}
    response = client.post(f"/quotes/{quote.pk}/restore/", undo)
    assert response.url == f"/articles/{quote.article_id}/?quote={quote.pk}#quote-{quote.pk}"
    quote.refresh_from_db()
    assert not quote.rejected and quote.version == 3
    events = [(e.old, e.new, e.note) for e in QuoteEvent.objects.filter(quote=quote)]
    assert events == [
        ({"rejected": False}, {"rejected": True}, ""),
        ({"rejected": True}, {"rejected": False}, "undo"),
    ]


def test_editors_list_rejected_statements_and_restore_them(client):
    kept, rejected = QuoteFactory(), QuoteFactory()
    quote_update(quote=rejected, by=UserFactory(), changes={"rejected": True})
    assert client.get("/review/rejected/").status_code == 302  # sign in first
    signed_in(client, FACT_CHECKERS)
    assert client.get("/review/rejected/").status_code == 403
    signed_in(client, EDITORS)
    page = client.get("/review/rejected/").content.decode()
    assert "Rejected statements (1)" in page
    assert f'id="quote-{rejected.pk}"' in page and f'id="quote-{kept.pk}"' not in page
    form = form_of(page, f"/quotes/{rejected.pk}/restore/")
    response = client.post(
        f"/quotes/{rejected.pk}/restore/", {**form, "note": "a statement after all"}
    )
    assert response.url == "/review/rejected/"
    assert "No rejected statements." in client.get(response.url).content.decode()
    rejected.refresh_from_db()
    assert not rejected.rejected
    assert rejected.events.last().note == "a statement after all"
    # a stale restore is refused, and an outside address is not followed
    quote_update(quote=rejected, by=UserFactory(), changes={"rejected": True})
    stale = client.post(f"/quotes/{rejected.pk}/restore/", form)
    assert stale.status_code == 409 and Quote.objects.get(pk=rejected.pk).rejected
    fresh = {**form, "version": "4", "next": "https://elsewhere.example/"}
    response = client.post(f"/quotes/{rejected.pk}/restore/", fresh)
    assert response.url.startswith(f"/articles/{rejected.article_id}/")
    assert ClaimEvent.objects.count() == 0
