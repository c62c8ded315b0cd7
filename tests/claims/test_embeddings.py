"""Statement embeddings stored with the statements (issue 13): computed after extraction,
when an editor adds a statement or moves its span, and back-filled by a command; a failure
to embed costs no article."""

import numpy as np
import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import article_ingest
from claims import services
from claims.models import Quote, QuoteEmbedding
from claims.similarity import quote_vector
from claims.vectors import vectors_read
from extraction.embedding import ENCODER, embed
from tests.factories import ArticleFactory, QuoteFactory, member

pytestmark = pytest.mark.django_db

TEXT = (
    'Defence Minister Anna Berg said on Monday: "These drills are purely defensive." '
    "Opposition leader Tom Hale said the exercises were a provocation."
)


def ingested(django_capture_on_commit_callbacks, text: str = TEXT) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        article, _ = article_ingest(text=text, title="Drills")
    article.refresh_from_db()
    return article


def test_extraction_stores_each_statements_vector(django_capture_on_commit_callbacks):
    article = ingested(django_capture_on_commit_callbacks)
    quotes = list(article.quotes.all())
    assert quotes
    for quote in quotes:
        assert quote.embedding.encoder == ENCODER
        assert np.allclose(quote_vector(quote), embed([quote.text])[0], atol=2e-3)


def test_an_embedding_failure_keeps_the_article_and_its_statements(
    django_capture_on_commit_callbacks, monkeypatch
):
    def broken(texts):
        raise RuntimeError("encoder unavailable")

    monkeypatch.setattr("claims.services.embeddings.embed", broken)
    article = ingested(django_capture_on_commit_callbacks)
    assert article.status == Article.Status.DONE
    assert article.quotes.exists()
    assert not QuoteEmbedding.objects.exists()
    monkeypatch.undo()
    call_command("embed_statements", verbosity=0)
    assert QuoteEmbedding.objects.count() == article.quotes.count()


def test_regroup_groups_statements_whose_grouping_failed(
    django_capture_on_commit_callbacks, monkeypatch
):
    from claims.models import GroupMember

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("articles.services.extracting.statement_groups_update", broken)
    day = "2024-03-0{}"
    for n in (4, 5):
        with django_capture_on_commit_callbacks(execute=True):
            article_ingest(text=f"{TEXT} ({n})", title=f"Drills {n}", published_on=day.format(n))
    monkeypatch.undo()
    assert QuoteEmbedding.objects.count() == Quote.objects.count() > 0
    call_command("embed_statements", verbosity=0)  # every vector is there: nothing to group
    assert not GroupMember.objects.exists()
    call_command("embed_statements", "--regroup", verbosity=0)
    grouped = Quote.objects.filter(group_member__isnull=False)
    assert grouped.count() == 4  # each speaker's statement in the two reports
    assert set(grouped.values_list("speaker__name", flat=True)) == {"Anna Berg", "Tom Hale"}


def test_an_editors_new_statement_and_moved_span_get_vectors(django_capture_on_commit_callbacks):
    editor = member()
    article = ArticleFactory(body="The minister said the plan would work. Nobody else spoke.")
    with django_capture_on_commit_callbacks(execute=True):
        quote = services.quote_create(
            article=article,
            content_start=18,
            content_end=37,
            kind="indirect",
            speaker=None,
            by=editor,
        )
    assert np.allclose(quote_vector(quote), embed(["the plan would work"])[0], atol=2e-3)
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_update(quote=quote, by=editor, changes={"content_start": 22})
    assert np.allclose(quote_vector(quote), embed(["plan would work"])[0], atol=2e-3)
    # a change that leaves the text alone keeps the vector
    before = QuoteEmbedding.objects.get(quote=quote).created_at
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_update(quote=quote, by=editor, changes={"verified": False})
    assert QuoteEmbedding.objects.get(quote=quote).created_at == before


def test_the_backfill_computes_what_is_missing_or_stale_and_then_nothing(capsys):
    quotes = QuoteFactory.create_batch(3)
    QuoteEmbedding.objects.create(quote=quotes[0], encoder="an older encoder", vector=b"\0\0")
    call_command("embed_statements", verbosity=0)
    assert "Embedded 3 statements" in capsys.readouterr().out
    stored = QuoteEmbedding.objects.order_by("quote_id")
    assert [e.encoder for e in stored] == [ENCODER] * 3
    vectors = vectors_read([e.vector for e in stored])
    assert np.allclose(vectors, embed([q.text for q in quotes]), atol=2e-3)
    call_command("embed_statements", verbosity=0)
    assert "Every statement has its embedding." in capsys.readouterr().out


def test_a_quote_deleted_with_its_article_takes_its_vector_along():
    quote = QuoteFactory()
    services.quote_embeddings_fill(quotes=Quote.objects.filter(pk=quote.pk))
    quote.article.delete()
    assert not QuoteEmbedding.objects.exists()


def test_with_embedding_off_the_worker_leaves_vectors_to_the_back_fill(
    django_capture_on_commit_callbacks, settings
):
    settings.EMBED_STATEMENTS = False
    article = ingested(django_capture_on_commit_callbacks)
    assert article.status == Article.Status.DONE
    assert article.quotes.exists()
    assert not QuoteEmbedding.objects.exists()
    call_command("embed_statements", verbosity=0)
    assert QuoteEmbedding.objects.count() == article.quotes.count()
