"""Searches are capped (claims.filters.search_check): at most SEARCH_MAX_TERMS words and
SEARCH_MAX_CHARS characters; beyond, a 400 naming the cap in the API and a message on the
pages."""

import pytest

from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db

WORDS = " ".join(f"word{n}" for n in range(250))  # the 250-term search


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


TOO_LONG = f"A search takes at most 200 characters; this one has {len(WORDS)}."
TOO_MANY = "A search takes at most 20 words; this one has 21. Leave some out."


@pytest.mark.parametrize(
    "url", ["quotes/", "speakers/", "quotes/export.csv", "articles/{article}/quotes/"]
)
def test_api_searches_past_the_caps_are_refused_with_400(anonymous, url):
    url = "/api/v1/" + url.format(article=QuoteFactory().article_id)
    refused = anonymous.get(url, {"q": WORDS})
    assert refused.status_code == 400
    assert refused.json() == {"q": [TOO_LONG]}
    assert anonymous.get(url, {"q": words(21)}).json() == {"q": [TOO_MANY]}
    assert anonymous.get(url, {"q": words(20)}).status_code == 200


def test_words_are_counted_as_the_search_reads_them(anonymous, settings):
    settings.SEARCH_MAX_TERMS = 3
    url = "/api/v1/quotes/"
    assert anonymous.get(url, {"q": "a or b or c"}).status_code == 200  # "or" is no word
    assert anonymous.get(url, {"q": '"a b" -c'}).status_code == 200
    assert anonymous.get(url, {"q": '"a b c d"'}).status_code == 400  # a phrase's words count
    assert anonymous.get(url, {"q": "a b -c -d"}).status_code == 400
    settings.SEARCH_MAX_CHARS = 5
    assert anonymous.get(url, {"q": "abcdef"}).status_code == 400


def test_the_search_pages_say_why_a_search_is_refused(client):
    QuoteFactory()
    for url in ("/search/", "/speakers/"):
        refused = client.get(url, {"q": WORDS})
        assert refused.status_code == 400, url
        page = refused.content.decode()
        assert TOO_LONG in page, url
        assert "No statements match" not in page and "No speaker has that name" not in page
        too_many = client.get(url, {"q": words(21)}).content.decode()
        assert TOO_MANY in too_many
        assert client.get(url, {"q": words(20)}).status_code == 200, url
