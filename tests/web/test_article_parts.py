"""A long article's page shows one part at a time: a bounded number of statements, the
stretch of text that holds them, and an editor's controls for those only."""

import html
import re

import pytest

from api.permissions import EDITORS
from claims.models import Quote
from tests.factories import long_article, signed_in

pytestmark = pytest.mark.django_db

STATEMENTS = 3000
STATEMENTS_PER_PAGE = 200  # articles.views.STATEMENTS_PER_PAGE
TEXT = re.compile(r'<article class="body"[^>]*>(.*?)</article>', re.DOTALL)


def text_of(page: str) -> str:
    """The article text a page shows, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", TEXT.search(page).group(1)))


@pytest.fixture
def article():
    return long_article(STATEMENTS)


@pytest.mark.parametrize("role", [None, EDITORS])
def test_a_page_shows_one_part_of_a_long_article_in_bounded_queries(
    client, article, role, django_assert_max_num_queries
):
    if role:
        signed_in(client, role)
    with django_assert_max_num_queries(11):  # 10, and the claims of the statements shown
        response = client.get(f"/articles/{article.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<li id="quote-') == STATEMENTS_PER_PAGE
    assert page.count('<mark class="quote"') == STATEMENTS_PER_PAGE
    assert f"Statements ({STATEMENTS})" in page
    assert "statements 1–200 of 3000" in page and 'rel="next"' in page and 'rel="prev"' not in page
    # the text shown stops where the next part's first statement starts
    first_of_next = Quote.objects.filter(article=article).order_by("content_start")[200]
    assert text_of(page) == article.body[: first_of_next.content_start]
    # an editor's controls: for the statements shown only
    for control in ("edit", "reject", "verify"):
        forms = len(re.findall(rf'action="/quotes/\d+/{control}/"', page))
        assert forms == (STATEMENTS_PER_PAGE if role else 0), control


def test_reading_part_after_part_shows_the_whole_text_and_every_statement_once(client, article):
    texts, highlighted = [], []
    for number in range(1, STATEMENTS // STATEMENTS_PER_PAGE + 1):
        page = client.get(f"/articles/{article.pk}/?page={number}").content.decode()
        texts.append(text_of(page))
        highlighted += [int(pk) for pk in re.findall(r'data-quote="(\d+)"', page)]
    assert "".join(texts) == article.body
    assert sorted(highlighted) == sorted(Quote.objects.values_list("pk", flat=True))
    last = client.get(f"/articles/{article.pk}/?page=15").content.decode()
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_a_link_to_a_statement_opens_the_part_that_holds_it(
    client, article, django_assert_max_num_queries
):
    statements = list(Quote.objects.filter(article=article).order_by("content_start", "id"))
    wanted = statements[2345]  # part 12 (statements 2201-2400)
    signed_in(client, EDITORS)
    with django_assert_max_num_queries(11):  # 10, and the claims of the statements shown
        page = client.get(f"/articles/{article.pk}/?quote={wanted.pk}").content.decode()
    assert f'<li id="quote-{wanted.pk}"' in page
    assert "Part 12 of 15" in page
    # the selection script counts from where this part's text starts
    assert f'data-offset="{statements[2200].content_start}"' in page
    # the part links leave the statement out, or they would open this part again
    assert re.findall(r'href="([^"]*)" rel="(?:next|prev)"', page) == ["?page=11", "?page=13"] * 2
    # a statement of another article, or no id at all: the first part
    for other in ("999999999", "abc", "²"):
        page = client.get(f"/articles/{article.pk}/?quote={other}").content.decode()
        assert "Part 1 of 15" in page, other


def test_pages_that_list_statements_link_to_their_part(client, article):
    wanted = Quote.objects.filter(article=article).order_by("content_start").first()
    speaker = client.get(f"/speakers/{wanted.speaker.slug}/").content.decode()
    assert f"/articles/{article.pk}/?quote={wanted.pk}#quote-{wanted.pk}" in speaker
    found = client.get("/search/?q=stands").content.decode()
    assert f"/articles/{article.pk}/?quote=" in found
