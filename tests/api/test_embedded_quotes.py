"""Records that hold quotes (an article, a claim) embed the first EMBEDDED_QUOTES of them,
with their number and the address of the paginated list of all of them: a record's size
and its queries do not grow with its quotes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Quote
from tests.factories import QuoteFactory, SpeakerFactory, long_article

pytestmark = pytest.mark.django_db

EMBEDDED_QUOTES = 50  # claims.selectors.EMBEDDED_QUOTES


def queries(client, url: str) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), len(captured)


def every_page(client, url: str) -> list[dict]:
    results = []
    while url:
        page = client.get(url).json()
        results += page["results"]
        url = page["next"]
    return results


def test_an_articles_detail_embeds_its_first_quotes_and_links_to_all(anonymous):
    small = long_article(3)
    large = long_article(300)
    detail, few = queries(anonymous, f"/api/v1/articles/{small.pk}/")
    assert len(detail["quotes"]) == detail["quote_count"] == 3
    detail, many = queries(anonymous, f"/api/v1/articles/{large.pk}/")
    assert many == few
    assert detail["quote_count"] == 300
    in_text_order = Quote.objects.filter(article=large).order_by("content_start", "id")
    assert [q["id"] for q in detail["quotes"]] == [q.pk for q in in_text_order[:EMBEDDED_QUOTES]]
    url = f"http://testserver/api/v1/articles/{large.pk}/quotes/"
    assert detail["quotes_url"] == url
    listed = every_page(anonymous, f"{url}?page_size=200")
    assert sorted(q["id"] for q in listed) == sorted(q.pk for q in in_text_order)


def test_a_claims_record_embeds_its_first_quotes_and_links_to_all(anonymous, fact_checker):
    speaker = SpeakerFactory()
    quotes = QuoteFactory.create_batch(120, speaker=speaker)
    claim = Claim.objects.create(speaker=speaker, statement="Crime halved.", verdict="false")
    claim.quotes.add(*quotes)
    other = Claim.objects.create(speaker=speaker, statement="Other.")
    other.quotes.add(quotes[0])
    detail, many = queries(anonymous, f"/api/v1/claims/{claim.pk}/")
    assert detail["quote_count"] == 120
    assert [q["id"] for q in detail["quotes"]] == [q.pk for q in quotes[:EMBEDDED_QUOTES]]
    assert detail["quotes_url"] == f"http://testserver/api/v1/quotes/?claim={claim.pk}"
    listed = every_page(anonymous, detail["quotes_url"] + "&page_size=200")
    assert sorted(q["id"] for q in listed) == [q.pk for q in quotes]
    _, one = queries(anonymous, f"/api/v1/claims/{other.pk}/")
    assert one == many
    listing = anonymous.get("/api/v1/claims/").json()["results"]
    assert {c["id"]: len(c["quotes"]) for c in listing} == {claim.pk: EMBEDDED_QUOTES, other.pk: 1}
    # the writes answer with the same record
    attached = fact_checker.post(
        f"/api/v1/claims/{claim.pk}/quotes/", {"quotes": [QuoteFactory(speaker=speaker).pk]}
    ).json()
    assert len(attached["quotes"]) == EMBEDDED_QUOTES and attached["quote_count"] == 121
    # the ClaimReview still names every article the claim appeared in
    review = anonymous.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert len(review["itemReviewed"]["appearance"]) == 121
