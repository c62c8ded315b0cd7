"""Malformed input gets a 4xx with a JSON message, never a 500; the API's own 404 and 500
pages are JSON too."""

import base64
import json
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def a_cursor(position: str) -> str:
    """A well-formed cursor (base64 of its query string) holding ``position``."""
    return quote(base64.b64encode(f"p={position}".encode()).decode())


INVALID_CURSOR = {"cursor": ["Invalid cursor: use the next or previous link of a page as it is."]}


@pytest.mark.parametrize("resource", ["quotes", "articles", "claims", "claim-events"])
@pytest.mark.parametrize("position", ["abc", "1.5", "²", "99999999999999999999999"])
def test_a_cursor_with_a_position_that_is_not_an_id_is_a_400(anonymous, resource, position):
    QuoteFactory()
    response = anonymous.get(f"/api/v1/{resource}/?cursor={a_cursor(position)}")
    assert response.status_code == 400
    assert response.json() == INVALID_CURSOR


NUL_POSITION = quote(base64.b64encode(b"p=a\x00b").decode())


@pytest.mark.parametrize("resource", ["quotes", "articles", "speakers", "speakers/{slug}/quotes"])
@pytest.mark.parametrize("cursor", ["garbage", "%%%", NUL_POSITION])
def test_a_garbage_cursor_is_a_400_naming_the_cursor(anonymous, resource, cursor):
    """Issue 19, item 7: a cursor that cannot be read is a bad parameter, not a missing page
    (DRF answers 404); a name position holding NUL never reaches the database."""
    slug = QuoteFactory().speaker.slug
    response = anonymous.get(f"/api/v1/{resource.format(slug=slug)}/?cursor={cursor}")
    assert response.status_code == 400, response.content
    assert response.json() == INVALID_CURSOR


CONTROL = ["a\x00b", "a\x01b", "\x1b[31m", "a\x7fb", "a\x85b"]


@pytest.mark.parametrize("value", CONTROL)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quotes/?q=",
        "/api/v1/speakers/?q=",
        "/api/v1/quotes/?speaker=",
        "/api/v1/quotes/?outlet=",
        "/api/v1/claims/?speaker=",
        "/api/v1/quotes/export.csv?q=",
        "/api/v1/quotes/?cursor=",
        "/api/v1/quotes/?page_size=",
    ],
)
def test_control_characters_in_api_parameters_are_a_400(anonymous, url, value):
    """Issue 19, item 7: NUL (which PostgreSQL refuses) and the other control characters in
    any filter or search parameter are refused, naming the parameter."""
    QuoteFactory()
    response = anonymous.get(url + quote(value))
    assert response.status_code == 400, response.content
    ((name, messages),) = response.json().items()
    assert url.endswith(f"{name}=") and "Control characters" in messages[0]


@pytest.mark.parametrize("value", CONTROL)
@pytest.mark.parametrize("page", ["/search/", "/speakers/"])
def test_control_characters_in_a_search_page_are_a_400_saying_so(client, page, value):
    """Issue 19, item 7: the NUL byte reached PostgreSQL and gave a 500."""
    QuoteFactory()
    response = client.get(page, {"q": value})
    assert response.status_code == 400
    assert "Control characters" in response.content.decode()


def test_tabs_and_line_breaks_in_a_search_are_white_space(client, anonymous):
    QuoteFactory()
    assert client.get("/search/", {"q": "minister\tsaid\r\n"}).status_code == 200
    assert anonymous.get("/api/v1/quotes/", {"q": "minister\nsaid"}).status_code == 200


def test_a_database_error_is_not_shown_to_the_client(editor, monkeypatch):
    """A value the database refuses gets a 400 that does not quote the database."""
    from django.db import DataError

    import claims.api.speakers

    def refused(**kwargs):
        raise DataError("value too long for type character varying(300)")

    monkeypatch.setattr(claims.api.speakers.services, "speaker_alias_create", refused)
    slug = QuoteFactory().speaker.slug
    response = editor.post(f"/api/v1/speakers/{slug}/aliases/", {"name": "x"}, format="json")
    assert response.status_code == 400
    assert "character varying" not in response.content.decode()
    assert response.json()["detail"]


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


def many(n: int) -> dict[str, str]:
    return {f"field{i}": "x" for i in range(n)}


@pytest.mark.parametrize("body_format", ["multipart", "urlencoded"])
def test_more_form_fields_than_django_reads_is_a_json_413(editor, body_format):
    """Issue 19, item 8: past DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) Django answered with its
    HTML 400 page."""
    if body_format == "multipart":
        response = editor.post("/api/v1/articles/", many(1001), format="multipart")
    else:
        body = urlencode(many(1001))
        response = editor.generic(
            "POST", "/api/v1/articles/", body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A request takes at most 1,000 fields."}


def test_more_files_than_django_reads_is_a_json_413(editor):
    files = {f"file{i}": SimpleUploadedFile(f"{i}.txt", b"text") for i in range(101)}
    response = editor.post("/api/v1/articles/", files, format="multipart")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A request takes at most 100 files."}


def test_a_query_string_of_more_fields_than_django_reads_is_a_json_400(anonymous):
    response = anonymous.get("/api/v1/quotes/?" + urlencode(many(1001)))
    assert response.status_code == 400
    assert response.json() == {"detail": "A request takes at most 1,000 fields."}


def test_within_the_limits_a_form_is_read(editor):
    response = editor.post("/api/v1/articles/", many(999), format="multipart")
    assert response.status_code == 400  # read: its fields are unknown ones
    assert "Unknown field." in str(response.json())
