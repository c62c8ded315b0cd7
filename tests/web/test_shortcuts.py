"""The keyboard shortcuts' contract on the article page (issue 17, item 3), as the HTML
carries it: each statement an item, each control its key and label, for the roles that have
the control; the shared component's script under the response's nonce. What the keys do in
a browser is in test_share_browser.py."""

import re

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.services import quote_update
from tests.factories import QuoteFactory, signed_in
from tests.web.test_security_headers import policy

pytestmark = pytest.mark.django_db


def keys_of(page: str) -> dict[str, set[str]]:
    """Each data-key on the page, with the labels it has."""
    found: dict[str, set[str]] = {}
    for key, label in re.findall(r'data-key="([^"]+)" data-key-label="([^"]+)"', page):
        found.setdefault(key, set()).add(label)
    return found


@pytest.fixture
def quotes():
    first = QuoteFactory()
    return [first, QuoteFactory(article=first.article, content_start=20, length=8)]


@pytest.mark.parametrize(
    ("role", "keys"),
    [
        (None, set()),
        (EDITORS, {"v", "e", "x"}),
        (FACT_CHECKERS, {"a"}),
    ],
)
def test_each_statement_is_an_item_with_the_keys_of_the_readers_controls(
    client, quotes, role, keys
):
    if role:
        signed_in(client, role)
    response = client.get(f"/articles/{quotes[0].article_id}/")
    page = response.content.decode()
    assert len(re.findall(r'<li id="quote-\d+" tabindex="-1" data-item', page)) == 2
    found = keys_of(page)
    assert set(found) == keys
    assert all(len(labels) == 1 for labels in found.values())  # one label per key
    # the help and its script, under this response's nonce
    assert '<dialog id="shortcuts-help" aria-labelledby="shortcuts-title">' in page
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)
    assert f'<script nonce="{nonce}">\n  (function () {{\n    const help =' in page


def test_the_assign_form_posts_me_to_the_statements_assign_address(client, quotes):
    signed_in(client, FACT_CHECKERS)
    page = client.get(f"/articles/{quotes[0].article_id}/").content.decode()
    form = re.search(
        rf'<form class="inline" method="post" action="/quotes/{quotes[0].pk}/assign/">(.*?)</form>',
        page,
    ).group(1)
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="assignee" value="me">' in form


def test_a_verified_statement_has_no_verify_key(client, quotes):
    editor = signed_in(client, EDITORS)
    quote_update(quote=quotes[0], by=editor, changes={"verified": True})
    page = client.get(f"/articles/{quotes[0].article_id}/").content.decode()
    assert page.count('data-key="v"') == 1
