"""Reads of who said what."""

from django.db.models import Count, F, QuerySet

from .models import Quote, Speaker


def speaker_list() -> QuerySet[Speaker]:
    """Speakers with their number of statements, most quoted first."""
    return Speaker.objects.annotate(quote_count=Count("quotes")).order_by(
        "-quote_count", "name", "id"
    )


def speaker_get(*, slug: str) -> Speaker:
    """One speaker, with aliases."""
    return Speaker.objects.prefetch_related("aliases").get(slug=slug)


def quote_list(*, speaker: Speaker | None = None, article_id: int | None = None) -> QuerySet[Quote]:
    """Statements newest first (by the article's publication, then by ingest)."""
    quotes = Quote.objects.select_related("speaker", "article").defer(
        "article__raw_text", "article__body"
    )
    if speaker is not None:
        quotes = quotes.filter(speaker=speaker)
    if article_id is not None:
        quotes = quotes.filter(article_id=article_id)
    return quotes.order_by(
        F("article__published_on").desc(nulls_last=True),
        "-article__created_at",
        "content_start",
        "id",
    )
