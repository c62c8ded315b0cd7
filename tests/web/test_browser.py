"""End to end in a real browser (Playwright driving Debian's headless Chromium): an editor,
a fact-checker and a reader at work. Screenshots of the main pages go to test-artifacts/."""

import re

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from articles.models import Article
from claims.models import ClaimEvent, Quote, Speaker
from tests.factories import QuoteFactory
from tests.web.browsing import ARTIFACTS, WAIT_MS, person, signed_in


def test_an_editor_ingests_an_article_and_reassigns_a_statement(
    browser, live_server, seed_text, transactional_db
):
    editor = person(EDITORS)
    page = signed_in(browser, live_server, editor)
    assert "(editor)" in page.inner_text("header .who")

    page.goto(f"{live_server.url}/ingest/")
    page.fill("#id_text", seed_text)
    page.fill("#id_title", "Russian drills in Belarus")
    page.fill("#id_outlet", "BBC")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-status=done]")  # the page refreshes itself until then
    article = Article.objects.get()
    assert page.url.endswith(f"/articles/{article.pk}/")

    # keyboard users see speaker and cue when a statement has focus
    page.keyboard.press("Tab")
    page.focus("mark.quote")
    label = page.evaluate(
        "() => getComputedStyle(document.activeElement, '::after').getPropertyValue('content')"
    )
    assert label.strip('"') == page.get_attribute("mark.quote", "data-who") != ""

    item = page.locator("li[id^=quote-]", has_text="These military exercises").first
    quote_id = int(item.get_attribute("id").removeprefix("quote-"))
    item.locator("summary").click()
    item.locator("input[name=speaker]").fill("Alexander Lukashenko")
    item.locator("input[name=note]").fill("checked the video")
    item.locator("button", has_text="Save").click()
    page.wait_for_selector(f"#quote-{quote_id} .notice >> text=Statement updated.")
    moved = page.locator(f"#quote-{quote_id}")
    assert "Alexander Lukashenko" in moved.inner_text()
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    page.click(f"#quote-{quote_id} strong a")
    page.wait_for_selector("h1 >> text=Alexander Lukashenko")
    assert "These military exercises, drills are purely defensive" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "speaker.png"), full_page=True)
    quote = Quote.objects.get(pk=quote_id)
    assert quote.speaker.name == "Alexander Lukashenko" and quote.origin == "editor"
    assert quote.events.get(new__has_key="speaker").note == "checked the video"

    # a statement the extractor missed, added by selecting its words
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    selected = page.evaluate(
        r"""() => {
          const body = document.querySelector("article.body");
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
            acceptNode: (n) => n.parentNode === body && n.data.trim().length > 40
              ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
          });
          const node = walker.nextNode();
          const start = node.data.search(/\S/);
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 30);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          body.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
          return range.toString();
        }"""
    )
    start = int(page.input_value("#add-start"))
    assert int(page.input_value("#add-end")) == start + 30
    page.fill("#add-speaker", "BBC News")
    page.click("button:has-text('Add statement')")
    # nobody is named so: the form comes back as filled in, and creating is a choice
    page.wait_for_selector("#add-speaker-error >> text=Nobody is named “BBC News”.")
    assert (
        page.input_value("#add-start") == str(start)
        and not Quote.objects.filter(article=article, content_start=start).exists()
    )
    page.check("input[name=new_speaker]")
    page.click("button:has-text('Add statement')")
    page.wait_for_selector("li[id^=quote-] .notice >> text=Statement added.")
    added = Quote.objects.get(article=article, content_start=start)
    assert added.text == selected == article.body[start : start + 30]
    assert added.origin == "editor" and added.verified and added.speaker.name == "BBC News"


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_a_fact_checker_marks_a_claim_disputed_and_sees_the_history(
    browser, live_server, transactional_db
):
    quote = QuoteFactory()
    checker = person(FACT_CHECKERS)
    page = signed_in(browser, live_server, checker)
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    page.click("button:has-text('Review as a claim')")
    page.wait_for_selector("h2 >> text=Review")
    page.select_option("#id_verdict", "disputed")
    page.fill("#id_summary", "Two official sources give different figures.")
    page.fill("#id_evidence_links", "https://example.org/figures")
    page.fill("#id_note", "first pass")
    page.click("button:has-text('Save the verdict')")
    page.wait_for_selector(".messages >> text=Verdict set: Disputed.")
    history = page.inner_text("main ol")
    assert re.search(r"Verdict set: Unreviewed → Disputed — first pass", history)
    assert '"ClaimReview"' in page.content()
    page.screenshot(path=str(ARTIFACTS / "claim.png"), full_page=True)
    assert ClaimEvent.objects.filter(action="verdict", new__verdict="disputed").exists()


