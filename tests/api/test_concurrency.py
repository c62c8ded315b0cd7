"""Two editors, one quote (or claim): a change made from an older version is refused with
409 and what changed, the other editor's change stays; the version is in every read, and a
write without one is last-write-wins (issue 18, item 10)."""

import pytest

from claims.models import Claim, ClaimEvent, Quote, QuoteEvent
from tests.api.conftest import token_client
from tests.factories import QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors():
    return token_client(member("editors", username="alice")), token_client(
        member("editors", username="bob")
    )


@pytest.fixture
def two_fact_checkers():
    return token_client(member("fact-checkers", username="carol")), token_client(
        member("fact-checkers", username="dan")
    )


def test_a_stale_correction_is_refused_with_409_and_the_first_one_stays(two_editors):
    alice, bob = two_editors
    quote = QuoteFactory(kind="indirect")
    right = SpeakerFactory(name="Ana Ruiz")
    url = f"/api/v1/quotes/{quote.pk}/"
    seen_by_alice, seen_by_bob = alice.get(url).json(), bob.get(url).json()
    assert seen_by_alice["version"] == seen_by_bob["version"] == 1

    first = alice.patch(
        url, {"speaker": right.slug, "version": seen_by_alice["version"]}, format="json"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = bob.patch(
        url,
        {"kind": "direct", "note": "a quotation", "version": seen_by_bob["version"]},
        format="json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == 2 and body["your_version"] == 1
    assert "Ana Ruiz" in body["detail"] and "alice" in body["detail"]
    (change,) = body["changes"]
    assert (change["field"], change["new"], change["by"], change["version"]) == (
        "speaker",
        "Ana Ruiz",
        "alice",
        2,
    )
    assert body["current"]["speaker"]["slug"] == right.slug and body["current"]["version"] == 2

    quote.refresh_from_db()
    assert quote.speaker == right and quote.kind == "indirect" and quote.version == 2
    assert [list(e.new) for e in QuoteEvent.objects.all()] == [["speaker"]]

    fresh = bob.patch(url, {"kind": "direct", "version": body["version"]}, format="json")
    assert fresh.status_code == 200 and fresh.json()["version"] == 3
    quote.refresh_from_db()
    assert (quote.speaker, quote.kind) == (right, "direct")


def test_stale_verify_and_reject_are_refused_too(two_editors):
    alice, bob = two_editors
    quote = QuoteFactory()
    alice.patch(f"/api/v1/quotes/{quote.pk}/", {"kind": "direct", "version": 1}, format="json")
    refused = bob.post(f"/api/v1/quotes/{quote.pk}/reject/", {"version": 1}, format="json")
    assert refused.status_code == 409 and refused.json()["changes"][0]["field"] == "kind"
    assert not Quote.objects.get(pk=quote.pk).rejected
    done = bob.post(f"/api/v1/quotes/{quote.pk}/reject/", {"version": 2}, format="json")
    assert done.status_code == 200 and done.json()["rejected"] and done.json()["version"] == 3


def test_a_write_without_a_version_is_last_write_wins(two_editors):
    alice, bob = two_editors
    quote = QuoteFactory(kind="indirect")
    right = SpeakerFactory()
    alice.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": right.slug}, format="json")
    later = bob.patch(f"/api/v1/quotes/{quote.pk}/", {"kind": "partial"}, format="json")
    assert later.status_code == 200 and later.json()["version"] == 3
    quote.refresh_from_db()
    assert (quote.speaker, quote.kind) == (right, "partial")  # only the fields sent change


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_a_stale_verdict_is_refused_with_409_and_the_first_one_stays(two_fact_checkers):
    carol, dan = two_fact_checkers
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    url = f"/api/v1/claims/{claim.pk}/"
    seen = dan.get(url).json()
    assert carol.get(url).json()["version"] == seen["version"] == 1

    first = carol.post(
        f"{url}verdict/",
        {"verdict": "false", "summary": "No.", "version": 1},
        format="json",
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = dan.post(
        f"{url}verdict/",
        {"verdict": "accurate", "note": "looks right", "version": seen["version"]},
        format="json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["changes"][0]["field"] == "verdict" and body["changes"][0]["by"] == "carol"
    assert "Unreviewed → False" in body["detail"]
    assert body["current"]["verdict"] == "false" and body["current"]["version"] == 2
    claim.refresh_from_db()
    assert (claim.verdict, claim.summary, claim.version) == ("false", "No.", 2)
    assert ClaimEvent.objects.filter(claim=claim).count() == 1

    fresh = dan.post(
        f"{url}verdict/", {"verdict": "mixed", "version": body["version"]}, format="json"
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 3
    history = dan.get(f"{url}history/").json()
    assert [e["version"] for e in history] == [2, 3]


def test_attaching_statements_moves_the_claims_version_on(two_fact_checkers):
    carol, dan = two_fact_checkers
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    quote = QuoteFactory(speaker=claim.speaker)
    carol.post(f"/api/v1/claims/{claim.pk}/quotes/", {"quotes": [quote.pk]}, format="json")
    stale = dan.post(
        f"/api/v1/claims/{claim.pk}/verdict/", {"verdict": "false", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["changes"][0]["new"] == f"statements {quote.pk}"


def test_lists_and_nested_quotes_carry_the_version(reader):
    quote = QuoteFactory()
    claim = Claim.objects.create(speaker=quote.speaker, statement="A claim")
    claim.quotes.add(quote)
    assert reader.get("/api/v1/quotes/").json()["results"][0]["version"] == 1
    assert reader.get(f"/api/v1/articles/{quote.article_id}/").json()["quotes"][0]["version"] == 1
    assert reader.get("/api/v1/claims/").json()["results"][0]["version"] == 1
    assert reader.get(f"/api/v1/claims/{claim.pk}/").json()["quotes"][0]["version"] == 1
