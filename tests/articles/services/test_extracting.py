"""Workers extract several waiting articles at once, and never the same one twice at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_extract_leased, articles_enqueue_pending
from tests.factories import ArticleFactory


def waiting(n: int, **fields) -> list[Article]:
    """Articles whose extraction messages are in the queue."""
    return [
        ArticleFactory(status=Article.Status.QUEUED, enqueued_at=timezone.now(), **fields)
        for _ in range(n)
    ]


@pytest.fixture
def spy(monkeypatch):
    """Records the texts of each extract_many call."""
    import extraction

    calls: list[int] = []
    real = extraction.extract_many

    def extract_many(texts, **kwargs):
        texts = list(texts)
        calls.append(len(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", extract_many)
    return calls


def test_a_deep_queue_is_extracted_in_one_pipe_call_and_later_messages_find_it_done(
    postgres, spy, settings
):
    settings.EXTRACTION_BATCH_SIZE = 4
    articles = waiting(6)

    assert article_extract_leased(article_id=articles[0].pk, holder="task-1") == "done"
    assert spy == [4]
    statuses = [a.status for a in Article.objects.order_by("id")]
    assert statuses == ["done"] * 4 + ["queued"] * 2
    assert all(a.quotes.count() == 2 for a in Article.objects.filter(status="done"))
    # the message of an article extracted with the first one has nothing left to do
    assert article_extract_leased(article_id=articles[2].pk, holder="task-3") == "already done"
    assert article_extract_leased(article_id=articles[4].pk, holder="task-5") == "done"
    assert spy == [4, 2]
    assert not Article.objects.exclude(leased_by="").exists()


def test_the_batch_stays_within_its_character_budget(postgres, spy, settings):
    settings.EXTRACTION_BATCH_CHARS = 200
    first, *_ = waiting(5)
    article_extract_leased(article_id=first.pk, holder="task-1")
    assert spy == [2]  # each text is about 80 characters


def test_an_article_held_by_a_live_task_is_left_to_it(postgres, spy):
    article, other = waiting(2)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.EXTRACTING,
        leased_by="task-A",
        lease_expires_at=timezone.now() + dt.timedelta(minutes=5),
    )
    # another message for it: it is held, but the waiting article is taken meanwhile
    assert article_extract_leased(article_id=article.pk, holder="task-B") == "held"
    assert spy == [1]
    other.refresh_from_db()
    assert other.status == Article.Status.DONE
    # the holder's own message, redelivered after its worker died, takes its claim back
    assert article_extract_leased(article_id=article.pk, holder="task-A") == "done"


def test_a_lapsed_claim_is_taken_over_and_the_sweep_queues_it_again(postgres, spy):
    article, swept = waiting(2)
    lapsed = timezone.now() - dt.timedelta(seconds=1)
    Article.objects.filter(pk__in=[article.pk, swept.pk]).update(
        status=Article.Status.EXTRACTING, leased_by="dead-task", lease_expires_at=lapsed
    )
    assert article_extract_leased(article_id=article.pk, holder="task-B") == "done"
    swept.refresh_from_db()
    assert swept.status == Article.Status.EXTRACTING  # a lapsed claim is not taken as an extra

    articles_enqueue_pending()
    swept.refresh_from_db()
    assert swept.status == Article.Status.DONE and swept.leased_by == ""


def test_one_bad_article_in_a_batch_fails_alone(postgres, monkeypatch):
    import extraction

    bad, *good = waiting(3)
    real = extraction.extract_many

    def extract_many(texts, **kwargs):
        texts = list(texts)
        if bad.body in texts:
            raise RuntimeError("parser exploded")
        return real(texts, **kwargs)

    monkeypatch.setattr(extraction, "extract_many", extract_many)
    assert article_extract_leased(article_id=good[0].pk, holder="task-1") == "done"
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {bad.pk: "failed", good[0].pk: "done", good[1].pk: "done"}
    assert "RuntimeError: parser exploded" in Article.objects.get(pk=bad.pk).error
