"""Malformed input gets a 4xx with a JSON message, never a 500; the API's own 404 and 500
pages are JSON too."""

import base64
import json
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def a_cursor(position: str) -> str:
    """A well-formed cursor (base64 of its query string) holding ``position``."""
    return quote(base64.b64encode(f"p={position}".encode()).decode())


@pytest.mark.parametrize("resource", ["quotes", "articles", "claims", "claim-events"])
@pytest.mark.parametrize("position", ["abc", "1.5", "²", "99999999999999999999999"])
def test_a_cursor_with_a_position_that_is_not_an_id_is_a_404(anonymous, resource, position):
    QuoteFactory()
    response = anonymous.get(f"/api/v1/{resource}/?cursor={a_cursor(position)}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor"


@pytest.mark.parametrize("value", ["²", "١٢", "𝟙"])
def test_a_speaker_filter_of_unicode_digits_is_a_name_not_an_id(anonymous, value):
    response = anonymous.get("/api/v1/quotes/", {"speaker": value})
    assert response.status_code in (200, 400), response.content
    assert response.json()


def test_deeply_nested_json_is_a_400(editor):
    body = "[" * 100_000 + "]" * 100_000
    response = editor.generic("POST", "/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_body_over_the_limit_is_a_413_in_json(editor):
    body = json.dumps({"text": "x" * 20_000_000})
    response = editor.generic("POST", "/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "12,000,000 bytes" in response.json()["detail"]


def test_the_apis_404_is_json_and_the_sites_is_html(client):
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404 and api.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_apis_500_is_json(monkeypatch):
    import articles.api

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(articles.api, "article_list", broken)
    ArticleFactory()
    response = APIClient(raise_request_exception=False).get("/api/v1/articles/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}
