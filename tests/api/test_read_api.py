import pytest

from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def test_articles_list_and_detail(client, seeds):
    listing = client.get("/api/v1/articles/").json()
    assert len(listing["results"]) == 2
    first = listing["results"][0]
    assert first["status"] == "done" and first["quote_count"] > 5
    assert "body" not in first
    detail = client.get(first["url"]).json()
    assert detail["body"] and detail["quotes"]
    quote = detail["quotes"][0]
    assert detail["body"][quote["content_start"] : quote["content_end"]] == quote["text"]


def test_speakers_list_and_detail(client, seeds):
    names = [s["name"] for s in client.get("/api/v1/speakers/").json()["results"]]
    assert "Vladimir Putin" in names and names == sorted(names)
    putin = client.get("/api/v1/speakers/vladimir-putin/").json()
    assert "Mr Putin" in putin["aliases"] and putin["quote_count"] >= 8


def test_quotes_list_and_detail(client, seeds):
    listing = client.get("/api/v1/quotes/").json()
    assert listing["results"] and "next" in listing
    quote = client.get(listing["results"][0]["url"]).json()
    assert {"text", "kind", "speaker", "article", "confidence"} <= set(quote)


def test_cursor_pagination_walks_every_quote(client):
    QuoteFactory.create_batch(60)
    seen, url = [], "/api/v1/quotes/"
    while url:
        page = client.get(url).json()
        seen += [q["id"] for q in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 60


def test_reads_need_no_login_but_writes_are_refused(client, db):
    assert client.get("/api/v1/quotes/").status_code == 200
    assert client.post("/api/v1/quotes/", {}, content_type="application/json").status_code in (
        401,
        403,
        405,
    )
    assert client.get("/api/v1/speakers/nobody/").status_code == 404
