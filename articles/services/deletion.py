"""Deleting an article, never the history of what people decided about its statements."""

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.selectors import quotes_kept

from ..models import Article


def article_kept_message(*, article: Article, kept: int) -> str:
    return (
        f"“{article}” is not deleted: editors edited, verified, rejected or put in a claim"
        f" {kept} of its statements, and their history stays."
    )


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete ``article`` with its machine's statements. Refused (ValidationError) while
    people decided on some of them (:func:`claims.selectors.quotes_kept`): their history
    would go with them."""
    kept = quotes_kept(article=article).count()
    if kept:
        raise ValidationError(article_kept_message(article=article, kept=kept))
    article.delete()
