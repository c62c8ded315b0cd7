"""Watchlists in a real browser (issue 17): a reader saves a search as a watchlist, a new
article is ingested, the dashboard shows its new statement, and opening the watchlist shows
it (and the dashboard's count goes back to none)."""

import pytest

from articles.services import article_ingest
from claims.models import Watchlist
from tests.factories import QuoteFactory
from tests.web.browsing import ARTIFACTS, person, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "Riverside news\n\n"
    '"The bridge will reopen before winter," Mayor Jane Holloway said on Thursday.\n\n'
)


def test_a_saved_search_counts_a_new_articles_statement_on_the_dashboard(browser, live_server):  # noqa: F811
    QuoteFactory()  # said before the watchlist: never new
    page = signed_in(browser, live_server, person())
    page.goto(f"{live_server.url}/search/?q=bridge")
    page.click("summary:has-text('Filter the statements')")
    page.fill("#id_outlets", "Riverside Gazette")
    page.check("input[name=kind][value=direct]")
    page.click("form[role=search] button:has-text('Search')")
    page.wait_for_url("**outlets=Riverside**")
    assert "No statements match." in page.inner_text("main")
    page.fill("#watchlist-name", "Bridge news")
    page.click("button:has-text('Save as watchlist')")
    page.wait_for_selector(".messages >> text=Watchlist “Bridge news” saved.")
    watchlist = Watchlist.objects.get()
    assert watchlist.outlets == ["Riverside Gazette"] and watchlist.kinds == ["direct"]

    article, _ = article_ingest(text=STORY, outlet="Riverside Gazette")  # extracted at once
    quote = article.quotes.get()
    page.goto(f"{live_server.url}/")
    count = page.locator(f"[data-watchlist='{watchlist.pk}']")
    assert count.inner_text() == "1 new"
    page.screenshot(path=str(ARTIFACTS / "watchlist-dashboard.png"), full_page=True)
    page.click("main a:has-text('Bridge news')")
    page.wait_for_url(f"**/watchlists/{watchlist.pk}/")
    item = page.locator("#watchlist-statements li")
    assert item.count() == 1 and "New" in item.inner_text()
    assert "The bridge will reopen before winter" in item.inner_text()
    item.locator("a").first.click()
    page.wait_for_url(f"**/articles/{article.pk}/?quote={quote.pk}*")
    page.goto(f"{live_server.url}/")
    assert page.locator(f"[data-watchlist='{watchlist.pk}']").inner_text() == "none"
