"""Reads of articles."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Length, Substr

from claims.models import Quote
from claims.selectors import EMBEDDED_QUOTES

from .models import Article


def article_list() -> QuerySet[Article]:
    """Articles, newest first, with their number of quotes; the long texts are not loaded."""
    return (
        Article.objects.defer("raw_text", "body")
        .annotate(quote_count=Count("quotes"))
        .order_by("-created_at", "-id")
    )


def article_with_quotes() -> QuerySet[Article]:
    """Articles with the number of their quotes and, as ``embedded_quotes``, the first
    EMBEDDED_QUOTES of them (with their speakers) in text order: one query whatever the
    article's size."""
    quotes = Quote.objects.select_related("speaker").order_by("content_start", "id")
    return Article.objects.annotate(quote_count=Count("quotes")).prefetch_related(
        Prefetch("quotes", queryset=quotes[:EMBEDDED_QUOTES], to_attr="embedded_quotes")
    )


def article_get(*, pk: int) -> Article:
    """One article for its page, without its long texts (``raw_text``, ``body``: a page
    reads only its stretch of the body, :func:`article_text`) and with ``body_length``."""
    return Article.objects.defer("raw_text", "body").annotate(body_length=Length("body")).get(pk=pk)


def article_statements(*, article_id: int) -> QuerySet[Quote]:
    """The article's statements, rejected ones left out, in text order, with speakers."""
    return (
        Quote.objects.filter(article_id=article_id, rejected=False)
        .select_related("speaker")
        .order_by("content_start", "id")
    )


def article_statement_position(*, article_id: int, quote_id: int) -> int | None:
    """How many of the article's statements come before statement ``quote_id`` in text
    order; None when it is not one of them."""
    statements = article_statements(article_id=article_id)
    start = statements.filter(pk=quote_id).values_list("content_start", flat=True).first()
    if start is None:
        return None
    return statements.filter(
        Q(content_start__lt=start) | Q(content_start=start, pk__lt=quote_id)
    ).count()


def article_text(*, pk: int, start: int, end: int) -> str:
    """Characters ``start`` to ``end`` of the article's body, cut by the database: a page
    of a long article reads only its stretch."""
    window = Substr("body", start + 1, max(0, end - start))
    return (
        Article.objects.filter(pk=pk).annotate(window=window).values_list("window", flat=True).get()
    )


def article_search(q: str) -> QuerySet[Article]:
    """Articles whose title or outlet contains ``q``, newest first."""
    return article_list().filter(Q(title__icontains=q) | Q(outlet__icontains=q))
