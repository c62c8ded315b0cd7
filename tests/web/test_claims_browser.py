"""Claims and rejections in a real browser (issue 16, items 4 and 6): a statement is
reviewed in one claim, shown with it everywhere, its claim worded for checking; a rejection
is confirmed, undone, listed and restored. Fixtures and pattern of test_browser.py."""

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim, ClaimEvent, Quote
from tests.factories import QuoteFactory
from tests.web.browsing import ARTIFACTS, person, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_review_as_a_claim_twice_opens_one_claim_shown_everywhere(browser, live_server):  # noqa: F811
    quote = QuoteFactory()
    article_url = f"{live_server.url}/articles/{quote.article_id}/"
    checker = person(FACT_CHECKERS)
    page = signed_in(browser, live_server, checker)
    stale = signed_in(browser, live_server, checker)  # the page, opened before the first click
    stale.goto(article_url)
    page.goto(article_url)
    page.click("button:has-text('Review as a claim')")
    page.wait_for_selector("h2 >> text=Review")
    claim = Claim.objects.get()
    assert page.url == f"{live_server.url}/claims/{claim.pk}/"
    stale.click("button:has-text('Review as a claim')")
    stale.wait_for_selector(".messages >> text=already in a claim")
    assert stale.url == page.url and Claim.objects.count() == 1

    # the claim's text, worded as a checkable sentence; the statement keeps its words
    page.click('summary:has-text("Edit the claim\'s text")')
    page.fill("#id_claim-statement", "The minister's plan is ready to start.")
    page.fill("#id_claim-note", "checkable form")
    page.click('button:has-text("Save the claim\'s text")')
    page.wait_for_selector(".messages >> text=Claim text saved.")
    assert page.inner_text("h1") == "The minister's plan is ready to start."
    assert "Statement edited: “The minister” → “The minister's plan is ready to start.”" in (
        page.inner_text("main ol")
    )
    assert "The minister" in page.inner_text("main mark.quote")
    page.select_option("#id_verdict", "false")
    page.click("button:has-text('Save the verdict')")
    page.wait_for_selector(".messages >> text=Verdict set: False.")
    assert ClaimEvent.objects.filter(claim=claim).count() == 3

    # the article, the speaker page under the verdict filter, and search show it
    page.goto(article_url)
    card = page.locator(f"#quote-{quote.pk}")
    assert f"claim {claim.pk}: False" in card.inner_text()
    assert card.locator("button:has-text('Review as a claim')").count() == 0
    card.locator("a:has-text('Open its claim')").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    page.goto(f"{live_server.url}/speakers/{quote.speaker.slug}/")
    page.select_option("#id_verdict", "false")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**verdict=false**")
    assert f"claim {claim.pk}: False" in page.inner_text("main ul.plain")
    page.screenshot(path=str(ARTIFACTS / "speaker-claims.png"), full_page=True)
    page.goto(f"{live_server.url}/search/?q=minister")
    page.click(f"main a.claim-link:has-text('claim {claim.pk}')")
    page.wait_for_url(f"**/claims/{claim.pk}/")


def test_a_rejection_is_confirmed_undone_listed_and_restored(browser, live_server):  # noqa: F811
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person(EDITORS))
    card = f"#quote-{quote.pk}"

    def reject():
        page.goto(f"{live_server.url}/articles/{quote.article_id}/")
        page.click(f"{card} summary:has-text('Correct')")
        page.click(f"{card} button:has-text('Reject: not a statement')")
        assert "Reject this statement?" in page.inner_text(f"#reject-{quote.pk}:popover-open")
        page.click(f"{card} button:has-text('Yes, reject it')")
        page.wait_for_selector(".messages >> text=Statement rejected.")

    reject()
    assert page.locator(card).count() == 0
    assert "Rejected: “The minister”" in page.inner_text("#undo")
    page.click("#undo button:has-text('Undo')")
    page.wait_for_selector(".messages >> text=Statement restored.")
    page.wait_for_selector(card)
    assert not Quote.objects.get(pk=quote.pk).rejected

    reject()
    page.click("header a:has-text('Rejected')")
    page.wait_for_selector("h1 >> text=Rejected statements (1)")
    page.fill(f"#restore-note-{quote.pk}", "a statement after all")
    page.click(f"{card} button:has-text('Restore')")
    page.wait_for_selector(".messages >> text=Statement restored.")
    page.wait_for_selector("text=No rejected statements.")
    quote.refresh_from_db()
    assert not quote.rejected and quote.version == 5
    notes = [e.note for e in quote.events.all()]
    assert notes == ["", "undo", "", "a statement after all"]
