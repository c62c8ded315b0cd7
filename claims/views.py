from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.selectors import article_search
from articles.views import article_page

from . import services
from .claimreview import claim_review
from .conflicts import conflict_of
from .filters import quote_search, search_check, speakers_named
from .forms import (
    ClaimNewForm,
    QuoteAddForm,
    QuoteEditForm,
    QuoteRejectForm,
    ReviewForm,
    SpeakerIdentityForm,
    SpeakerQuotesForm,
    VerdictForm,
)
from .models import Claim, Quote, Speaker, SpeakerAlias, Verdict
from .permissions import EDITORS, FACT_CHECKERS, role_required
from .selectors import (
    REVIEW_CONFIDENCE,
    claim_events,
    claim_list,
    claim_queue,
    quote_list,
    quotes_to_review,
    speaker_get,
    speaker_list,
    speaker_named,
)

PAGE_SIZE = 50
SEARCH_ITEMS = 20


def speaker_index(request):
    """Speakers, most quoted first; ``q`` finds them by any of their names (a search too
    long is refused, saying why)."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError as exc:
        context = {"page": None, "q": q, "error": exc.messages[0]}
        return render(request, "claims/speaker_index.html", context, status=400)
    speakers = speaker_list()
    if q:
        speakers = speakers.filter(pk__in=speakers_named(q).values("pk"))
    page = Paginator(speakers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_index.html", {"page": page, "q": q})


def speaker_detail(request, slug: str):
    """A speaker and their statements, newest first, filterable by kind, date and verdict;
    editors add aliases and merge another speaker in."""
    try:
        speaker = speaker_get(slug=slug)
    except Speaker.DoesNotExist as exc:
        raise Http404("No such speaker.") from exc
    if speaker.merged_into_id:
        return redirect("speaker-detail", slug=speaker.merge_target().slug, permanent=True)
    filters = SpeakerQuotesForm(request.GET or None)
    quotes = quote_list(speaker=speaker)
    if filters.is_valid():
        quotes = filters.apply(quotes)
    page = Paginator(quotes, PAGE_SIZE).get_page(request.GET.get("page"))
    verdicts = dict(
        Claim.quotes.through.objects.filter(quote__in=[q.pk for q in page.object_list]).values_list(
            "quote_id", "claim__verdict"
        )
    )
    for quote in page.object_list:
        quote.verdict = verdicts.get(quote.pk)
    identity = SpeakerIdentityForm(
        initial={"wikidata_qid": speaker.wikidata_qid or "", "gender": speaker.gender}
    )
    context = {"speaker": speaker, "page": page, "filters": filters, "identity": identity}
    return render(request, "claims/speaker_detail.html", context)


@role_required(EDITORS)
@require_POST
def speaker_alias_add(request, slug: str):
    speaker = get_object_or_404(Speaker, slug=slug)
    try:
        services.speaker_alias_create(
            speaker=speaker, name=request.POST.get("name", ""), by=request.user
        )
        messages.success(request, "Alias added.")
    except ValidationError as exc:
        messages.error(request, "Not added: " + "; ".join(exc.messages))
    return redirect("speaker-detail", slug=speaker.slug)


@role_required(EDITORS)
@require_POST
def speaker_alias_remove(request, slug: str, alias_id: int):
    alias = get_object_or_404(SpeakerAlias, pk=alias_id, speaker__slug=slug)
    try:
        services.speaker_alias_remove(alias=alias, by=request.user)
        messages.success(request, f"“{alias.name}” removed.")
    except ValidationError as exc:
        messages.error(request, "Not removed: " + "; ".join(exc.messages))
    return redirect("speaker-detail", slug=slug)


@role_required(EDITORS)
@require_POST
def speaker_identity(request, slug: str):
    """An editor sets a speaker's Wikidata QID and gender."""
    speaker = get_object_or_404(Speaker, slug=slug)
    form = SpeakerIdentityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not saved: " + form.errors.as_text())
        return redirect("speaker-detail", slug=speaker.slug)
    data = form.cleaned_data
    changes = {"wikidata_qid": data["wikidata_qid"], "gender": data["gender"]}
    try:
        services.speaker_identity_set(
            speaker=speaker, by=request.user, changes=changes, note=data["note"]
        )
        messages.success(request, "Identity saved.")
    except ValidationError as exc:
        messages.error(request, "Not saved: " + "; ".join(exc.messages))
    return redirect("speaker-detail", slug=speaker.slug)


