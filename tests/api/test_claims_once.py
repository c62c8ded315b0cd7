"""A quote is reviewed in one claim unless attached to another explicitly, and a claim's
text is worded by fact-checkers, recorded and versioned (issue 16, item 4)."""

import pytest

from claims.models import Claim
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def test_a_second_claim_for_a_quote_is_refused_naming_the_first(fact_checker):
    quote = QuoteFactory()
    body = {"statement": "It works.", "speaker": quote.speaker.slug, "quotes": [quote.pk]}
    first = fact_checker.post("/api/v1/claims/", body, format="json")
    assert first.status_code == 201
    claim_id = first.json()["id"]
    again = fact_checker.post("/api/v1/claims/", body, format="json")
    assert again.status_code == 400
    message = again.json()["quotes"][0]
    assert f"Statement {quote.pk} is already in claim {claim_id}" in message
    assert "/api/v1/claims/{id}/quotes/" in message
    assert Claim.objects.count() == 1
    # attached to another claim explicitly: allowed
    other = fact_checker.post(
        "/api/v1/claims/",
        {"statement": "It is ready.", "speaker": quote.speaker.slug},
        format="json",
    ).json()
    attached = fact_checker.post(
        f"/api/v1/claims/{other['id']}/quotes/", {"quotes": [quote.pk]}, format="json"
    )
    assert attached.status_code == 200 and attached.json()["quote_count"] == 1


def test_a_claim_is_worded_with_the_version_rule(fact_checker, editor, anonymous):
    quote = QuoteFactory()
    claim = fact_checker.post(
        "/api/v1/claims/",
        {"statement": quote.text, "speaker": quote.speaker.slug, "quotes": [quote.pk]},
        format="json",
    ).json()
    url = f"/api/v1/claims/{claim['id']}/statement/"
    body = {"statement": "The plan works.", "note": "checkable", "version": 1}
    assert editor.post(url, body, format="json").status_code == 403
    done = fact_checker.post(url, body, format="json")
    assert done.status_code == 200
    assert (done.json()["statement"], done.json()["version"]) == ("The plan works.", 2)
    assert done.json()["quotes"][0]["text"] == quote.text
    stale = fact_checker.post(url, {**body, "statement": "Other."}, format="json")
    assert stale.status_code == 409
    assert stale.json()["changes"][0]["field"] == "statement"
    assert stale.json()["current"]["statement"] == "The plan works."
    assert fact_checker.post(url, {"statement": " "}, format="json").status_code == 400
    history = anonymous.get(f"/api/v1/claims/{claim['id']}/history/").json()
    assert [(e["action"], e["old_statement"], e["new_statement"]) for e in history] == [
        ("created", "", ""),
        ("statement", quote.text, "The plan works."),
    ]
    assert "note" not in history[1]
