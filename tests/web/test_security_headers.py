"""Content-Security-Policy and Permissions-Policy on the pages, the API and its docs (issue 18,
item 21), and the pages' own scripts still allowed by them."""

import re

import pytest

from api.permissions import EDITORS
from tests.factories import QuoteFactory, member

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


@pytest.mark.parametrize("path", ["/", "/speakers/", "/api/v1/quotes/", "/api/docs/", "/nowhere/"])
def test_every_response_has_a_csp_and_a_permissions_policy(client, path):
    response = client.get(path)
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'" and csp["base-uri"] == "'none'"
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions


def test_the_article_pages_script_carries_the_nonce_of_its_response(client):
    quote = QuoteFactory()
    client.force_login(member(EDITORS))
    response = client.get(f"/articles/{quote.article_id}/")
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in s or "ld+json" in s for s in scripts)
    assert nonce not in client.get(f"/articles/{quote.article_id}/")["Content-Security-Policy"]


def test_the_api_docs_have_no_inline_script(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"<script>", html) is None
    script = re.search(r'<script src="([^"]*\?script[^"]*)"', html).group(1).replace("&amp;", "&")
    js = client.get(script)
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()
