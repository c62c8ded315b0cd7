"""GET /api/v1/quotes/{id}/similar/ (issue 13): statements closest in meaning, best first,
with their score, filterable by speaker and date; rejected statements left out."""

import datetime as dt

import pytest

from claims.models import Quote
from claims.services import quote_embeddings_fill
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def quote(text: str, speaker=None, published_on=None, **fields) -> Quote:
    article = ArticleFactory(body=text, published_on=published_on)
    return QuoteFactory(
        article=article, length=len(text), speaker=speaker or SpeakerFactory(), **fields
    )


@pytest.fixture
def drills():
    berg, hale = SpeakerFactory(name="Anna Berg"), SpeakerFactory(name="Tom Hale")
    found = {
        "original": quote("These drills are purely defensive", berg, dt.date(2024, 3, 1)),
        "paraphrase": quote(
            "The military exercises are entirely defensive", berg, dt.date(2024, 3, 2)
        ),
        "other speaker": quote("The drills are defensive and nothing more", hale),
        "unrelated": quote("We will cut taxes for every family in the country", berg),
        "rejected": quote("These drills are only defensive", berg, rejected=True),
    }
    quote_embeddings_fill()
    return found


def url(q: Quote) -> str:
    return f"/api/v1/quotes/{q.pk}/similar/"


def test_closest_in_meaning_first_with_scores(anonymous, drills):
    answer = anonymous.get(url(drills["original"])).json()
    ids = [row["id"] for row in answer["results"]]
    assert answer["quote"] == drills["original"].pk
    assert answer["encoder"].startswith("all-MiniLM-L6-v2")
    assert set(ids) == {drills["paraphrase"].pk, drills["other speaker"].pk}
    scores = [row["score"] for row in answer["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0.5 <= s <= 1 for s in scores)
    first = answer["results"][0]
    assert {"text", "speaker", "article", "outlet", "published_on"} <= set(first)


def test_filtered_by_speaker_and_date(anonymous, drills):
    original = drills["original"]
    by_berg = anonymous.get(url(original), {"speaker": original.speaker.slug}).json()["results"]
    assert [row["id"] for row in by_berg] == [drills["paraphrase"].pk]
    before = anonymous.get(url(original), {"published_before": "2024-03-01"}).json()
    assert before["results"] == []
    nobody = anonymous.get(url(original), {"speaker": "Nobody Known"}).json()
    assert nobody["results"] == []


def test_limit_and_lowest_score(anonymous, drills):
    original = drills["original"]
    assert len(anonymous.get(url(original), {"limit": 1}).json()["results"]) == 1
    everything = anonymous.get(url(original), {"min_score": -1, "limit": 100}).json()["results"]
    assert {row["id"] for row in everything} == {
        q.pk for name, q in drills.items() if name not in ("original", "rejected")
    }


def test_a_statement_not_embedded_yet_is_compared_by_its_text(anonymous, drills):
    fresh = quote("Our drills are purely defensive", drills["original"].speaker)
    results = anonymous.get(url(fresh)).json()["results"]
    assert results[0]["id"] == drills["original"].pk


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"min_score": 2}, {"published_after": "May"}, {"q": "x"}],
)
def test_bad_parameters_are_400s(anonymous, drills, params):
    response = anonymous.get(url(drills["original"]), params)
    assert response.status_code == 400


def test_an_unknown_quote_is_404(anonymous, db):
    assert anonymous.get("/api/v1/quotes/999999/similar/").status_code == 404


def test_search_by_meaning_on_the_quote_list(anonymous, drills):
    found = anonymous.get("/api/v1/quotes/", {"q_meaning": "the army exercises are defensive"})
    ids = {row["id"] for row in found.json()["results"]}
    assert drills["original"].pk in ids and drills["paraphrase"].pk in ids
    assert drills["unrelated"].pk not in ids and drills["rejected"].pk not in ids
    berg = drills["original"].speaker.slug
    only_berg = anonymous.get(
        "/api/v1/quotes/", {"q_meaning": "the army exercises are defensive", "speaker": berg}
    ).json()["results"]
    assert drills["other speaker"].pk not in {row["id"] for row in only_berg}
    assert anonymous.get("/api/v1/quotes/", {"q_meaning": "x" * 1001}).status_code == 400
    assert anonymous.get("/api/v1/quotes/", {"q_meaning": "a\x00b"}).status_code == 400
