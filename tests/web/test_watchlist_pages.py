"""The watchlists' pages (issue 17): a search saved as a watchlist lists the rows the search
lists, and its exports stream the same rows; another user's watchlist is not found; the
Atom feed needs no session and its revoked secret is not found; the dashboard counts new
statements until the watchlist is opened."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from claims.models import Claim, Quote, Verdict, Watchlist
from claims.names import name_key
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, signed_in

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def said(speaker, *, outlet="", kind=Quote.Kind.INDIRECT):
    return QuoteFactory(speaker=speaker, article=ArticleFactory(outlet=outlet), kind=kind)


def listed(html: str) -> set[int]:
    """The statements a page lists (their links to the article page)."""
    return {int(part.split("#")[0]) for part in html.split("?quote=")[1:]}


def named(name: str):
    speaker = SpeakerFactory(name=name)
    speaker.aliases.create(name=name, normalised=name_key(name))
    return speaker


def statements_world():
    ana, bo = named("Ana Alder"), named("Bo Birch")
    quotes = [
        said(ana, outlet="Daily Planet", kind=Quote.Kind.DIRECT),
        said(ana, outlet="The Courier"),
        said(bo, outlet="Daily Planet", kind=Quote.Kind.PARTIAL),
        said(bo, outlet="Daily Planet"),
    ]
    claim = Claim.objects.create(statement="x", speaker=bo, verdict=Verdict.FALSE)
    claim.quotes.add(quotes[3])
    return ana, bo, quotes


SEARCHES = [
    {"speakers": "Ana Alder, bo birch", "outlets": "daily planet"},
    {"q": "minister", "kind": ["direct", "partial"]},
    {"verdict": ["false", "misleading"]},
    {"speakers": "Ana Alder", "kind": "indirect"},
]


@pytest.mark.parametrize("params", SEARCHES)
def test_a_saved_search_lists_and_exports_the_rows_the_search_lists(client, params):
    statements_world()
    user = signed_in(client)
    searched = client.get("/search/", params)
    assert searched.status_code == 200
    found = listed(searched.content.decode())
    assert found and "Save as watchlist" in searched.content.decode()

    # the search page's "Save as watchlist" form posts its hidden fields
    saved = client.post("/watchlists/", {**params, "name": "Mine"})
    watchlist = Watchlist.objects.get(owner=user)
    assert saved.status_code == 302 and saved["Location"] == f"/watchlists/{watchlist.pk}/"
    page = client.get(saved["Location"]).content.decode()
    assert listed(page) == found

    exported = client.get(f"/api/v1/quotes/export.jsonl?watchlist={watchlist.pk}")
    rows = [json.loads(line) for line in b"".join(exported.streaming_content).splitlines()]
    assert {row["id"] for row in rows} == found
    exported = client.get(f"/api/v1/quotes/export.csv?watchlist={watchlist.pk}")
    text = b"".join(exported.streaming_content).decode()
    assert {int(row["id"]) for row in csv.DictReader(io.StringIO(text))} == found
    assert f"/api/v1/quotes/export.csv?watchlist={watchlist.pk}" in page


def test_the_search_refuses_an_unknown_speaker_and_anonymous_readers_cannot_save(client):
    statements_world()
    refused = client.get("/search/", {"speakers": "Nobody Atall"})
    assert refused.status_code == 400
    assert "Nobody is named “Nobody Atall”." in refused.content.decode()
    page = client.get("/search/", {"speakers": "Ana Alder"}).content.decode()
    assert "Save as watchlist" not in page and len(listed(page)) == 2
    assert client.post("/watchlists/", {"name": "x", "q": "x"}).status_code == 302  # login


def test_a_watchlist_needs_a_name_and_a_criterion(client):
    signed_in(client)
    refused = client.post("/watchlists/", {"name": "", "q": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Name the watchlist." in page
    refused = client.post("/watchlists/", {"name": "Empty"})
    assert "Give at least one of words, speakers, outlets, kinds or verdicts." in (
        refused.content.decode()
    )
    assert not Watchlist.objects.exists()


def test_another_users_watchlist_is_not_found(client):
    ana, _, _ = statements_world()
    owner = signed_in(client)
    client.post("/watchlists/", {"name": "Ana", "speakers": ana.slug})
    watchlist = Watchlist.objects.get(owner=owner)
    other = Client()
    signed_in(other)
    base = f"/watchlists/{watchlist.pk}"
    assert other.get(f"{base}/").status_code == 404
    assert other.post(f"{base}/", {"name": "Mine", "q": "x"}).status_code == 404
    assert other.post(f"{base}/revoke/").status_code == 404
    assert other.post(f"{base}/delete/").status_code == 404
    assert other.get(f"/api/v1/quotes/export.csv?watchlist={watchlist.pk}").status_code == 404
    assert Client().get(f"/api/v1/quotes/export.csv?watchlist={watchlist.pk}").status_code == 404
    assert "Ana" not in other.get("/watchlists/").content.decode()
    assert Watchlist.objects.get() == watchlist and watchlist.name == "Ana"


def test_a_watchlist_is_edited_and_deleted_by_its_owner(client):
    ana, bo, quotes = statements_world()
    owner = signed_in(client)
    client.post("/watchlists/", {"name": "Ana", "speakers": ana.slug})
    watchlist = Watchlist.objects.get(owner=owner)
    base = f"/watchlists/{watchlist.pk}/"
    edited = client.post(base, {"name": "Bo", "speakers": "Bo Birch", "kind": "partial"})
    assert edited.status_code == 302
    assert listed(client.get(base).content.decode()) == {quotes[2].pk}
    refused = client.post(base, {"name": "Bo", "speakers": "Nobody Atall"})
    assert refused.status_code == 400 and "Nobody is named" in refused.content.decode()
    assert list(Watchlist.objects.get().speakers.all()) == [bo]
    assert client.post(f"{base}delete/").status_code == 302
    assert not Watchlist.objects.exists()


def test_the_feed_needs_no_session_and_a_revoked_secret_is_not_found(client, settings):
    ana, _, quotes = statements_world()
    settings.API_ANONYMOUS_READS = False  # a private instance: feed readers have no session
    signed_in(client)
    client.post("/watchlists/", {"name": "Ana's words", "speakers": ana.slug})
    watchlist = Watchlist.objects.get()
    page = client.get(f"/watchlists/{watchlist.pk}/").content.decode()
    feed_url = f"/watchlists/{watchlist.pk}/feed/{watchlist.feed_token}.atom"
    assert f"http://testserver{feed_url}" in page

    reader = Client()
    answer = reader.get(feed_url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(answer.content)
    assert feed.find(f"{ATOM}title").text == "OnRecord watchlist: Ana's words"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver/articles/{q.article_id}/?quote={q.pk}#quote-{q.pk}"
        for q in (quotes[1], quotes[0])  # the latest found first
    ]
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Ana Alder"
    assert "The minister" in entries[0].find(f"{ATOM}title").text

    wrong = feed_url.replace(watchlist.feed_token, "x" * 43)
    assert reader.get(wrong).status_code == 404
    assert (
        reader.get(f"/watchlists/{watchlist.pk + 1}/feed/{watchlist.feed_token}.atom").status_code
        == 404
    )
    client.post(f"/watchlists/{watchlist.pk}/revoke/")
    assert reader.get(feed_url).status_code == 404
    watchlist.refresh_from_db()
    assert (
        reader.get(f"/watchlists/{watchlist.pk}/feed/{watchlist.feed_token}.atom").status_code
        == 200
    )


def test_the_feed_lists_the_newest_fifty(client):
    speaker = SpeakerFactory()
    signed_in(client)
    client.post("/watchlists/", {"name": "All", "speakers": speaker.slug})
    quotes = QuoteFactory.create_batch(55, speaker=speaker)
    watchlist = Watchlist.objects.get()
    feed = ET.fromstring(
        Client().get(f"/watchlists/{watchlist.pk}/feed/{watchlist.feed_token}.atom").content
    )
    hrefs = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert len(hrefs) == 50 and hrefs[0].endswith(f"#quote-{quotes[-1].pk}")


def test_the_dashboard_counts_new_statements_until_the_watchlist_is_opened(client):
    ana, _, _ = statements_world()
    signed_in(client)
    client.post("/watchlists/", {"name": "Ana", "speakers": ana.slug})
    watchlist = Watchlist.objects.get()
    home = client.get("/").content.decode()
    assert "Your watchlists" in home and f'data-watchlist="{watchlist.pk}">none' in home
    new = [said(ana), said(ana)]
    home = client.get("/").content.decode()
    assert f'data-watchlist="{watchlist.pk}">2 new' in home
    assert f'data-watchlist="{watchlist.pk}">2 new' in client.get("/watchlists/").content.decode()
    page = client.get(f"/watchlists/{watchlist.pk}/").content.decode()
    assert page.count('<span class="new">New</span>') == len(new)
    assert f'data-watchlist="{watchlist.pk}">none' in client.get("/").content.decode()
    assert "Your watchlists" not in Client().get("/").content.decode()
