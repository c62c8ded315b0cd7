"""The ingest page and the article page while an article is worked on (issue 16, item 7):
titles, duplicates, every file of an upload reported, failures in words and tried again, and
the answer at once with the work in a thread of the web process when there is no broker."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import extraction
from api.permissions import EDITORS
from articles.models import Article
from articles.services import tasks_wait
from tests.factories import signed_in

pytestmark = pytest.mark.django_db

STORY = (
    "Mayor promises the bridge will reopen\n\n"
    '"The bridge will reopen before winter," Mayor Jane Holloway said on Thursday.\n'
)
OTHER = (
    "Council delays the vote\n\n"
    '"We need another month," council member Tom Ridley told reporters on Friday.\n'
)


def test_a_pasted_text_is_titled_by_its_first_line(client, django_capture_on_commit_callbacks):
    signed_in(client, EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ingest/", {"text": STORY})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.title == "Mayor promises the bridge will reopen"
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Mayor promises the bridge will reopen</h1>" in page and "(untitled)" not in page


def test_a_text_already_ingested_says_so_with_a_link(client):
    signed_in(client, EDITORS)
    client.post("/ingest/", {"text": STORY})
    first = Article.objects.get()
    again = client.post("/ingest/", {"text": STORY})
    html = again.content.decode()
    assert again.status_code == 200 and Article.objects.count() == 1
    assert "Already ingested" in html
    assert f'<a href="/articles/{first.pk}/">Mayor promises the bridge will reopen</a>' in html


def test_an_upload_reports_every_file_and_keeps_the_good_ones(client):
    signed_in(client, EDITORS)
    client.post("/ingest/", {"text": OTHER})
    existing = Article.objects.get()
    files = [
        SimpleUploadedFile("bridge.txt", STORY.encode("utf-16")),
        SimpleUploadedFile("council.txt", OTHER.encode("utf-8")),
        SimpleUploadedFile("photo.txt", bytes(range(256)) * 4),
        SimpleUploadedFile("blank.txt", b"   \n\n  "),
    ]
    response = client.post("/ingest/", {"files": files, "outlet": "Gazette"})
    html = response.content.decode()
    assert response.status_code == 200
    new = Article.objects.get(outlet="Gazette")
    assert new.title == "Mayor promises the bridge will reopen"  # the .txt's first line
    assert Article.objects.count() == 2
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 4
    bridge, council, photo, blank = rows
    assert "bridge.txt" in bridge and "New" in bridge and f"/articles/{new.pk}/" in bridge
    assert "council.txt" in council and "Already ingested" in council
    assert f"/articles/{existing.pk}/" in council
    assert "photo.txt" in photo and "Failed" in photo and "Binary data, not text" in photo
    assert "blank.txt" in blank and "Failed" in blank and "The article has no text." in blank


def test_a_failed_fetch_says_why_in_words_and_an_editor_tries_again(
    client, django_capture_on_commit_callbacks
):
    editor = signed_in(client, EDITORS)
    url = "http://no-such-host.invalid/story"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ingest/", {"url": url})
    article = Article.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert article.status == Article.Status.FAILED
    assert (
        "Fetch failed: the address could not be found: no server is named no-such-host.invalid"
        in page
    )
    assert "Errno" not in page and "Try again" in page

    client.logout()
    assert client.post(f"/articles/{article.pk}/retry/").status_code in (302, 403)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED  # a reader cannot requeue it
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as queued:
        retried = client.post(f"/articles/{article.pk}/retry/", follow=True)
    article.refresh_from_db()
    assert (article.status, article.error) == (Article.Status.FETCHING, "")
    assert "Queued again." in retried.content.decode() and len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # fetched again: it fails the same way, and both fetches are kept
    assert article.fetches.count() == 2


@pytest.fixture
def background(settings, transactional_db):
    """No broker, as on the local defaults: tasks run in a thread of this process."""
    settings.TASKS_IN_BACKGROUND = True
    yield
    assert tasks_wait(timeout=60), "the background thread did not finish"


def test_a_long_paste_answers_at_once_and_its_page_shows_progress_until_done(
    client, background, monkeypatch
):
    release = threading.Event()
    real = extraction.extract_many

    def slow_extractor(*args, **kwargs):
        release.wait(timeout=10)  # the parse of a long text, until the test lets it finish
        return real(*args, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", slow_extractor)
    signed_in(client, EDITORS)
    response = client.post("/ingest/", {"text": STORY * 500})
    article = Article.objects.get()
    assert response.status_code == 302 and article.status in ("queued", "extracting")
    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting and "<progress" in waiting
    assert "This page refreshes itself until it is done." in waiting

    release.set()
    assert tasks_wait(timeout=60)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.quotes.exists()
    done = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in done and 'http-equiv="refresh"' not in done


def test_an_article_that_fails_in_the_background_keeps_its_text_and_says_why(
    client, background, monkeypatch
):
    def broken_extractor(*args, **kwargs):
        raise RuntimeError("parser exploded")

    def broken_task(**kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(extraction, "extract_many", broken_extractor)
    signed_in(client, EDITORS)
    client.post("/ingest/", {"text": STORY})
    assert tasks_wait(timeout=60)
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and article.body.startswith("Mayor")
    assert "parser exploded" in article.error

    # whatever stops the task itself, its article does not stay "queued"
    monkeypatch.setattr("articles.tasks.article_extract_leased", broken_task)
    client.post("/ingest/", {"text": OTHER})
    assert tasks_wait(timeout=60)
    other = Article.objects.get(title="Council delays the vote")
    assert other.status == Article.Status.FAILED and other.body.startswith("Council")
    assert other.error == "Stopped by an error (MemoryError: out of memory)"
