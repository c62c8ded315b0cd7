"""The review workflow over the API: a draft verdict approved by a second fact-checker,
assignment and status, and what readers outside the newsroom see."""

import pytest
from rest_framework.test import APIClient

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim
from claims.services import claim_create
from tests.api.conftest import token_client
from tests.factories import QuoteFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    quote = QuoteFactory()
    return claim_create(
        speaker=quote.speaker, statement="Exports doubled.", quotes=[quote], by=member()
    )


def test_a_draft_is_published_by_a_second_fact_checker(claim):
    ana = token_client(member(FACT_CHECKERS, username="ana"))
    ben = token_client(member(FACT_CHECKERS, username="ben"))
    url = f"/api/v1/claims/{claim.pk}/"
    body = ana.post(url + "verdict/", {"verdict": "false", "summary": "They fell."}, format="json")
    assert body.status_code == 200, body.json()
    record = body.json()
    assert record["verdict"] == "unreviewed" and record["status"] == "second_review"
    assert record["draft"]["verdict"] == "false" and record["draft"]["drafted_by"] == "ana"
    assert ana.get(url + "claimreview/").status_code == 404
    refused = ana.post(url + "approve/", {}, format="json")
    assert refused.status_code == 400 and "you wrote this one" in str(refused.json())
    stale = ben.post(url + "approve/", {"version": 1}, format="json")
    assert stale.status_code == 409
    record = ben.post(url + "approve/", {"note": "Checked"}, format="json").json()
    assert (record["verdict"], record["summary"], record["status"], record["draft"]) == (
        "false",
        "They fell.",
        "published",
        None,
    )
    assert ben.get(url + "claimreview/").status_code == 200


def test_a_draft_sent_back_and_the_desk_fields(claim):
    ana = token_client(member(FACT_CHECKERS, username="ana"))
    ben = member(FACT_CHECKERS, username="ben")
    url = f"/api/v1/claims/{claim.pk}/"
    ana.post(url + "verdict/", {"verdict": "mixed"}, format="json")
    record = ana.post(url + "send-back/", {"note": "Needs a source"}, format="json").json()
    assert record["status"] == "in_progress" and record["draft"]["verdict"] == "mixed"
    record = ana.post(url + "assign/", {"assignee": ben.username}, format="json").json()
    assert record["assignee"] == "ben"
    assert ana.post(url + "assign/", {"assignee": "nobody-here"}, format="json").status_code == 400
    editor = member(EDITORS)
    refused = ana.post(url + "assign/", {"assignee": editor.username}, format="json")
    assert refused.status_code == 400 and "not a fact-checker" in str(refused.json())
    record = ana.post(url + "status/", {"status": "new"}, format="json").json()
    assert record["status"] == "new"
    assert ana.post(url + "status/", {"status": "published"}, format="json").status_code == 400
    actions = [e["action"] for e in ana.get(url + "history/").json()]
    assert actions == ["created", "drafted", "returned", "assigned", "status"]
    # editors read but do not review
    assert (
        token_client(editor).post(url + "assign/", {"assignee": None}, format="json").status_code
        == 403
    )


def test_readers_outside_the_newsroom_see_the_published_record_only(claim):
    ana = token_client(member(FACT_CHECKERS))
    url = f"/api/v1/claims/{claim.pk}/"
    ana.post(url + "verdict/", {"verdict": "false", "summary": "Draft words"}, format="json")
    public = APIClient().get(url).json()
    assert public["verdict"] == "unreviewed"
    assert "draft" not in public and "status" not in public and "assignee" not in public
    assert [e["action"] for e in APIClient().get(url + "history/").json()] == ["created"]
    listed = APIClient().get("/api/v1/claim-events/").json()["results"]
    assert {e["action"] for e in listed} == {"created"}
    assert Claim.objects.get(pk=claim.pk).draft_verdict == "false"
