"""The claim page shows readers the published verdict and the organisation that reviewed it;
who reviewed and the notes of the history are for the newsroom (editors, fact-checkers,
Django staff); REVIEWERS_PUBLIC shows the names to everyone, never the notes."""

import json
import re

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims import services
from tests.factories import QuoteFactory, UserFactory, signed_in

pytestmark = pytest.mark.django_db

REVIEWER = "jane-reviewer"
NOTE = "Source: the ministry's press officer, off the record"


@pytest.fixture
def claim_url(settings):
    settings.CLAIMREVIEW_AUTHOR = "The Fact Desk"
    reviewer = UserFactory(username=REVIEWER)
    quote = QuoteFactory()
    claim = services.claim_create(
        speaker=quote.speaker, statement="Crime halved.", quotes=[quote], by=reviewer
    )
    services.claim_verdict_set(claim=claim, verdict="false", by=reviewer, note=NOTE)
    return f"/claims/{claim.pk}/"


def history(html: str) -> str:
    return html.split("<h2>History</h2>", 1)[1]


def embedded_review(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("role", ["anonymous", "no role"])
def test_readers_see_the_verdict_and_the_organisation_not_who_or_why(client, claim_url, role):
    if role == "no role":
        signed_in(client)
    html = client.get(claim_url).content.decode()
    assert REVIEWER not in html and "press officer" not in html
    assert "Verdict set: Unreviewed → False" in history(html)
    assert "reviewed by The Fact Desk" in html
    assert embedded_review(html)["author"] == {"@type": "Organization", "name": "The Fact Desk"}


@pytest.mark.parametrize("role", [EDITORS, FACT_CHECKERS, "django staff"])
def test_the_newsroom_sees_who_reviewed_and_why(client, claim_url, role):
    if role == "django staff":
        client.force_login(UserFactory(is_staff=True))
    else:
        signed_in(client, role)
    shown = history(client.get(claim_url).content.decode())
    assert f"{REVIEWER} · Verdict set" in shown and "press officer" in shown


def test_reviewers_public_names_them_on_the_page_but_keeps_the_notes(client, claim_url, settings):
    settings.REVIEWERS_PUBLIC = True
    shown = history(client.get(claim_url).content.decode())
    assert f"{REVIEWER} · Verdict set" in shown and "press officer" not in shown
