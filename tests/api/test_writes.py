"""What the write endpoints do: ingest with idempotency, editors' corrections, merges,
fact-checkers' claims and verdicts, each recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from claims.models import Claim, ClaimEvent, Quote, QuoteEvent, Speaker, SpeakerEvent
from tests.conftest import REPO
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_ingest_answers_202_with_where_to_poll(
    editor, seed_text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            "/api/v1/articles/", {"text": seed_text, "title": "Drills"}, format="json"
        )
    assert response.status_code == 202
    assert response["Location"] == response.json()["url"]
    polled = editor.get(response["Location"]).json()
    assert polled["status"] == "done" and polled["quotes"]
    again = editor.post("/api/v1/articles/", {"text": seed_text}, format="json")
    assert again.status_code == 200 and again.json()["id"] == polled["id"]


def test_a_retried_post_with_the_same_idempotency_key_creates_nothing(editor):
    body = {"text": "The mayor said the bridge would reopen on Monday."}
    first = editor.post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = editor.post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Article.objects.count() == 1
    other = editor.post(
        "/api/v1/articles/", {"text": "Another text."}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422 and Article.objects.count() == 1


def test_an_idempotent_upload_is_keyed_on_the_files_content(editor):
    """The same key with another file of the same name and size is refused, not replayed
    (issue 19, item 4); the same file again is replayed."""

    def upload(text: str):
        file = SimpleUploadedFile("statement.txt", text.encode(), content_type="text/plain")
        return editor.post(
            "/api/v1/articles/", {"file": file}, format="multipart", HTTP_IDEMPOTENCY_KEY="up-1"
        )

    first_text = "The mayor said the bridge would reopen on Monday."
    second_text = "The mayor said the tunnel would reopen on Monday."
    assert len(first_text) == len(second_text)
    first = upload(first_text)
    assert first.status_code == 202
    other = upload(second_text)
    assert other.status_code == 422, other.content
    assert "another request" in other.json()["detail"]
    again = upload(first_text)
    assert again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Article.objects.count() == 1


def test_ingest_by_file_and_bad_ingests(editor, django_capture_on_commit_callbacks):
    page = (REPO / "tests" / "fixtures" / "page.html").open("rb")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post("/api/v1/articles/", {"file": page}, format="multipart")
    assert response.status_code == 202 and response.json()["status"] == "cleaning"
    cleaned = editor.get(response["Location"]).json()
    assert cleaned["status"] == "done" and cleaned["title"].startswith("Putin says")
    assert editor.post("/api/v1/articles/", {}, format="json").status_code == 400
    both = editor.post("/api/v1/articles/", {"text": "a", "html": "<p>b</p>"}, format="json")
    assert both.status_code == 400
    empty = editor.post("/api/v1/articles/", {"text": "  \n "}, format="json")
    assert empty.status_code == 400 and "no text" in str(empty.json())
    refused = editor.post("/api/v1/articles/", {"url": "ftp://example.com/a"}, format="json")
    assert refused.status_code == 400


def test_an_html_ingest_answers_202_before_cleaning_and_a_retry_with_its_key_creates_nothing(
    editor, django_capture_on_commit_callbacks, monkeypatch
):
    from articles.services import ingest

    cleaned = []
    monkeypatch.setattr(ingest, "html_extract", lambda html: cleaned.append(html))
    page = (REPO / "tests" / "fixtures" / "page.html").read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks() as queued:
        first = editor.post(
            "/api/v1/articles/", {"html": page}, format="json", HTTP_IDEMPOTENCY_KEY="page-1"
        )
    again = editor.post(
        "/api/v1/articles/", {"html": page}, format="json", HTTP_IDEMPOTENCY_KEY="page-1"
    )
    assert first.status_code == again.status_code == 202
    assert first.json()["status"] == "cleaning" and first["Location"] == first.json()["url"]
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert cleaned == [] and len(queued) == 1 and Article.objects.count() == 1
    blank = editor.post("/api/v1/articles/", {"html": " \n "}, format="json")
    assert blank.status_code == 400 and "The page is empty." in str(blank.json())


def test_an_editor_corrects_a_quote_and_it_is_recorded(editor):
    quote = QuoteFactory()
    other = SpeakerFactory()
    response = editor.patch(
        f"/api/v1/quotes/{quote.pk}/",
        {
            "speaker": other.slug,
            "kind": "direct",
            "content_start": 4,
            "content_end": 10,
            "note": "checked the tape",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["speaker"]["slug"] == other.slug and data["kind"] == "direct"
    quote.refresh_from_db()
    assert quote.text == quote.article.body[4:10] and quote.origin == Quote.Origin.EDITOR
    event = QuoteEvent.objects.get(quote=quote)
    assert event.action == "edited"
    assert set(event.new) == set(event.old) == {"speaker", "kind", "content_start", "content_end"}
    bad = editor.patch(
        f"/api/v1/quotes/{quote.pk}/", {"content_start": 5, "content_end": 10**6}, format="json"
    )
    assert bad.status_code == 400


def test_verify_reject_and_add_a_missed_statement(editor):
    quote = QuoteFactory()
    assert editor.post(f"/api/v1/quotes/{quote.pk}/verify/", {}, format="json").json()["verified"]
    rejected = editor.post(f"/api/v1/quotes/{quote.pk}/reject/", {"note": "not a quote"})
    assert rejected.json()["rejected"] and not rejected.json()["verified"]
    assert quote.pk not in [q["id"] for q in editor.get("/api/v1/quotes/").json()["results"]]
    listed = editor.get("/api/v1/quotes/?rejected=true").json()["results"]
    assert [q["id"] for q in listed] == [quote.pk]

    article = ArticleFactory()
    created = editor.post(
        "/api/v1/quotes/",
        {
            "article": article.pk,
            "content_start": 0,
            "content_end": 12,
            "kind": "indirect",
            "speaker": None,
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["text"] == article.body[:12]
    duplicate = editor.post(
        "/api/v1/quotes/",
        {
            "article": article.pk,
            "content_start": 0,
            "content_end": 12,
            "kind": "indirect",
            "speaker": None,
        },
        format="json",
    )
    assert duplicate.status_code == 400


def test_merging_speakers_moves_aliases_quotes_and_is_recorded(editor):
    putin, duplicate = SpeakerFactory(name="Vladimir Putin"), SpeakerFactory(name="V. Putin")
    editor.post(f"/api/v1/speakers/{duplicate.slug}/aliases/", {"name": "President Putin"})
    quotes = QuoteFactory.create_batch(3, speaker=duplicate)
    response = editor.post(
        f"/api/v1/speakers/{putin.slug}/merge/", {"source": duplicate.slug, "note": "same man"}
    )
    assert response.status_code == 200
    assert "President Putin" in response.json()["aliases"]
    assert response.json()["quote_count"] == 3
    assert all(Quote.objects.get(pk=q.pk).speaker == putin for q in quotes)
    event = SpeakerEvent.objects.get(speaker=putin, action="merged")
    assert event.new["merged"]["slug"] == duplicate.slug
    assert event.new["quotes"] == sorted(q.pk for q in quotes)
    moved = editor.get(f"/api/v1/speakers/{duplicate.slug}/")
    assert moved.status_code == 301 and moved["Location"].endswith(f"/{putin.slug}/")
    by_old_name = editor.get("/api/v1/quotes/?speaker=President Putin").json()["results"]
    assert len(by_old_name) == 3
    itself = editor.post(f"/api/v1/speakers/{putin.slug}/merge/", {"source": putin.slug})
    assert itself.status_code == 400


def test_an_alias_of_someone_else_is_refused(editor):
    a, b = SpeakerFactory(), SpeakerFactory()
    editor.post(f"/api/v1/speakers/{a.slug}/aliases/", {"name": "The Boss"})
    response = editor.post(f"/api/v1/speakers/{b.slug}/aliases/", {"name": "the boss"})
    assert response.status_code == 400
    assert response.json() == {
        "name": [
            f"“the boss” is already a name of {a.name} ({a.slug}), so it was not added:"
            " a name belongs to one speaker only."
        ]
    }


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_a_claim_from_creation_to_verdict_keeps_its_history(fact_checker):
    quotes = QuoteFactory.create_batch(2)
    speaker = quotes[0].speaker
    created = fact_checker.post(
        "/api/v1/claims/",
        {"statement": "Crime halved.", "speaker": speaker.slug, "quotes": [quotes[0].pk]},
        format="json",
    )
    assert created.status_code == 201
    url = created["Location"]
    fact_checker.post(f"{url}quotes/", {"quotes": [quotes[1].pk]}, format="json")
    verdict = fact_checker.post(
        f"{url}verdict/",
        {
            "verdict": "disputed",
            "summary": "Figures differ.",
            "note": "first pass",
            "evidence_links": ["https://example.org/stats"],
        },
        format="json",
    )
    assert verdict.json()["verdict"] == "disputed" and len(verdict.json()["quotes"]) == 2
    history = fact_checker.get(f"{url}history/").json()
    assert [e["action"] for e in history] == ["created", "quotes_added", "verdict"]
    assert history[-1]["new_verdict"] == "disputed" and history[-1]["note"] == "first pass"
    assert ClaimEvent.objects.count() == 3
    events = fact_checker.get(f"/api/v1/claim-events/?claim={created.json()['id']}").json()
    assert len(events["results"]) == 3
    bad = fact_checker.post(f"{url}verdict/", {"verdict": "maybe"}, format="json")
    assert bad.status_code == 400
    rejected = QuoteFactory(rejected=True)
    refused = fact_checker.post(f"{url}quotes/", {"quotes": [rejected.pk]}, format="json")
    assert refused.status_code == 400


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_a_rejected_statement_leaves_its_claim_and_its_claimreview(fact_checker, editor):
    kept, wrong = QuoteFactory(), QuoteFactory()
    for quote, url in ((kept, "https://news.example/kept"), (wrong, "https://news.example/no")):
        quote.article.url = url
        quote.article.save()
    claim = fact_checker.post(
        "/api/v1/claims/",
        {"statement": "Crime halved.", "speaker": kept.speaker.slug, "quotes": [kept.pk, wrong.pk]},
        format="json",
    ).json()
    url = f"/api/v1/claims/{claim['id']}/"
    fact_checker.post(f"{url}verdict/", {"verdict": "false"})
    editor.post(f"/api/v1/quotes/{wrong.pk}/reject/", {"note": "not a quote"})
    appearances = fact_checker.get(f"{url}claimreview/").json()["itemReviewed"]["appearance"]
    assert [a["url"] for a in appearances] == ["https://news.example/kept"]
    detached = fact_checker.post(f"{url}quotes/remove/", {"quotes": [wrong.pk]}, format="json")
    assert detached.status_code == 200, detached.json()
    assert Claim.objects.get(pk=claim["id"]).quotes.get() == kept
    assert ClaimEvent.objects.filter(claim_id=claim["id"], action="quotes_removed").exists()


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_claimreview_json_ld(fact_checker, anonymous):
    quote = QuoteFactory()
    quote.article.url = "https://news.example/story"
    quote.article.outlet = "Example News"
    quote.article.save()
    speaker = quote.speaker
    Speaker.objects.filter(pk=speaker.pk).update(wikidata_qid="Q7747")
    claim = fact_checker.post(
        "/api/v1/claims/",
        {"statement": "Crime halved.", "speaker": speaker.slug, "quotes": [quote.pk]},
        format="json",
    ).json()
    url = f"/api/v1/claims/{claim['id']}/claimreview/"
    assert anonymous.get(url).status_code == 404  # not reviewed yet
    fact_checker.post(f"/api/v1/claims/{claim['id']}/verdict/", {"verdict": "false"})
    response = anonymous.get(url)
    assert response["Content-Type"].startswith("application/ld+json")
    review = response.json()
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == "Crime halved."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"]["name"] == speaker.name
    assert item["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
    assert item["appearance"][0]["url"] == "https://news.example/story"
    assert review["author"]["name"] == "OnRecord" and review["datePublished"]
    assert review["url"].endswith(f"/claims/{claim['id']}/")
    page = anonymous.get(f"/claims/{claim['id']}/").content.decode()
    assert '<script type="application/ld+json">' in page and '"ClaimReview"' in page
    assert Claim.objects.get().verdict == "false"
