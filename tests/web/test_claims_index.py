"""The claims pages tell readers what they are (issue 16, point 13): every claim with a
verdict filter that has "any", "Claims" for readers and "Review queue" for fact-checkers,
and the ClaimReview JSON-LD readable in a browser and linked from the claim's page."""

import json

import pytest

from api.permissions import FACT_CHECKERS
from claims.models import Claim
from tests.factories import SpeakerFactory, signed_in


@pytest.fixture
def claims(db):
    speaker = SpeakerFactory()
    return {
        verdict: Claim.objects.create(
            speaker=speaker, statement=f"{verdict} claim", verdict=verdict
        )
        for verdict in ("unreviewed", "disputed", "false", "accurate")
    }


def titles(page: str) -> set[str]:
    return {v for v in ("unreviewed", "disputed", "false", "accurate") if f">{v} claim<" in page}


def test_readers_see_every_claim_and_fact_checkers_their_queue(client, claims):
    page = client.get("/claims/").content.decode()
    assert "<h1>Claims</h1>" in page and "Review queue" not in page
    assert titles(page) == {"unreviewed", "disputed", "false", "accurate"} and "4 claims" in page
    assert titles(client.get("/claims/?verdict=false").content.decode()) == {"false"}

    signed_in(client, FACT_CHECKERS)
    queue = client.get("/claims/").content.decode()
    assert "<h1>Review queue</h1>" in queue and titles(queue) == {"unreviewed", "disputed"}
    every = client.get("/claims/?verdict=any").content.decode()
    assert "<h1>Claims</h1>" in every and len(titles(every)) == 4
    assert '<option value="any" selected>Any verdict</option>' in every


def test_claimreview_is_json_ld_for_clients_and_a_page_in_a_browser(client, claims):
    claim = claims["false"]
    url = f"/api/v1/claims/{claim.pk}/claimreview/"
    default = client.get(url)
    assert default["Content-Type"].startswith("application/ld+json")
    assert json.loads(default.content)["@type"] == "ClaimReview"
    asked = client.get(url, HTTP_ACCEPT="application/json")
    assert asked["Content-Type"].startswith("application/json") and asked.content == default.content
    browser = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")
    assert "ClaimReview" in browser.content.decode()

    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'href="{url}" type="application/ld+json">ClaimReview (JSON-LD)</a>' in page
    assert (
        "ClaimReview (JSON-LD)"
        not in client.get(f"/claims/{claims['unreviewed'].pk}/").content.decode()
    )


def test_a_claimreview_that_is_not_there_is_a_json_error(client, claims):
    missing = client.get(f"/api/v1/claims/{claims['unreviewed'].pk}/claimreview/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "The claim has no verdict yet."}


def test_claims_show_statements_and_date_and_sort(client, claims):
    from tests.factories import QuoteFactory

    claims["accurate"].quotes.add(*QuoteFactory.create_batch(2))
    page = client.get("/claims/?verdict=any&sort=statements").content.decode()
    assert 'class="wide">Statements</th>' in page and 'class="wide">Changed</th>' in page
    first = page.split("<tbody>")[1].split("</tr>")[0]
    assert ">accurate claim<" in first and '<td class="wide">2</td>' in first
    oldest = client.get("/claims/?verdict=any&sort=oldest").content.decode()
    assert ">unreviewed claim<" in oldest.split("<tbody>")[1].split("</tr>")[0]


def test_a_refused_claim_text_keeps_what_was_typed(client, claims):
    claim = claims["false"]
    signed_in(client, FACT_CHECKERS)
    data = {"claim-statement": "", "claim-note": "shorter", "claim-version": claim.version}
    response = client.post(f"/claims/{claim.pk}/statement/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the claim&#x27;s text." in page and 'value="shorter"' in page
    assert '<details class="edit" id="claim-text" open>' in page
