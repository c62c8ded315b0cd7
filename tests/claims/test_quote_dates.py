"""A statement keeps its article's publication date, set by the database (migration 0018):
the date filters and the speaker's date-range index read it from the statement."""

import datetime as dt

import pytest

from articles.models import Article
from claims.models import Quote
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2016, 3, 1)


def stored_date(quote: Quote) -> dt.date | None:
    return Quote.objects.values_list("published_on", flat=True).get(pk=quote.pk)


def test_a_new_statement_takes_its_articles_date():
    quote = QuoteFactory(article=ArticleFactory(published_on=DAY))
    assert stored_date(quote) == DAY


def test_a_changed_article_date_reaches_its_statements_and_no_other():
    article, other = ArticleFactory(published_on=DAY), ArticleFactory(published_on=DAY)
    first, second, elsewhere = (
        QuoteFactory(article=article),
        QuoteFactory(article=article),
        QuoteFactory(article=other),
    )
    Article.objects.filter(pk=article.pk).update(published_on=dt.date(2017, 5, 2))
    assert stored_date(first) == stored_date(second) == dt.date(2017, 5, 2)
    assert stored_date(elsewhere) == DAY
    article.published_on = None
    article.save()
    assert stored_date(first) is None


def test_a_statement_moved_or_saved_keeps_the_date_of_its_article():
    quote = QuoteFactory(article=ArticleFactory(published_on=DAY))
    quote.save()  # the instance holds no date: the row keeps its article's
    assert stored_date(quote) == DAY
    Quote.objects.filter(pk=quote.pk).update(published_on=dt.date(1999, 1, 1))
    assert stored_date(quote) == DAY
    moved_to = ArticleFactory(published_on=dt.date(2020, 1, 1))
    Quote.objects.filter(pk=quote.pk).update(article=moved_to)
    assert stored_date(quote) == dt.date(2020, 1, 1)
