"""Ingest in a real browser with no broker (issue 16, item 7): the page answers at once,
shows the progress and refreshes itself until the article is done; a failed fetch says why
and an editor tries again from the article's page."""

import threading

import extraction
from api.permissions import EDITORS
from articles.models import Article
from articles.services import tasks_wait
from tests.web.browsing import person, signed_in

STORY = (
    "Mayor promises the bridge will reopen\n\n"
    '"The bridge will reopen before winter," Mayor Jane Holloway said on Thursday.\n\n'
)


def test_an_editor_pastes_a_text_watches_its_progress_and_retries_a_failed_fetch(
    browser,  # noqa: F811
    live_server,
    settings,
    monkeypatch,
    transactional_db,
):
    settings.TASKS_IN_BACKGROUND = True
    release = threading.Event()
    real = extraction.extract_many

    def slow_extractor(*args, **kwargs):
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", slow_extractor)
    page = signed_in(browser, live_server, person(EDITORS))
    page.goto(f"{live_server.url}/ingest/")
    page.fill("#id_text", STORY * 100)
    page.click("main button[type=submit]")
    page.wait_for_selector("[role=status] progress")
    assert "This page refreshes itself until it is done." in page.inner_text("main")
    assert page.inner_text("h1") == "Mayor promises the bridge will reopen"
    release.set()
    page.wait_for_selector("[data-status=done]")  # after a refresh or more
    assert page.locator("progress").count() == 0
    assert "Jane Holloway" in page.inner_text("aside")

    page.goto(f"{live_server.url}/ingest/")
    page.fill("#id_url", "http://no-such-host.invalid/story")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-status=failed]")
    reason = page.inner_text("[role=alert]")
    assert "the address could not be found: no server is named no-such-host.invalid" in reason
    assert "Errno" not in reason
    page.click("button:has-text('Try again')")
    page.wait_for_selector(".messages >> text=Queued again.")
    page.wait_for_selector("[data-status=failed]")  # fetched again, and failed again
    assert tasks_wait(timeout=60)
    article = Article.objects.get(url="http://no-such-host.invalid/story")
    assert article.fetches.count() == 2
