"""A web page's HTML is cleaned by a worker, not by the request that ingests it: the request
stores the page as it came (status ``cleaning``) and answers at once; the worker finds the
article text, its metadata and whether it duplicates another article, or fails it with the
reason, its HTML kept."""

import json

import pytest
import redis
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.core.management import CommandError, call_command

from api.permissions import EDITORS
from articles.models import Article
from articles.services import article_ingest, article_requeue, articles_enqueue_pending, ingest
from articles.tasks import CLEANING_STOPPED, article_clean_task
from tests.api.conftest import token_client
from tests.conftest import REPO
from tests.factories import member
from tests.worker import run_worker, wait_for_status

PAGE = (REPO / "tests" / "fixtures" / "page.html").read_text(encoding="utf-8")
# the same article on another site's page: other navigation around the same text
SAME_TEXT = PAGE.replace("Sport", "Weather").replace("The Daily Example", "The Other Example")
NO_TEXT = "<html><head><title>Empty</title></head><body><script></script></body></html>"
NO_ARTICLE_TEXT = "Cleaning failed: no article text found in the HTML"


def with_state(page: str, megabytes: float, story: str = "drills") -> str:
    """``page`` with about ``megabytes`` MB of its state in a script, as news sites embed it:
    megabytes of HTML around a short article, so that extracting it stays quick."""
    related = [{"id": n, "teaser": "x" * 990} for n in range(int(megabytes * 1000))]
    state = json.dumps({"story": story, "related": related})
    return page.replace("</head>", f'<script type="application/json">{state}</script></head>', 1)


@pytest.fixture
def cleaner_calls(monkeypatch) -> list[int]:
    """Each call of the HTML cleaner in this process: the length of the page it cleaned."""
    calls: list[int] = []
    clean = ingest.html_extract

    def counted(html: str):
        calls.append(len(html))
        return clean(html)

    monkeypatch.setattr(ingest, "html_extract", counted)
    return calls


@pytest.mark.django_db
def test_an_html_ingest_stores_the_page_and_a_task_cleans_it(
    django_capture_on_commit_callbacks, cleaner_calls
):
    with django_capture_on_commit_callbacks() as queued:
        article, created = article_ingest(html=PAGE)
    article.refresh_from_db()
    assert created and cleaner_calls == []
    assert (article.status, article.raw_text, article.body, article.content_hash) == (
        Article.Status.CLEANING,
        PAGE,
        "",
        None,
    )
    assert len(queued) == 1

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the transaction committed: the cleaning task runs (in-process here)
    article.refresh_from_db()
    assert cleaner_calls == [len(PAGE)]
    assert article.status == Article.Status.DONE and article.raw_text == PAGE
    assert (article.title, article.outlet, str(article.published_on)) == (
        "Putin says drills are defensive",
        "The Daily Example",
        "2022-02-18",
    )
    assert "injected" not in article.body and "Copyright" not in article.body
    assert article.quotes.filter(speaker__name="Vladimir Putin").exists()


