"""What the pages of speakers, quotes and claims share."""

from django.urls import reverse

from .. import services
from ..models import Quote, Speaker
from ..selectors import (
    speaker_named,
)

PAGE_SIZE = 50


def _speaker_named(name: str) -> Speaker | None:
    """The speaker a form names (one merged into another too: the services refuse it),
    created when nobody has that name; None for no name."""
    if not name.strip():
        return None
    return speaker_named(name) or services.speaker_for_name(name=name.strip())


def _statement_url(quote: Quote) -> str:
    """The statement on its article's page: the part of the page that holds it."""
    return f"{reverse('article-detail', args=[quote.article_id])}?quote={quote.pk}#quote-{quote.pk}"
