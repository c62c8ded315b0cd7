"""The search says how much it found and pages through all of it; names are found fuzzily on
every database (issue 16, point 12)."""

from types import SimpleNamespace

from claims import filters
from claims.names import name_key
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory


def test_the_search_counts_and_pages_through_every_statement(client, db):
    speaker = SpeakerFactory()
    for n in range(45):
        body = f"The minister said the budget was balanced in year {n}."
        QuoteFactory(
            speaker=speaker, article=ArticleFactory(body=body, title=f"Budget {n}"), length=40
        )
    first = client.get("/search/?q=budget").content.decode()
    assert 'Statements <span class="meta">(45)</span>' in first
    assert "Page 1 of 3" in first and 'rel="next"' in first
    third = client.get("/search/?q=budget&page=3").content.decode()
    assert "Page 3 of 3" in third and third.count('<li style="--hue') == 5
    assert 'Articles <span class="meta">(45)</span>' in first
    assert "The first 20 of 45" in first


def test_names_are_found_fuzzily_without_postgresql_too(client, db, monkeypatch):
    hillary = SpeakerFactory(name="Hillary Clinton", slug="hillary-clinton")
    hillary.aliases.create(name="Hillary Clinton", normalised=name_key("Hillary Clinton"))
    QuoteFactory(speaker=hillary)
    monkeypatch.setattr(filters, "connection", SimpleNamespace(vendor="sqlite"))
    assert list(filters.speakers_named("Hilary")) == [hillary]
    assert "Hillary Clinton" in client.get("/speakers/?q=Hilary").content.decode()
    assert "Hillary Clinton" in client.get("/search/?q=Hilary").content.decode()


def test_the_search_lists_the_speakers_the_speakers_page_lists(client, db):
    quoted = SpeakerFactory(name="Lorna Quoted")
    QuoteFactory(speaker=quoted)
    SpeakerFactory(name="Lorna Silent")  # no statements: not on the speakers page either
    page = client.get("/search/?q=Lorna").content.decode()
    assert f'href="/speakers/{quoted.slug}/"' in page and "Silent" not in page
    assert 'Speakers <span class="meta">(1)</span>' in page
