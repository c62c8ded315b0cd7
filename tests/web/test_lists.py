"""Lists say how many, show outlet and date, and sort as the reader asks (issue 16, point
14)."""

import datetime as dt

from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory


def rows(page: str) -> list[str]:
    return [row.split("</a>")[0].rsplit(">", 1)[-1] for row in page.split("<tr>")[2:]]


def test_articles_show_outlet_date_total_and_sort(client, db):
    old = ArticleFactory(title="Old news", outlet="BBC", published_on=dt.date(2020, 1, 1))
    new = ArticleFactory(title="New news", outlet="AP", published_on=dt.date(2024, 1, 1))
    QuoteFactory.create_batch(2, article=old)
    page = client.get("/articles/").content.decode()
    assert "2 articles" in page and 'class="wide">Outlet</th>' in page
    assert '<time datetime="2020-01-01">' in page and '<td class="wide">BBC</td>' in page
    assert rows(page) == [new.title, old.title]  # newest ingested first
    assert rows(client.get("/articles/?sort=statements").content.decode())[0] == old.title
    assert rows(client.get("/articles/?sort=published").content.decode()) == [new.title, old.title]
    assert rows(client.get("/articles/?sort=outlet").content.decode()) == [new.title, old.title]
    assert rows(client.get("/articles/?sort=nonsense").content.decode()) == [new.title, old.title]


def test_speakers_show_their_total_and_sort_by_name_keeping_the_search(client, db):
    for name, quotes in (("Zoe Zed", 3), ("Adam Alpha", 1)):
        QuoteFactory.create_batch(quotes, speaker=SpeakerFactory(name=name))
    page = client.get("/speakers/").content.decode()
    assert "2 speakers" in page and rows(page) == ["Zoe Zed", "Adam Alpha"]
    assert rows(client.get("/speakers/?sort=name").content.decode()) == ["Adam Alpha", "Zoe Zed"]
    found = client.get("/speakers/?q=Zoe&sort=name").content.decode()
    assert rows(found) == ["Zoe Zed"] and '<input type="hidden" name="q" value="Zoe">' in found