def test_a_reader_sees_no_edit_controls(browser, live_server, transactional_db):
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person())
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    page.wait_for_selector(f"#quote-{quote.pk}")
    assert page.locator("details.edit").count() == 0
    assert page.locator("button:has-text('Review as a claim')").count() == 0
    assert page.locator("header a", has_text="Ingest").count() == 0
    response = page.goto(f"{live_server.url}/ingest/")
    assert response.status == 403


def test_pages_fit_a_phone_screen(browser, live_server, transactional_db):
    from claims.models import Claim

    quote = QuoteFactory()
    long_link = "https://records.example/" + "a-very-long-path-segment-without-breaks" * 4
    claim = Claim.objects.create(
        speaker=quote.speaker, statement="It works.", verdict="false", evidence_links=[long_link]
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(WAIT_MS)
    for url in (
        "/",
        f"/articles/{quote.article_id}/",
        f"/speakers/{quote.speaker.slug}/",
        "/speakers/",
        "/claims/",
        "/search/?q=minister",
        f"/claims/{claim.pk}/",
    ):
        page.goto(f"{live_server.url}{url}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, overflow)
    page.screenshot(path=str(ARTIFACTS / "phone-search.png"), full_page=True)


def test_the_content_security_policy_blocks_nothing_the_pages_use(
    browser, live_server, transactional_db
):
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person(EDITORS))
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    page.evaluate(
        """() => {
            const body = document.querySelector("article.body");
            const text = document.createTreeWalker(body, NodeFilter.SHOW_TEXT).nextNode();
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, 3);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            body.dispatchEvent(new MouseEvent("mouseup"));
        }"""
    )
    assert page.input_value("#add-end") == "3"  # the page's own script ran, by its nonce
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI ran and loaded the schema
    assert refused == []


def test_a_typo_in_a_correction_is_caught_and_a_suggestion_fills_the_field(
    browser, live_server, transactional_db
):
    from claims.names import name_key
    from tests.factories import SpeakerFactory

    newsom = SpeakerFactory(name="Gavin Newsom", slug="gavin-newsom")
    newsom.aliases.create(name="Gavin Newsom", normalised=name_key("Gavin Newsom"))
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    card = page.locator(f"#quote-{quote.pk}")
    card.locator("summary").click()
    card.locator("input[name=speaker]").fill("Gavin Newsome")
    card.locator("input[name=note]").fill("the governor")
    card.locator("button", has_text="Save").click()

    page.wait_for_selector(f"#speaker-{quote.pk}-error >> text=Nobody is named “Gavin Newsome”.")
    card = page.locator(f"#quote-{quote.pk}")
    assert card.locator("input[name=note]").input_value() == "the governor"  # kept
    card.locator("button[data-fill]", has_text="Gavin Newsom").click()
    assert card.locator("input[name=speaker]").input_value() == "Gavin Newsom"
    card.locator("button", has_text="Save").click()
    page.wait_for_selector(f"#quote-{quote.pk} .notice >> text=Statement updated.")
    assert Quote.objects.get(pk=quote.pk).speaker == newsom
    assert not Speaker.objects.filter(name="Gavin Newsome").exists()


def test_the_text_is_one_tab_stop_arrows_move_between_highlights_and_enter_opens_one(
    browser, live_server, transactional_db
):
    from tests.web.test_voices import statements

    article = statements([QuoteFactory().speaker, None, QuoteFactory().speaker])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert page.locator("article.body mark.quote[tabindex='0']").count() == 1
    marks = page.locator("article.body mark.quote")
    marks.first.focus()
    page.keyboard.press("ArrowRight")
    second = marks.nth(1)
    assert page.evaluate("() => document.activeElement.dataset.quote") == second.get_attribute(
        "data-quote"
    )
    assert second.get_attribute("data-label") == "?"  # no speaker: a label, not a colour
    page.keyboard.press("Enter")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == f"quote-{second.get_attribute('data-quote')}"
    assert "No speaker found" in page.inner_text(f"#{focused}")
    page.keyboard.press("Shift+Tab")  # the text stays one stop: back out of the cards
    page.locator("article.body mark.quote").nth(2).click()
    assert page.evaluate("() => document.activeElement.id").startswith("quote-")


def test_a_selection_without_a_mouse_fills_the_form_beside_it(
    browser, live_server, transactional_db
):
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    # a finger or the keyboard selects: no mouse event, only the selection changes
    page.evaluate(
        r"""() => {
          const body = document.querySelector("article.body");
          const node = Array.from(body.childNodes)
            .find((n) => n.nodeType === 3 && n.data.length > 20);
          const range = document.createRange();
          range.setStart(node, 2);
          range.setEnd(node, 12);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }"""
    )
    page.wait_for_selector("#add-statement.beside[open]")
    start, end = int(page.input_value("#add-start")), int(page.input_value("#add-end"))
    assert end - start == 10
    assert page.inner_text("#add-preview") == quote.article.body[start:end]


def test_the_first_tab_is_a_skip_link_to_the_content(browser, live_server, transactional_db):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.activeElement.textContent === 'Skip to the content'")
    page.keyboard.press("Enter")
    page.wait_for_url("**#content")


def test_a_span_is_corrected_by_selecting_its_words(browser, live_server, transactional_db):
    quote = QuoteFactory()  # "The minister" of 'The minister said the plan would work. ...'
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    card = page.locator(f"#quote-{quote.pk}")
    card.locator("summary", has_text="Correct").click()
    wanted = "the plan would work"
    page.evaluate(
        """(wanted) => {
          const body = document.querySelector("article.body");
          const node = Array.from(body.childNodes)
            .find((n) => n.nodeType === 3 && n.data.includes(wanted));
          const range = document.createRange();
          range.setStart(node, node.data.indexOf(wanted));
          range.setEnd(node, node.data.indexOf(wanted) + wanted.length);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }""",
        wanted,
    )
    card.locator(".span-preview", has_text=wanted).wait_for()
    start = quote.article.body.index(wanted)
    assert card.locator("input[name=content_start]").input_value() == str(start)
    assert card.locator("input[name=content_end]").input_value() == str(start + len(wanted))
    assert page.input_value("#add-start") == ""  # the add form is left alone
    card.locator("button", has_text="Save").click()
    page.wait_for_selector(f"#quote-{quote.pk} .notice >> text=Statement updated.")
    assert Quote.objects.get(pk=quote.pk).text == wanted


def test_a_speaker_field_suggests_speakers_as_the_editor_types(
    browser, live_server, transactional_db
):
    from claims.names import name_key
    from tests.factories import SpeakerFactory

    newsom = SpeakerFactory(name="Gavin Newsom", slug="gavin-newsom")
    newsom.aliases.create(name="Gavin Newsom", normalised=name_key("Gavin Newsom"))
    quote = QuoteFactory()
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/articles/{quote.article_id}/")
    card = page.locator(f"#quote-{quote.pk}")
    card.locator("summary", has_text="Correct").click()
    card.locator("input[name=speaker]").fill("Gavin Newsome")  # misspelt
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('#speaker-names option'))
                 .some((o) => o.value === 'Gavin Newsom' && o.label.includes('Person'))"""
    )
