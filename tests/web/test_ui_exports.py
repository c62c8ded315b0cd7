"""Exports from the pages (issue 17, item 2): each list of statements (a speaker's, search
results, a claim's) links to the API's CSV and JSON Lines exports with the list's own filters,
and what they stream is the rows the list shows, for a browser signed in with its session
cookie or for an anonymous reader. The browser download is in test_share_browser.py."""

import csv
import datetime as dt
import html
import io
import json
import re

import pytest

from claims.models import Claim, Verdict
from claims.services import quote_update
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory, signed_in

pytestmark = pytest.mark.django_db


def export_urls(page: str) -> list[str]:
    return [html.unescape(url) for url in re.findall(r'href="(/api/v1/quotes/export[^"]*)"', page)]


def rows(client, url: str) -> list[dict]:
    """The rows an export streams, read back from CSV or JSON Lines."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    body = b"".join(response.streaming_content).decode()
    if ".csv" in url:
        assert response["Content-Type"] == "text/csv"
        return list(csv.DictReader(io.StringIO(body)))
    assert response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in body.splitlines()]


def exported_ids(client, url: str) -> set[int]:
    return {int(row["id"]) for row in rows(client, url)}


def listed_ids(response) -> set[int]:
    return {quote.pk for quote in response.context["page"].object_list}


@pytest.fixture
def record():
    """A speaker's statements: two kinds, three dates, one in a false claim, one rejected;
    and another speaker's that says the same."""
    speaker = SpeakerFactory(name="Anna Berg")
    quotes = []
    for day, kind in ((1, "direct"), (2, "indirect"), (3, "direct"), (4, "indirect")):
        article = ArticleFactory(
            published_on=dt.date(2024, 3, day),
            body=f"The drills are defensive, she said on day {day}.",
        )
        quotes.append(QuoteFactory(article=article, speaker=speaker, kind=kind, length=25))
    claim = Claim.objects.create(speaker=speaker, statement="Defensive.", verdict=Verdict.FALSE)
    claim.quotes.add(quotes[0], quotes[1], quotes[3])
    quote_update(quote=quotes[3], by=UserFactory(), changes={"rejected": True})
    QuoteFactory(article=ArticleFactory(body="The drills are defensive, he said."), length=25)
    return speaker, quotes, claim


@pytest.mark.parametrize("session", [False, True], ids=["anonymous", "signed-in"])
def test_a_speakers_page_exports_its_list_and_whole_record(client, record, session):
    speaker, quotes, _ = record
    if session:
        signed_in(client)
    response = client.get(f"/speakers/{speaker.slug}/")
    urls = export_urls(response.content.decode())
    # unfiltered: one pair, the whole record (rejected left out, as on the page)
    assert urls == [
        f"/api/v1/quotes/export.csv?speaker={speaker.pk}",
        f"/api/v1/quotes/export.jsonl?speaker={speaker.pk}",
    ]
    whole = {q.pk for q in quotes[:3]}
    assert listed_ids(response) == whole
    assert all(exported_ids(client, url) == whole for url in urls)

    filtered = client.get(
        f"/speakers/{speaker.slug}/?kind=direct&published_after=2024-03-01"
        "&published_before=2024-03-02&verdict=false"
    )
    urls = export_urls(filtered.content.decode())
    assert len(urls) == 4  # the list's rows, then the whole record
    assert listed_ids(filtered) == {quotes[0].pk}
    for url in urls[:2]:
        assert "kind=direct" in url and "verdict=false" in url and "published_before=" in url
        assert exported_ids(client, url) == {quotes[0].pk}
    assert all(exported_ids(client, url) == whole for url in urls[2:])


def test_the_exports_columns_are_the_apis(client, record):
    speaker, quotes, _ = record
    url = export_urls(client.get(f"/speakers/{speaker.slug}/").content.decode())
    csv_rows, json_rows = rows(client, url[0]), rows(client, url[1])
    newest = json_rows[0]
    assert newest["id"] == quotes[2].pk and newest["speaker_slug"] == speaker.slug
    assert newest["published_on"] == "2024-03-03" and newest["kind"] == "direct"
    assert [int(row["id"]) for row in csv_rows] == [row["id"] for row in json_rows]


def test_search_results_export_the_statements_that_match(client, record):
    response = client.get("/search/?q=defensive")
    urls = export_urls(response.content.decode())
    assert urls == [
        "/api/v1/quotes/export.csv?q=defensive",
        "/api/v1/quotes/export.jsonl?q=defensive",
    ]
    listed = listed_ids(response)
    assert len(listed) == 4  # three of hers, one of his; the rejected one is not listed
    assert all(exported_ids(client, url) == listed for url in urls)


def test_a_claims_page_exports_its_statements(client, record):
    _, quotes, claim = record
    response = client.get(f"/claims/{claim.pk}/")
    urls = export_urls(response.content.decode())
    assert urls == [
        f"/api/v1/quotes/export.csv?claim={claim.pk}",
        f"/api/v1/quotes/export.jsonl?claim={claim.pk}",
    ]
    # the rejected statement attached to the claim is shown nowhere: not on the page either
    shown = {quote.pk for quote in response.context["quotes"]}
    assert shown == {quotes[0].pk, quotes[1].pk}
    assert all(exported_ids(client, url) == shown for url in urls)


def test_a_private_instance_exports_to_a_signed_in_browser_only(client, settings, record):
    settings.API_ANONYMOUS_READS = False
    speaker, quotes, _ = record
    url = f"/api/v1/quotes/export.csv?speaker={speaker.pk}"
    assert client.get(url).status_code in (401, 403)
    signed_in(client)
    assert exported_ids(client, url) == {q.pk for q in quotes[:3]}


def test_the_search_pages_export_streams_the_rows_of_its_filters(client):
    from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

    speaker = SpeakerFactory()
    times = ArticleFactory(outlet="Times")
    kept = QuoteFactory(speaker=speaker, article=times, kind="direct")
    QuoteFactory(speaker=speaker, article=times, kind="indirect")  # another kind
    QuoteFactory(speaker=speaker, article=ArticleFactory(outlet="Post"), kind="direct")
    page = client.get(f"/search/?speakers={speaker.pk}&outlets=Times&kind=direct")
    exports = page.context["exports"]
    jsonl = b"".join(client.get(exports["jsonl"]).streaming_content).decode()
    ids = [json.loads(line)["id"] for line in jsonl.splitlines() if line.strip()]
    assert ids == [kept.pk] == [q.pk for q in page.context["page"].object_list]
    bad = client.get("/api/v1/quotes/export.jsonl?search=kind%3Dnonsense")
    assert bad.status_code == 400
