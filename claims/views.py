from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.selectors import article_search

from . import services
from .claimreview import claim_review
from .filters import quote_search, search_check, speakers_named
from .forms import (
    ClaimNewForm,
    QuoteAddForm,
    QuoteEditForm,
    ReviewForm,
    SpeakerIdentityForm,
    SpeakerQuotesForm,
    VerdictForm,
)
from .models import Claim, Quote, Speaker, SpeakerAlias, Verdict
from .names import name_key
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
    speaker = get_object_or_404(Speaker, slug=slug, merged_into__isnull=True)
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
    speaker = get_object_or_404(Speaker, slug=slug, merged_into__isnull=True)
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
    target = get_object_or_404(Speaker, slug=slug, merged_into__isnull=True)
    name = request.POST.get("source", "").strip()
    source = _speaker_known(name)
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
                    "evidence_links": "\n".join(claim.evidence_links),
                }
            ),
        },
    )


def _speaker_known(name: str) -> Speaker | None:
    """The speaker a form names by slug or by any alias, if there is one."""
    name = name.strip()
    speaker = Speaker.objects.filter(slug=name).first()
    if speaker is None and name:
        alias = SpeakerAlias.objects.select_related("speaker").filter(normalised=name_key(name))
        speaker = alias.first().speaker if alias.exists() else None
    return speaker


def _speaker_named(name: str) -> Speaker | None:
    """The speaker a form names, created when nobody has that name; None for no name."""
    if not name.strip():
        return None
    speaker = _speaker_known(name) or services.speaker_for_name(name=name.strip())
    return speaker.merge_target()


def _statement_url(quote: Quote) -> str:
    """The statement on its article's page: the part of the page that holds it."""
    return f"{reverse('article-detail', args=[quote.article_id])}?quote={quote.pk}#quote-{quote.pk}"


@role_required(EDITORS)
@require_POST
def quote_edit(request, pk: int):
    """An editor gives a statement to another speaker or changes its kind."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        changes = {"speaker": _speaker_named(data["speaker"]), "kind": data["kind"]}
        if data["content_start"] is not None and data["content_end"] is not None:
            changes.update(content_start=data["content_start"], content_end=data["content_end"])
        try:
            services.quote_update(quote=quote, by=request.user, changes=changes, note=data["note"])
            messages.success(request, "Statement updated.")
        except (ValidationError, ValueError) as exc:
            messages.error(request, f"Not saved: {exc}")
    else:
        messages.error(request, "Not saved: " + form.errors.as_text())
    return redirect(_statement_url(quote))


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
    """An editor rejects a statement: hidden, and never extracted again."""
    quote = get_object_or_404(Quote, pk=pk)
    services.quote_update(quote=quote, by=request.user, changes={"rejected": True})
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
    """A fact-checker sets the verdict, with a summary, evidence and a note."""
    claim = get_object_or_404(Claim, pk=pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        services.claim_verdict_set(claim=claim, by=request.user, **form.cleaned_data)
        claim.refresh_from_db()
        messages.success(request, f"Verdict set: {claim.get_verdict_display()}.")
    else:
        messages.error(request, "Not saved: " + form.errors.as_text())
    return redirect("claim-detail", pk=claim.pk)
