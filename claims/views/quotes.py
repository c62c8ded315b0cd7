"""Editors' work on statements from the article page: corrections, additions, rejections
(undone from the article page or the list of rejected statements)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from api.permissions import EDITORS, role_required
from articles.models import Article
from articles.views import article_page

from .. import services
from ..conflicts import conflict_of
from ..forms import (
    QuoteAddForm,
    QuoteEditForm,
    QuoteRejectForm,
)
from ..models import Quote
from ..selectors import quotes_rejected
from .common import (
    PAGE_SIZE,
    UnknownSpeaker,
    _statement_url,
    form_refused,
    speaker_of_form,
)


@role_required(EDITORS)
@require_POST
def quote_edit(request, pk: int):
    """An editor gives a statement to another speaker, changes its kind or its span. Only
    the fields that differ from the statement as stored are changed; a form filled in from
    an older version of it is refused, and the page shows what changed and the current
    values, keeping the editor's note."""
    quote = get_object_or_404(Quote.objects.select_related("speaker"), pk=pk)
    form = QuoteEditForm(request.POST)
    if not form.is_valid():
        return _form_again(request, quote.article_id, form, quote_id=quote.pk)
    data = form.cleaned_data
    try:
        # atomic: a speaker the form names is not created when the edit is refused
        with transaction.atomic():
            changes = _quote_changes(quote, data)
            if changes:
                services.quote_update(
                    quote=quote,
                    by=request.user,
                    changes=changes,
                    note=data["note"],
                    expected_version=data["version"],
                )
    except services.StaleEdit as stale:
        return _quote_conflict(request, stale, note=data["note"], attempt=_quote_attempt(data))
    except ValidationError as exc:
        form = form_refused(form, exc)
        return _form_again(request, quote.article_id, form, quote_id=quote.pk, refused=exc)
    where = {"extra_tags": f"at-quote-{quote.pk}"}
    if changes:
        messages.success(request, "Statement updated.", **where)
    else:
        messages.info(request, "Nothing to save: the statement is as the form has it.", **where)
    return redirect(_statement_url(quote))


def _form_again(request, article_id: int, form, *, quote_id: int | None = None, refused=None):
    """The article page answering 400 with the refused form as the editor filled it in: a
    correction's open beside its statement (``quote_id``), else the form that adds one;
    each message at its field, the speakers a name nobody has may mean with them."""
    suggestions = refused.suggestions if isinstance(refused, UnknownSpeaker) else []
    edit = {"quote_id": quote_id, "form": form, "suggestions": suggestions}
    return article_page(request, article_id, edit=edit, status=400)


def _quote_changes(quote: Quote, data: dict) -> dict:
    """What the edit form changes: the fields whose value differs from ``quote``'s (an
    unchanged speaker name is not looked up again, an unchanged span not sent)."""
    changes = {}
    current_name = quote.speaker.name if quote.speaker else ""
    if data["speaker"].strip() != current_name:
        changes["speaker"] = speaker_of_form(data["speaker"], create=data["new_speaker"])
    if data["kind"] != quote.kind:
        changes["kind"] = data["kind"]
    span = (data["content_start"], data["content_end"])
    if None not in span and span != (quote.content_start, quote.content_end):
        changes.update(content_start=span[0], content_end=span[1])
    return changes


def _quote_attempt(data: dict) -> str:
    kind = dict(Quote.Kind.choices)[data["kind"]]
    speaker = data["speaker"].strip() or "unattributed"
    span = ""
    if data["content_start"] is not None and data["content_end"] is not None:
        span = f", characters {data['content_start']}–{data['content_end']}"
    return f"speaker “{speaker}”, kind {kind}{span}"


def _quote_conflict(request, stale: services.StaleEdit, *, note: str, attempt: str):
    """The article page, answering 409: the statement as it is now, what changed, and the
    editor's refused change and note."""
    conflict = conflict_of(stale)
    quote = stale.current
    if quote.rejected:  # no longer listed on the page: say it all here
        messages.error(request, f"Not saved: {conflict.message}")
    else:
        messages.error(request, "Not saved: the statement changed since you opened it (see below).")
    context = {"quote_id": quote.pk, "message": conflict.message, "note": note, "attempt": attempt}
    return article_page(request, quote.article_id, conflict=context, status=409)


@role_required(EDITORS)
@require_POST
def quote_add(request, article_id: int):
    """An editor adds a statement the extractor missed, by selecting its text."""
    article = get_object_or_404(Article, pk=article_id)
    form = QuoteAddForm(request.POST)
    if not form.is_valid():
        return _form_again(request, article.pk, form)
    data = form.cleaned_data
    try:
        # atomic: a speaker the form creates is not kept when the statement is refused
        with transaction.atomic():
            quote = services.quote_create(
                article=article,
                content_start=data["content_start"],
                content_end=data["content_end"],
                kind=data["kind"],
                speaker=speaker_of_form(data["speaker"], create=data["new_speaker"]),
                by=request.user,
                note=data["note"],
            )
    except ValidationError as exc:
        return _form_again(request, article.pk, form_refused(form, exc), refused=exc)
    messages.success(request, "Statement added.", extra_tags=f"at-quote-{quote.pk}")
    return redirect(_statement_url(quote))


@role_required(EDITORS)
@require_POST
def quote_reject(request, pk: int):
    """An editor rejects a statement (after confirming it on the page): hidden, and never
    extracted again; the article page then offers to undo it. Refused when the statement
    changed since the page was loaded."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not rejected: " + form.errors.as_text())
        return redirect(_statement_url(quote))
    refused = _flag_set(request, quote, form.cleaned_data, "rejected", True, "reject it")
    if refused is not None:
        return refused
    messages.success(request, "Statement rejected.")
    return redirect(f"{reverse('article-detail', args=[quote.article_id])}?rejected={quote.pk}")


@role_required(EDITORS)
@require_POST
def quote_restore(request, pk: int):
    """An editor restores a rejected statement (recorded, as its rejection was); back to
    ``next`` (the list of rejected statements) or to the statement on its article."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteRejectForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = _statement_url(quote)
    if not form.is_valid():
        messages.error(request, "Not restored: " + form.errors.as_text())
        return redirect(back)
    refused = _flag_set(request, quote, form.cleaned_data, "rejected", False, "restore it")
    if refused is not None:
        return refused
    messages.success(request, "Statement restored.")
    return redirect(back)


@role_required(EDITORS)
@require_POST
def quote_verify(request, pk: int):
    """An editor marks a statement as checked against its article (recorded); a form from an
    older version of it is refused."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not verified: " + form.errors.as_text())
        return redirect(_statement_url(quote))
    refused = _flag_set(request, quote, form.cleaned_data, "verified", True, "verify it")
    if refused is not None:
        return refused
    messages.success(request, "Statement verified.", extra_tags=f"at-quote-{quote.pk}")
    return redirect(_statement_url(quote))


def _flag_set(request, quote: Quote, data: dict, field: str, value: bool, attempt: str):
    """Set ``field`` (rejected, verified) of ``quote``, recorded with the form's note; the
    page answering 409 when the form was filled in from an older version of it, else None."""
    try:
        services.quote_update(
            quote=quote,
            by=request.user,
            changes={field: value},
            note=data["note"],
            expected_version=data["version"],
        )
    except services.StaleEdit as stale:
        return _quote_conflict(request, stale, note=data["note"], attempt=attempt)
    return None


@role_required(EDITORS)
def quote_rejected_list(request):
    """The rejected statements, the most recently changed first, each with a restore."""
    page = Paginator(quotes_rejected(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/quote_rejected.html", {"page": page})