def speaker_review(request):
    """Statements whose speaker the extractor was least sure of (confidence below
    ``confidence_below``, by default REVIEW_CONFIDENCE), for an editor to check."""
    form = ReviewForm(request.GET or None)
    below = form.cleaned_data["confidence_below"] if form.is_valid() else None
    threshold = below if below is not None else REVIEW_CONFIDENCE
    quotes = quotes_to_review(confidence_below=threshold)
    page = Paginator(quotes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "threshold": threshold, "form": form}
    return render(request, "claims/speaker_review.html", context)


@role_required(EDITORS)
@require_POST
def speaker_merge(request, slug: str):
    """An editor merges another speaker (named by slug or any name) into this one."""
    target = get_object_or_404(Speaker, slug=slug)
    name = request.POST.get("source", "").strip()
    source = speaker_named(name)
    if source is None:
        messages.error(request, f"No speaker named “{name}”.")
        return redirect("speaker-detail", slug=target.slug)
    try:
        services.speaker_merge(
            source=source, target=target, by=request.user, note=request.POST.get("note", "")
        )
        messages.success(request, f"{source.name} merged into {target.name}.")
    except ValidationError as exc:
        messages.error(request, "Not merged: " + "; ".join(exc.messages))
    return redirect("speaker-detail", slug=target.slug)


def claim_index(request):
    """The review queue (unreviewed and disputed claims), or the claims of one verdict."""
    verdict = request.GET.get("verdict", "")
    if verdict not in Verdict.values:
        verdict = ""
    page = Paginator(claim_queue(verdict=verdict), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "verdict": verdict, "verdicts": Verdict.choices}
    return render(request, "claims/claim_index.html", context)


def search(request):
    """One box over statements, speakers and articles (a search too long is refused, saying
    why)."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError as exc:
        return render(request, "search.html", {"q": q, "error": exc.messages[0]}, status=400)
    results = {}
    if q:
        results = {
            "quotes": quote_search(quote_list(), q)[:SEARCH_ITEMS],
            "speakers": speaker_list().filter(pk__in=speakers_named(q).values("pk"))[:SEARCH_ITEMS],
            "articles": article_search(q)[:SEARCH_ITEMS],
        }
    return render(request, "search.html", {"q": q, **results})


CONTEXT_CHARS = 160


def claim_detail(request, pk: int):
    return _claim_page(request, pk)


def _claim_page(request, pk: int, *, conflict: dict | None = None, status: int = 200):
    """A claim's page; ``conflict`` (``message``, ``note``, ``attempt``): a verdict edit was
    refused as stale, and the form shows the current values with the editor's note kept."""
    claim = get_object_or_404(claim_list(), pk=pk)
    quotes = list(claim.quotes.all())
    bodies = dict(Article.objects.filter(quotes__in=quotes).values_list("pk", "body"))
    for quote in quotes:
        body = bodies.get(quote.article_id, "")
        quote.before = body[max(0, quote.content_start - CONTEXT_CHARS) : quote.content_start]
        quote.after = body[quote.content_end : quote.content_end + CONTEXT_CHARS]
    review = claim_review(
        claim=claim,
        url=request.build_absolute_uri(),
        article_url=lambda a: request.build_absolute_uri(reverse("article-detail", args=[a.pk])),
    )
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "quotes": quotes,
            "events": claim_events(claim=claim),
            "review": review,
            "form": VerdictForm(
                initial={
                    "verdict": claim.verdict,
                    "summary": claim.summary,
                    "evidence_links": "\n".join(str(link) for link in claim.evidence_links),
                    "version": claim.version,
                    "note": conflict["note"] if conflict else "",
                }
            ),
            "conflict": conflict,
        },
        status=status,
    )


def _speaker_named(name: str) -> Speaker | None:
    """The speaker a form names (one merged into another too: the services refuse it),
    created when nobody has that name; None for no name."""
    if not name.strip():
        return None
    return speaker_named(name) or services.speaker_for_name(name=name.strip())


