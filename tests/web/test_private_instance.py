"""One setting makes a private instance private (issue 18, item 16): with
API_ANONYMOUS_READS off, every page, search, the API with its exports and ClaimReview JSON-LD,
the schema and the docs need a signed-in user (or an API token); the login page, /healthz and
the static files stay open."""

from urllib.parse import quote as url_quote

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, Verdict
from tests.api.conftest import token_client
from tests.factories import QuoteFactory, member

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def reviewed():
    """A statement in a claim with a verdict, so that its ClaimReview exists."""
    quote = QuoteFactory(text="The plan would work")
    claim = Claim.objects.create(
        speaker=quote.speaker, statement="The plan works.", verdict=Verdict.FALSE
    )
    claim.quotes.add(quote)
    return quote, claim


def pages(quote, claim) -> list[str]:
    return [
        "/",
        "/articles/",
        f"/articles/{quote.article_id}/",
        "/speakers/",
        f"/speakers/{quote.speaker.slug}/",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/search/?q=plan",
        "/review/speakers/",
        "/api/docs/",
    ]


def api_reads(quote, claim) -> list[str]:
    return [
        "/api/v1/",
        "/api/v1/quotes/",
        f"/api/v1/speakers/{quote.speaker.slug}/",
        "/api/v1/quotes/export.csv",
        "/api/v1/quotes/export.jsonl",
        f"/api/v1/claims/{claim.pk}/claimreview/",
        "/api/schema/",
    ]


def test_a_private_instance_sends_visitors_to_the_login_page(client, settings, reviewed):
    settings.API_ANONYMOUS_READS = False
    for url in pages(*reviewed):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{LOGIN}?next={url_quote(url, safe='/')}", url
        assert b"ClaimReview" not in response.content and b"plan" not in response.content


def test_a_private_instance_answers_the_api_schema_exports_and_claimreview_with_401(
    settings, reviewed
):
    settings.API_ANONYMOUS_READS = False
    anonymous = APIClient()
    for url in api_reads(*reviewed):
        response = anonymous.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Authentication credentials were not provided."}
        assert response["WWW-Authenticate"] == "Token"
    schema = anonymous.get("/api/schema/")  # YAML by default: the error too
    assert schema.status_code == 401 and b"openapi" not in schema.content


def test_on_a_private_instance_a_signed_in_user_or_a_token_reads_everything(
    client, settings, reviewed
):
    settings.API_ANONYMOUS_READS = False
    quote, claim = reviewed
    client.force_login(member())
    for url in pages(quote, claim) + api_reads(quote, claim):
        assert client.get(url).status_code == 200, url
    assert b'"@type": "ClaimReview"' in client.get(f"/claims/{claim.pk}/").content
    reader = token_client(member())
    export = reader.get("/api/v1/quotes/export.csv")
    assert export.status_code == 200
    assert b"The plan would work" in b"".join(export.streaming_content)
    review = reader.get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert review.status_code == 200 and review.json()["@type"] == "ClaimReview"
    assert reader.get("/api/schema/").status_code == 200


def test_by_default_the_same_pages_and_reads_are_open(client, reviewed):
    quote, claim = reviewed
    anonymous = APIClient()
    for url in pages(quote, claim):
        assert client.get(url).status_code == 200, url
    for url in api_reads(quote, claim):
        assert anonymous.get(url).status_code == 200, url


def test_a_private_instance_keeps_the_login_page_health_and_static_files_open(settings):
    settings.API_ANONYMOUS_READS = False
    # static files as production serves them: WhiteNoise, before any view
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    settings.WHITENOISE_USE_FINDERS = True
    settings.STATIC_ROOT = None
    client = Client()
    login = client.get(LOGIN)
    assert login.status_code == 200 and b'name="password"' in login.content
    assert client.get("/healthz").json()["status"] == "ok"
    css = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    assert css.status_code == 200
    assert client.get("/api/docs/").status_code == 302


def test_a_private_instance_signs_in_and_returns_to_the_page_asked_for(settings, reviewed):
    settings.API_ANONYMOUS_READS = False
    quote, claim = reviewed
    user = member()
    client = Client()
    url = f"/claims/{claim.pk}/"
    asked = client.get(url)
    signed_in = client.post(
        asked["Location"], {"username": user.username, "password": "pass-word-123"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == url
    assert client.get(url).status_code == 200
