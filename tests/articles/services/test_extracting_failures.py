"""Storing one article's quotes can fail; that article alone ends failed, with the reason, after
a bounded number of tries, and the articles extracted with it finish normally. Names and the
other strings taken from the text are bounded before they are stored."""

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.services import extracting
from articles.text import text_hash
from claims.models import Quote, Speaker, SpeakerAlias
from tests.factories import ArticleFactory

LONG_NAME = "A" + "b" * 239  # longer than Speaker.name (200 characters)
LONG_NAME_TEXT = (
    f"Mr {LONG_NAME} said on Monday that the talks had failed. "
    f"“We will not back down,” Mr {LONG_NAME} said."
)


def waiting(n: int, **fields) -> list[Article]:
    """Articles whose extraction messages are in the queue."""
    return [
        ArticleFactory(status=Article.Status.QUEUED, enqueued_at=timezone.now(), **fields)
        for _ in range(n)
    ]


def waiting_text(text: str) -> Article:
    return ArticleFactory(
        status=Article.Status.QUEUED,
        enqueued_at=timezone.now(),
        body=text,
        content_hash=text_hash(text),
    )


def test_a_speaker_name_longer_than_the_field_is_stored_bounded_with_its_batch(postgres):
    bad = waiting_text(LONG_NAME_TEXT)
    mates = waiting(3)

    assert services.article_extract_leased(article_id=bad.pk, holder="task-1") == "done"

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "done" for a in [bad, *mates]}
    speaker = Speaker.objects.get(quotes__article=bad, quotes__kind=Quote.Kind.DIRECT)
    assert len(speaker.name) <= Speaker._meta.get_field("name").max_length
    assert speaker.name.startswith("Abbb")
    assert not Article.objects.exclude(leased_by="").exists()


def test_any_failure_storing_one_article_fails_it_alone_with_the_reason(postgres, monkeypatch):
    bad, *mates = waiting(4)
    real = extracting.attributions_store
    calls: list[int] = []

    def attributions_store(*, article, **kwargs):
        calls.append(article.pk)
        if article.pk == bad.pk:
            raise ValidationError({"name": "Ensure this value has at most 200 characters."})
        return real(article=article, **kwargs)

    monkeypatch.setattr(extracting, "attributions_store", attributions_store)
    assert services.article_extract_leased(article_id=bad.pk, holder="task-1") == "failed"

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {bad.pk: "failed", **{a.pk: "done" for a in mates}}
    bad.refresh_from_db()
    assert "at most 200 characters" in bad.error and bad.leased_by == ""
    assert calls.count(bad.pk) == 1  # a validation error will not pass by trying again
    # its own message, redelivered, and the sweep leave it alone
    assert services.article_extract_leased(article_id=bad.pk, holder="task-1") == ("already failed")
    services.articles_enqueue_pending()
    assert Article.objects.get(pk=bad.pk).status == "failed"


def test_a_database_error_storing_one_article_is_tried_a_bounded_number_of_times(
    postgres, monkeypatch
):
    bad, flaky, steady = waiting(3)
    real = extracting.attributions_store
    calls: list[int] = []

    def attributions_store(*, article, **kwargs):
        calls.append(article.pk)
        if article.pk == bad.pk or (article.pk == flaky.pk and calls.count(flaky.pk) == 1):
            raise OperationalError("deadlock detected")
        return real(article=article, **kwargs)

    monkeypatch.setattr(extracting, "attributions_store", attributions_store)
    monkeypatch.setattr(extracting, "STORE_RETRY_SECONDS", 0)
    assert services.article_extract_leased(article_id=bad.pk, holder="task-1") == "failed"

    assert calls.count(bad.pk) == extracting.STORE_ATTEMPTS
    assert calls.count(flaky.pk) == 2  # failed once, stored on the second try
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {bad.pk: "failed", flaky.pk: "done", steady.pk: "done"}
    assert "OperationalError: deadlock detected" in Article.objects.get(pk=bad.pk).error
    assert Quote.objects.filter(article=flaky).count() == 2


def test_aliases_from_long_mentions_are_bounded(db):
    article = waiting_text(LONG_NAME_TEXT)
    services.article_extract(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    limit = SpeakerAlias._meta.get_field("name").max_length
    for alias in SpeakerAlias.objects.all():
        assert len(alias.name) <= limit and len(alias.normalised) <= limit
    assert all(len(q.mention) <= 500 and len(q.cue) <= 200 for q in Quote.objects.all())


@pytest.mark.parametrize("kind", ["emperor", "", None])
def test_an_unknown_speaker_kind_is_stored_as_a_person(db, monkeypatch, kind):
    import extraction
    from extraction import Attribution, Kind, Span

    article = waiting_text("Someone said it was fine. (kind test)")

    def extract_many(texts, **kwargs):
        return [
            [
                Attribution(
                    content=[Span(15, 25)],
                    kind=Kind.INDIRECT,
                    speaker="Ada Lovelace",
                    speaker_kind=kind,
                )
            ]
            for _ in texts
        ]

    monkeypatch.setattr(extraction, "extract_many", extract_many)
    services.article_extract(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    assert Speaker.objects.get(name="Ada Lovelace").kind == Speaker.Kind.PERSON