def _statement_url(quote: Quote) -> str:
    """The statement on its article's page: the part of the page that holds it."""
    return f"{reverse('article-detail', args=[quote.article_id])}?quote={quote.pk}#quote-{quote.pk}"


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
        messages.error(request, "Not saved: " + form.errors.as_text())
        return redirect(_statement_url(quote))
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
        messages.error(request, "Not saved: " + "; ".join(exc.messages))
        return redirect(_statement_url(quote))
    except ValueError as exc:
        messages.error(request, f"Not saved: {exc}")
        return redirect(_statement_url(quote))
    if changes:
        messages.success(request, "Statement updated.")
    else:
        messages.info(request, "Nothing to save: the statement is as the form has it.")
    return redirect(_statement_url(quote))


def _quote_changes(quote: Quote, data: dict) -> dict:
    """What the edit form changes: the fields whose value differs from ``quote``'s (an
    unchanged speaker name is not looked up again, an unchanged span not sent)."""
    changes = {}
    current_name = quote.speaker.name if quote.speaker else ""
    if data["speaker"].strip() != current_name:
        changes["speaker"] = _speaker_named(data["speaker"])
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
        messages.error(request, "Not added: " + form.errors.as_text())
        return redirect("article-detail", pk=article.pk)
    data = form.cleaned_data
    try:
        quote = services.quote_create(
            article=article,
            content_start=data["content_start"],
            content_end=data["content_end"],
            kind=data["kind"],
            speaker=_speaker_named(data["speaker"]),
            by=request.user,
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, "Not added: " + "; ".join(exc.messages))
        return redirect("article-detail", pk=article.pk)
    messages.success(request, "Statement added.")
    return redirect(_statement_url(quote))


@role_required(EDITORS)
@require_POST
def quote_reject(request, pk: int):
    """An editor rejects a statement: hidden, and never extracted again. Refused when the
    statement changed since the page was loaded."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not rejected: " + form.errors.as_text())
        return redirect(_statement_url(quote))
    data = form.cleaned_data
    try:
        services.quote_update(
            quote=quote,
            by=request.user,
            changes={"rejected": True},
            note=data["note"],
            expected_version=data["version"],
        )
    except services.StaleEdit as stale:
        return _quote_conflict(request, stale, note=data["note"], attempt="reject it")
    messages.success(request, "Statement rejected.")
    return redirect("article-detail", pk=quote.article_id)


@role_required(FACT_CHECKERS)
@require_POST
def claim_new(request):
    """A fact-checker turns a statement into a claim to review."""
    form = ClaimNewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not created: " + form.errors.as_text())
        return redirect(request.META.get("HTTP_REFERER") or "home")
    quote = get_object_or_404(Quote, pk=form.cleaned_data["quote"], rejected=False)
    if quote.speaker is None:
        messages.error(request, "Give the statement a speaker first: a claim needs one.")
        return redirect("article-detail", pk=quote.article_id)
    claim = services.claim_create(
        speaker=quote.speaker,
        statement=form.cleaned_data["statement"],
        quotes=[quote],
        by=request.user,
    )
    return redirect("claim-detail", pk=claim.pk)


@role_required(FACT_CHECKERS)
@require_POST
def claim_verdict(request, pk: int):
    """A fact-checker sets the verdict, with a summary, evidence and a note. The summary and
    the links are changed only when they differ from the claim's; a form filled in from an
    older version of the claim is refused, and the page shows what changed and the current
    values, keeping the fact-checker's note and showing what they sent."""
    claim = get_object_or_404(Claim, pk=pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not saved: " + form.errors.as_text())
        return redirect("claim-detail", pk=claim.pk)
    data = form.cleaned_data
    changed = {
        name: data[name]
        for name in ("summary", "evidence_links")
        if data[name] != getattr(claim, name)
    }
    try:
        services.claim_verdict_set(
            claim=claim,
            by=request.user,
            verdict=data["verdict"],
            note=data["note"],
            expected_version=data["version"],
            **changed,
        )
    except services.StaleEdit as stale:
        conflict = conflict_of(stale)
        messages.error(request, "Not saved: the claim changed since you opened it (see below).")
        attempt = {
            "verdict": dict(Verdict.choices)[data["verdict"]],
            "summary": data["summary"],
            "evidence_links": data["evidence_links"],
        }
        context = {"message": conflict.message, "note": data["note"], "attempt": attempt}
        return _claim_page(request, claim.pk, conflict=context, status=409)
    claim.refresh_from_db()
    messages.success(request, f"Verdict set: {claim.get_verdict_display()}.")
    return redirect("claim-detail", pk=claim.pk)
