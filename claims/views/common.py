"""What the pages of speakers, quotes and claims share."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from .. import services
from ..merging import speaker_suggestions
from ..models import Quote, Speaker
from ..selectors import speaker_named

PAGE_SIZE = 50


class UnknownSpeaker(ValidationError):
    """A form named a speaker nobody is: refused, with the speakers the name may mean."""

    def __init__(self, name: str):
        self.name = name
        self.suggestions = speaker_suggestions(name, limit=5)
        message = f"Nobody is named “{name}”."
        if self.suggestions:
            message += " Did you mean one of the speakers below?"
        message += " To record a new person, tick “Create a new speaker with this name”."
        super().__init__({"speaker": message})


def speaker_of_form(name: str, *, create: bool = False) -> Speaker | None:
    """The speaker a form names by id, slug or any name (one merged into another too: the
    services refuse it); None for no name. A name nobody has is refused
    (:class:`UnknownSpeaker`) unless ``create``: then the speaker is created."""
    name = name.strip()
    if not name:
        return None
    speaker = speaker_named(name)
    if speaker is None:
        if not create:
            raise UnknownSpeaker(name)
        speaker = services.speaker_for_name(name=name)
    return speaker


def form_refused(form: forms.Form, error: ValidationError) -> forms.Form:
    """``form`` with what a service refused shown at its fields (the form's own fields; the
    rest above it), so that the page shows it again with the user's input."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
    return form


def _statement_url(quote: Quote) -> str:
    """The statement on its article's page: the part of the page that holds it."""
    return f"{reverse('article-detail', args=[quote.article_id])}?quote={quote.pk}#quote-{quote.pk}"


def export_links(**filters) -> dict[str, str]:
    """The API's exports (``csv``, ``jsonl``) of the statements a page lists: the same
    filters (:class:`claims.filters.QuoteFilter`'s names), so the same rows; empty ones left
    out."""
    query = urlencode({name: value for name, value in filters.items() if value not in ("", None)})
    return {
        "csv": f"{reverse('api:quote-export-csv')}?{query}",
        "jsonl": f"{reverse('api:quote-export')}?{query}",
    }