@pytest.mark.django_db
def test_a_page_cleaned_later_whose_text_is_already_an_article_is_its_duplicate(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = article_ingest(html=PAGE, url="https://daily.example/drills")
        second, created = article_ingest(html=SAME_TEXT, url="https://other.example/drills")
    first.refresh_from_db()
    second.refresh_from_db()
    assert created and second.pk != first.pk
    assert first.status == Article.Status.DONE and first.quotes.exists()
    assert (second.status, second.duplicate_of) == (Article.Status.DUPLICATE, first)
    assert second.body == first.body and second.content_hash is None
    assert second.raw_text == SAME_TEXT and second.outlet == "The Other Example"
    assert not second.quotes.exists()


@pytest.mark.django_db
def test_a_page_without_article_text_fails_with_the_reason_and_keeps_its_html(
    django_capture_on_commit_callbacks, cleaner_calls
):
    with django_capture_on_commit_callbacks(execute=True):
        article, created = article_ingest(html=NO_TEXT)
    article.refresh_from_db()
    assert created and (article.status, article.error) == (Article.Status.FAILED, NO_ARTICLE_TEXT)
    assert article.raw_text == NO_TEXT and article.body == ""

    # queued again (the admin's action): it has no url to fetch, so it is cleaned again
    with django_capture_on_commit_callbacks(execute=True):
        assert article_requeue(article=article).status == Article.Status.CLEANING
    article.refresh_from_db()
    assert len(cleaner_calls) == 2 and not article.fetches.exists()
    assert (article.status, article.error) == (Article.Status.FAILED, NO_ARTICLE_TEXT)


@pytest.mark.django_db
def test_a_page_stored_while_the_broker_is_down_is_cleaned_once_it_is_back(
    django_capture_on_commit_callbacks, broker_down
):
    from config.celery import app

    with django_capture_on_commit_callbacks(execute=True):
        article, _ = article_ingest(html=PAGE)
    article.refresh_from_db()
    assert article.status == Article.Status.CLEANING and article.enqueued_at is None
    assert articles_enqueue_pending() == 0  # still down: nothing sent, nothing lost

    app.conf.task_always_eager = True  # the broker is back (tasks run in-process here)
    with django_capture_on_commit_callbacks(execute=True):
        assert articles_enqueue_pending() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.title == "Putin says drills are defensive"


@pytest.mark.django_db
def test_a_page_the_cleaner_takes_too_long_over_fails_with_the_reason(monkeypatch):
    first, _ = article_ingest(html=PAGE)  # not committed: nothing runs
    second, _ = article_ingest(html=SAME_TEXT)

    def out_of_time(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ingest, "html_extract", out_of_time)
    assert article_clean_task.apply(args=(first.pk,)).get() == "failed"
    first.refresh_from_db()
    assert (first.status, first.error, first.raw_text) == ("failed", CLEANING_STOPPED, PAGE)

    # what Celery calls in the worker's main process once it killed the pool process
    article_clean_task.on_failure(TimeLimitExceeded(300), "task-1", (second.pk,), {}, None)
    second.refresh_from_db()
    assert (second.status, second.error) == ("failed", CLEANING_STOPPED)


@pytest.mark.django_db
def test_the_ingest_command_cleans_pages_itself_so_its_summary_is_right(
    django_capture_on_commit_callbacks, capsys, tmp_path
):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text(SAME_TEXT, encoding="utf-8")
    (tmp_path / "empty.html").write_text(NO_TEXT, encoding="utf-8")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match="1 article"),
    ):
        call_command("ingest", str(tmp_path))
    out, err = capsys.readouterr()
    assert "3 file(s): 1 new, 1 duplicate, 1 failed." in out
    assert "empty.html: no article text found in the HTML" in err
    article = Article.objects.get()  # a duplicate or a page without text is not stored
    assert article.status == Article.Status.DONE and article.raw_text == PAGE


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_api_ingest_of_megabytes_of_html_answers_at_once_and_a_real_worker_cleans_it(
    worker_env, broker_queue, cleaner_calls
):
    editor = token_client(member(EDITORS))
    pages = [
        with_state(PAGE, megabytes=4),
        with_state(SAME_TEXT, megabytes=3, story="drills, as the other site has it"),
        with_state(NO_TEXT, megabytes=2),
    ]
    responses = [editor.post("/api/v1/articles/", {"html": page}, format="json") for page in pages]
    assert cleaner_calls == []  # the requests stored the pages; none of them cleaned one
    for response in responses:
        assert response.status_code == 202, response.content
        assert response["Location"] == response.json()["url"]
        assert response.json()["status"] == "cleaning"
    ids = [response.json()["id"] for response in responses]

    broker = redis.Redis.from_url(worker_env["CELERY_BROKER_URL"])
    waiting = [json.loads(raw)["headers"] for raw in broker.lrange(broker_queue, 0, -1)]
    assert sorted((h["task"], h["argsrepr"]) for h in waiting) == sorted(
        ("articles.tasks.article_clean_task", f"({pk},)") for pk in ids
    )

    process = run_worker({**worker_env, "CELERY_QUEUE": broker_queue})
    worker = next(process)
    try:
        articles = list(Article.objects.filter(pk__in=ids).order_by("pk"))
        wait_for_status(articles, worker)
    finally:
        next(process, None)  # stops the worker and prints its log
    first, same_text, no_text = articles
    assert first.status == Article.Status.DONE, first.error
    assert first.title == "Putin says drills are defensive" and first.raw_text == pages[0]
    assert first.body.startswith("Putin says drills are defensive\nRussian President")
    assert "related" not in first.body and "injected" not in first.body
    assert first.quotes.filter(speaker__name="Vladimir Putin").exists()
    assert (same_text.status, same_text.duplicate_of_id) == (Article.Status.DUPLICATE, first.pk)
    assert same_text.body == first.body and same_text.raw_text == pages[1]
    assert (no_text.status, no_text.error) == (Article.Status.FAILED, NO_ARTICLE_TEXT)
    assert no_text.raw_text == pages[2] and no_text.body == ""
    assert cleaner_calls == []  # the worker cleaned them, in its own process
