"""A task whose time is up gives its batch back: the soft limit is not swallowed by the batch's
error handling, and after the hard limit killed the pool process the batch is released at once."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.utils import timezone

import extraction
from articles import services
from articles.models import Article
from articles.tasks import HARD_LIMIT_REASON, article_extract_task
from tests.factories import ArticleFactory


def waiting(n: int) -> list[Article]:
    return [
        ArticleFactory(status=Article.Status.QUEUED, enqueued_at=timezone.now()) for _ in range(n)
    ]


def test_the_soft_time_limit_reaches_the_task_instead_of_a_one_by_one_retry(postgres, monkeypatch):
    first, second = waiting(2)
    calls = []

    def out_of_time(texts, **options):
        calls.append(len(list(texts)))
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(extraction, "extract_many", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        services.article_extract_leased(article_id=first.pk, holder="task-1")
    assert calls == [2]  # the batch was not extracted again article by article


def test_the_task_fails_its_article_and_requeues_its_batch_at_the_soft_limit(postgres, monkeypatch):
    first, second = waiting(2)

    def out_of_time(texts, **options):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(extraction, "extract_many", out_of_time)
    assert article_extract_task.apply(args=(first.pk,), task_id="task-2").get() == "failed"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.error) == ("failed", "extraction exceeded its time limit")
    assert (second.status, second.leased_by) == ("queued", "")


def test_after_the_hard_limit_the_batch_is_released_at_once(postgres):
    first, second, other = waiting(3)
    lease_expires_at = timezone.now() + timezone.timedelta(minutes=6)
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(
        status=Article.Status.EXTRACTING, leased_by="task-3", lease_expires_at=lease_expires_at
    )
    Article.objects.filter(pk=other.pk).update(
        status=Article.Status.EXTRACTING, leased_by="task-4", lease_expires_at=lease_expires_at
    )
    # what Celery calls in the worker's main process once it killed the pool process
    article_extract_task.on_failure(TimeLimitExceeded(300), "task-3", (first.pk,), {}, None)
    first.refresh_from_db()
    second.refresh_from_db()
    other.refresh_from_db()
    assert (first.status, first.error) == ("failed", HARD_LIMIT_REASON)
    assert (second.status, second.leased_by, second.lease_expires_at) == ("queued", "", None)
    assert (other.status, other.leased_by) == ("extracting", "task-4")  # another task's
    # any other failure is the task's own business (retries, the sweep)
    article_extract_task.on_failure(ValueError("boom"), "task-4", (other.pk,), {}, None)
    other.refresh_from_db()
    assert other.status == "extracting"
