"""Who reviewed a claim and the notes of its history are the newsroom's: readers outside it
(anonymous, or signed in with no role) get the published verdicts without actor, note or
creator; editors, fact-checkers and Django staff get them all; REVIEWERS_PUBLIC shows the
reviewers' names to everyone, never the notes."""

import json

import pytest
from django.core.management import call_command

from claims import services
from tests.api.conftest import token_client
from tests.factories import QuoteFactory, UserFactory, member

pytestmark = pytest.mark.django_db

REVIEWER = "jane-reviewer"
NOTE = "Source: the ministry's press officer, off the record"
CREATION_NOTE = "spotted in the morning briefing"


@pytest.fixture
def reviewed_claim():
    """A claim created and given a verdict by REVIEWER, with notes."""
    reviewer = UserFactory(username=REVIEWER)
    quote = QuoteFactory()
    claim = services.claim_create(
        speaker=quote.speaker,
        statement="Crime halved.",
        quotes=[quote],
        by=reviewer,
        note=CREATION_NOTE,
    )
    services.claim_verdict_set(
        claim=claim, verdict="false", summary="It rose by 3%.", by=reviewer, note=NOTE
    )
    return claim


def reads(claim) -> list[str]:
    return [
        "/api/v1/claim-events/",
        f"/api/v1/claim-events/?claim={claim.pk}",
        f"/api/v1/claim-events/{claim.events.last().pk}/",
        f"/api/v1/claims/{claim.pk}/history/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/claimreview/",
    ]


def events_of(body) -> list[dict]:
    """The claim events in a list, a page of them or one of them."""
    if isinstance(body, list):
        return body
    if "results" in body:
        return body["results"] if "action" in body["results"][0] else []
    return [body] if "action" in body else []


def claims_of(body) -> list[dict]:
    if isinstance(body, dict) and "results" in body and "statement" in body["results"][0]:
        return body["results"]
    return [body] if isinstance(body, dict) and "statement" in body else []


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_readers_outside_the_newsroom_get_no_reviewer_and_no_note(who, clients, reviewed_claim):
    client = clients[who]
    for url in reads(reviewed_claim):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert REVIEWER not in text and NOTE not in text and CREATION_NOTE not in text, url
        for event in events_of(response.json()):
            assert "actor" not in event and "note" not in event, url
            # what was published stays: the verdicts, the summary, when
            assert {"action", "old_verdict", "new_verdict", "summary", "created_at"} <= set(event)
        for claim in claims_of(response.json()):
            assert "created_by" not in claim and claim["verdict"] == "false", url


def test_claimreview_names_the_organisation(anonymous, reviewed_claim, settings):
    settings.CLAIMREVIEW_AUTHOR = "The Fact Desk"
    review = json.loads(anonymous.get(f"/api/v1/claims/{reviewed_claim.pk}/claimreview/").content)
    assert review["author"] == {"@type": "Organization", "name": "The Fact Desk"}
    assert review["reviewRating"]["alternateName"] == "False"


@pytest.mark.parametrize("who", ["editor", "fact_checker", "admin", "django_staff"])
def test_the_newsroom_sees_who_reviewed_and_the_notes(who, clients, reviewed_claim):
    client = clients.get(who) or token_client(member(is_staff=True))
    history = client.get(f"/api/v1/claims/{reviewed_claim.pk}/history/").json()
    assert [(e["actor"], e["note"]) for e in history] == [
        (REVIEWER, CREATION_NOTE),
        (REVIEWER, NOTE),
    ]
    events = client.get(f"/api/v1/claim-events/?claim={reviewed_claim.pk}").json()["results"]
    assert {e["actor"] for e in events} == {REVIEWER} and NOTE in {e["note"] for e in events}
    assert client.get(f"/api/v1/claims/{reviewed_claim.pk}/").json()["created_by"] == REVIEWER


def test_reviewers_public_shows_names_to_everyone_but_not_the_notes(
    anonymous, reader, reviewed_claim, settings
):
    settings.REVIEWERS_PUBLIC = True
    for client in (anonymous, reader):
        history = client.get(f"/api/v1/claims/{reviewed_claim.pk}/history/").json()
        assert [e["actor"] for e in history] == [REVIEWER, REVIEWER]
        assert all("note" not in e for e in history)
        events = client.get("/api/v1/claim-events/").json()["results"]
        assert {e["actor"] for e in events} == {REVIEWER}
        assert all("note" not in e for e in events)
        claim = client.get(f"/api/v1/claims/{reviewed_claim.pk}/").json()
        assert claim["created_by"] == REVIEWER


def test_the_schema_documents_the_restricted_fields_as_optional(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    components = json.loads(out.read_text())["components"]["schemas"]
    event, claim = components["ClaimEvent"], components["Claim"]
    assert {"actor", "note"} <= set(event["properties"])
    assert not {"actor", "note"} & set(event["required"]) and "new_verdict" in event["required"]
    assert "editors, fact-checkers and staff" in event["properties"]["note"]["description"]
    assert "REVIEWERS_PUBLIC" in event["properties"]["actor"]["description"]
    assert "created_by" in claim["properties"] and "created_by" not in claim["required"]
