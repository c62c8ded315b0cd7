import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_speaker_page_lists_putins_statements_from_both_seeds(client, seeds):
    page = client.get("/speakers/vladimir-putin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "These military exercises, drills are purely defensive" in html
    assert "US ignored Russia&#x27;s security concerns" in html
    assert "000_e22fc656f51a6888" in html and "004_7927713eab849ea4" in html


def test_article_page_highlights_quotes_with_speakers(client, seeds, django_assert_max_num_queries):
    from articles.models import Article

    article = Article.objects.get(title="000_e22fc656f51a6888")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("article-detail", args=[article.pk]))
    html = page.content.decode()
    assert html.count('<mark class="quote"') >= 10
    assert 'title="Vladimir Putin — “said”"' in html
    assert "Alexander Lukashenko" in html


def test_home_and_indexes_render(client, seeds):
    for url in ("/", "/articles/", "/speakers/"):
        page = client.get(url)
        assert page.status_code == 200, url
    assert "Vladimir Putin" in client.get("/").content.decode()


def test_unknown_pages_are_404(client, db):
    assert client.get("/speakers/nobody/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404


def test_untrusted_text_is_escaped(client):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    article = ArticleFactory(title=evil, body=f"{evil} said the minister.")
    speaker = SpeakerFactory(name=evil, slug="evil")
    QuoteFactory(article=article, speaker=speaker, length=len(evil))
    for url in (f"/articles/{article.pk}/", "/speakers/evil/", "/", "/speakers/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_empty_states(client, db):
    assert "No articles yet" in client.get("/").content.decode()
    speaker = SpeakerFactory()
    assert "No statements recorded" in client.get(f"/speakers/{speaker.slug}/").content.decode()
