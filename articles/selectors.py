"""Reads of articles."""

from django.db.models import Count, Prefetch, Q, QuerySet

from claims.models import Quote

from .models import Article


def article_list() -> QuerySet[Article]:
    """Articles, newest first, with their number of quotes; the long texts are not loaded."""
    return (
        Article.objects.defer("raw_text", "body")
        .annotate(quote_count=Count("quotes"))
        .order_by("-created_at", "-id")
    )


def article_with_quotes() -> QuerySet[Article]:
    """Articles with their quotes (and the quotes' speakers) prefetched in text order."""
    quotes = Quote.objects.select_related("speaker").order_by("content_start", "id")
    return Article.objects.annotate(quote_count=Count("quotes")).prefetch_related(
        Prefetch("quotes", queryset=quotes)
    )


def article_get(*, pk: int) -> Article:
    """One article with its quotes and their speakers."""
    return article_with_quotes().get(pk=pk)


def article_search(q: str) -> QuerySet[Article]:
    """Articles whose title or outlet contains ``q``, newest first."""
    return article_list().filter(Q(title__icontains=q) | Q(outlet__icontains=q))
