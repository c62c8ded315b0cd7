"""An expired API token is refused with a clear 401, and counted like an invalid token by
the failure limit (issue 19, item 2); a key with a control character is an invalid token,
never a database error (item 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def expired_client() -> APIClient:
    token, key = api_token_create(user=UserFactory(), name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_an_expired_token_is_refused_with_a_401_saying_so():
    response = expired_client().get("/api/v1/quotes/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_before_its_expiry_works():
    token, key = api_token_create(user=UserFactory(), name="new")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/quotes/").status_code == 200


def test_expired_tokens_count_towards_the_failure_limit(locmem_cache, settings):
    settings.AUTH_FAILURE_LIMIT = 2
    client = expired_client()
    codes = [client.get("/api/v1/quotes/", REMOTE_ADDR="192.0.2.40").status_code for _ in range(4)]
    assert codes == [401, 401, 429, 429]


def test_a_token_with_a_nul_is_an_invalid_token_not_a_database_error():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token ab\x00cdefghijk")
    response = client.get("/api/v1/quotes/")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token."}
