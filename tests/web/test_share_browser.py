"""Issue 17 in a real browser: the article page's keyboard shortcuts (the shared component of
templates/shortcuts.html), a speaker's record downloaded from their page, and a share link
and its card framed by another site."""

import csv
import datetime as dt
import io
import json
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest

from api.permissions import EDITORS
from claims.models import Claim, Quote, Verdict
from tests.factories import ArticleFactory, QuoteFactory
from tests.web.browsing import ARTIFACTS, WAIT_MS, person, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

CURRENT = "[data-item][aria-current=true]"


@contextmanager
def another_site(body: str):
    """A page of another origin (its own port) on this machine, serving ``body``: Chromium
    lets a public page frame nothing on localhost, so the other site is local too."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/post.html"
    finally:
        server.shutdown()
        server.server_close()


def test_shortcuts_move_verify_open_and_stay_out_of_fields(browser, live_server):
    first = QuoteFactory()
    second = QuoteFactory(article=first.article, content_start=20, length=8)
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/articles/{first.article_id}/")

    page.keyboard.press("j")
    assert page.get_attribute(CURRENT, "id") == f"quote-{first.pk}"
    assert page.evaluate("document.activeElement.id") == f"quote-{first.pk}"
    page.keyboard.press("j")
    assert page.get_attribute(CURRENT, "id") == f"quote-{second.pk}"
    assert page.locator(CURRENT).count() == 1
    page.keyboard.press("k")
    assert page.get_attribute(CURRENT, "id") == f"quote-{first.pk}"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the current item is marked, not only focused

    # ? lists each key once, with its label; Esc closes
    page.keyboard.press("?")
    help_ = page.locator("#shortcuts-help")
    assert help_.is_visible()
    rows = page.locator("#shortcuts-keys tr").all_inner_texts()
    keys = [row.split("\t")[0] for row in rows]
    assert keys == ["j", "k", "v", "e", "x", "?", "Esc"]
    assert "v\tVerify the statement" in rows and "e\tOpen the correction" in rows
    page.screenshot(path=str(ARTIFACTS / "shortcuts.png"))
    page.keyboard.press("Escape")
    assert not help_.is_visible()

    # e opens the correction of the current item; typing v in its field verifies nothing
    page.keyboard.press("e")
    assert page.locator(f"#quote-{first.pk} details.edit").get_attribute("open") == ""
    page.fill(f"#note-{first.pk}", "")
    page.focus(f"#note-{first.pk}")
    page.keyboard.type("vx")
    assert page.input_value(f"#note-{first.pk}") == "vx"
    assert page.locator(f"#reject-{first.pk}:popover-open").count() == 0
    page.focus("#site-search")
    page.keyboard.type("v")
    assert not Quote.objects.get(pk=first.pk).verified
    page.keyboard.press("Control+j")  # with a modifier nothing moves either
    assert page.get_attribute(CURRENT, "id") == f"quote-{first.pk}"

    # x asks first, with the confirmation focused; Escape keeps the statement
    page.locator(f"#quote-{first.pk}").focus()
    page.keyboard.press("x")
    page.wait_for_selector(f"#reject-{first.pk}:popover-open")
    assert page.evaluate("document.activeElement.textContent") == "Yes, reject it"
    page.keyboard.press("Escape")
    assert not Quote.objects.get(pk=first.pk).rejected

    # j then v verifies the second statement
    page.locator(f"#quote-{first.pk}").focus()
    page.keyboard.press("j")
    page.keyboard.press("v")
    page.wait_for_selector(f"#quote-{second.pk} .notice >> text=Statement verified.")
    assert Quote.objects.get(pk=second.pk).verified
    assert not Quote.objects.get(pk=first.pk).verified


def test_a_speakers_record_downloads_from_their_page(browser, live_server):
    first = QuoteFactory(article=ArticleFactory(published_on=dt.date(2024, 3, 1)))
    newer = QuoteFactory(
        speaker=first.speaker, article=ArticleFactory(published_on=dt.date(2024, 3, 2))
    )
    QuoteFactory()  # someone else's
    page = signed_in(browser, live_server, person())
    page.goto(f"{live_server.url}/speakers/{first.speaker.slug}/")
    with page.expect_download() as downloading:
        page.click("main .exports a:has-text('CSV')")
    download = downloading.value
    assert download.suggested_filename == "quotes.csv"
    with open(download.path(), encoding="utf-8") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert [int(row["id"]) for row in rows] == [newer.pk, first.pk]
    assert {row["speaker_slug"] for row in rows} == {first.speaker.slug}

    # JSON Lines, fetched with the page's own session as the link would
    href = page.get_attribute("main .exports a:has-text('JSON Lines')", "href")
    body = page.evaluate(
        "href => fetch(href, {credentials: 'same-origin'}).then(r => r.text())", href
    )
    assert [json.loads(line)["id"] for line in body.splitlines()] == [newer.pk, first.pk]


def test_a_share_link_opens_and_its_card_shows_on_another_site(browser, live_server):
    quote = QuoteFactory(article=ArticleFactory(outlet="Daily Courier"))
    claim = Claim.objects.create(
        speaker=quote.speaker, statement="The plan works.", verdict=Verdict.FALSE
    )
    claim.quotes.add(quote)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    page.click(f"#quote-{quote.pk} a:has-text('Permalink')")
    page.wait_for_url(f"**/statements/{quote.pk}/")
    permalink = page.input_value("#share-link")
    assert permalink == f"{live_server.url}/statements/{quote.pk}/"
    embed = page.input_value("#share-embed")
    assert embed.startswith(f'<iframe src="{live_server.url}/statements/{quote.pk}/card/"')
    page.click(f"a.claim-link:has-text('claim {claim.pk}')")
    page.wait_for_url(f"**/claims/{claim.pk}/")
    claim_embed = page.input_value("#share-embed")
    page.screenshot(path=str(ARTIFACTS / "claim-share.png"), full_page=True)

    # another site pastes both embed codes, and frames a page too: that one stays blank
    framed_page = f'<iframe id="page" src="{permalink}" title="page"></iframe>'
    with another_site(f"<!doctype html>{embed}{claim_embed}{framed_page}") as host:
        page.goto(host)
    card = page.frame_locator("iframe[src$='/card/'] >> nth=0")
    assert quote.text in card.locator("blockquote").inner_text()
    assert "Daily Courier" in card.locator("article").inner_text()
    claim_card = page.frame_locator("iframe[src$='/card/'] >> nth=1")
    assert claim_card.locator(".verdict").inner_text() == "False"
    blocked = page.query_selector("#page").content_frame()
    assert blocked.url.startswith("chrome-error:")  # frame-ancestors 'none'
    assert quote.text not in blocked.content()
    page.screenshot(path=str(ARTIFACTS / "cards-elsewhere.png"))

    # the card's link opens the permalink in the whole window, not in the frame
    card.locator("a:has-text('On OnRecord')").click()
    page.wait_for_url(permalink)
