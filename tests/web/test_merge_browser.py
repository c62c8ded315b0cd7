"""Merging speakers in a real browser (issue 16, items 1 and 3): the editor picks the
speaker from suggestions, sees what would move, confirms, and undoes it; a name another
speaker has is refused with a link to them. Same fixtures as tests/web/test_browser.py."""

from api.permissions import EDITORS
from claims.models import Quote, Speaker, SpeakerEvent
from claims.services import speaker_alias_create, speaker_for_name
from tests.factories import QuoteFactory, UserFactory
from tests.web.browsing import ARTIFACTS, person, signed_in


def test_an_editor_merges_from_suggestions_after_a_preview_and_undoes_it(
    browser,  # noqa: F811
    live_server,
    transactional_db,
):
    bill = speaker_for_name(name="Bill Clinton")
    hillary = speaker_for_name(name="Hillary Clinton")
    speaker_alias_create(speaker=hillary, name="Clinton", by=UserFactory())
    Speaker.objects.filter(pk=hillary.pk).update(wikidata_qid="Q6294")
    hers = QuoteFactory.create_batch(3, speaker=hillary)
    QuoteFactory(speaker=bill)
    page = signed_in(browser, live_server, person(EDITORS))
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/speakers/{bill.slug}/")
    page.click("summary:has-text('Edit names or merge')")

    # suggestions as the editor types: who each one is
    page.locator("#merge-q").press_sequentially("Hilary", delay=30)
    option = page.locator(f"#merge-candidates option[value='{hillary.slug}']")
    option.wait_for(state="attached")
    assert option.get_attribute("label") == "Hillary Clinton · Person · 3 statements · Q6294"
    assert page.locator(f"#merge-candidates option[value='{bill.slug}']").count() == 0
    assert page.inner_text("#merge-status") != ""

    # "Clinton" typed as a name is a search: a list of candidates, nothing merged
    page.fill("#merge-q", "Clinton")
    page.click("#merge-find button:has-text('Find')")
    page.wait_for_selector("#merge-candidates-list")
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None
    page.click("a:has-text('See what merging Hillary Clinton would move')")
    page.wait_for_selector("h1:has-text('Merge Hillary Clinton into Bill Clinton?')")
    moves = page.inner_text("#merge-moves")
    assert "3 statements" in moves and "Clinton, Hillary Clinton" in moves and "Q6294" in moves
    page.screenshot(path=str(ARTIFACTS / "merge-preview.png"), full_page=True)
    assert Speaker.objects.get(pk=hillary.pk).merged_into is None

    page.fill("#merge-note", "looked the same")
    page.click("button:has-text('Merge Hillary Clinton into Bill Clinton')")
    page.wait_for_selector(".messages >> text=Hillary Clinton merged into Bill Clinton.")
    assert Speaker.objects.get(pk=hillary.pk).merged_into == bill
    assert Quote.objects.filter(speaker=bill).count() == 4

    # undone from the page: her page works again, her statements are hers
    page.click("summary:has-text('Edit names or merge')")
    page.click("button:has-text('Undo the merge of Hillary Clinton')")
    page.wait_for_selector(".messages >> text=Hillary Clinton is a speaker of their own again")
    assert set(Quote.objects.filter(speaker=hillary)) == set(hers)
    assert SpeakerEvent.objects.filter(speaker=bill, action="unmerged").exists()
    page.goto(f"{live_server.url}/speakers/{hillary.slug}/")
    assert page.inner_text("h1") == "Hillary Clinton"

    # a suggestion picked (its slug in the field) goes straight to the preview
    page.goto(f"{live_server.url}/speakers/{bill.slug}/")
    page.click("summary:has-text('Edit names or merge')")
    page.fill("#merge-q", hillary.slug)
    page.click("#merge-find button:has-text('Find')")
    page.wait_for_selector("h1:has-text('Merge Hillary Clinton into Bill Clinton?')")
    assert refused == []


def test_a_shared_surname_is_refused_naming_who_has_it(
    browser,  # noqa: F811
    live_server,
    transactional_db,
):
    stephen = speaker_for_name(name="Stephen Lynch")
    speaker_alias_create(speaker=stephen, name="Lynch", by=UserFactory())
    loretta = speaker_for_name(name="Loretta Lynch")
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/speakers/{loretta.slug}/")
    page.click("summary:has-text('Edit names or merge')")
    page.fill("#alias-name", "Lynch")
    page.click("button:has-text('Add alias')")
    message = page.locator("#alias-name-error")  # at the field, the name as typed kept
    message.wait_for()
    assert message.inner_text() == (
        "Not added: “Lynch” is already a name of Stephen Lynch; a name belongs to one speaker only."
    )
    assert "merge" not in message.inner_text().lower()
    assert page.input_value("#alias-name") == "Lynch"
    assert message.locator("button").count() == 0
    message.locator("a:has-text('Stephen Lynch')").click()
    page.wait_for_selector("h1:has-text('Stephen Lynch')")
    assert speaker_for_name(name="Lynch") == stephen
