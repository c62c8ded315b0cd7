"""The claims' pages: the list, a claim with its history, a new claim and its verdict."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from api.permissions import FACT_CHECKERS, in_newsroom, role_required, user_roles
from articles.models import Article

from .. import services
from ..claimreview import claim_review
from ..conflicts import conflict_of
from ..forms import (
    ClaimNewForm,
    ClaimStatementForm,
    VerdictForm,
)
from ..models import Claim, Quote, Verdict
from ..queue import newsroom_people
from ..selectors import (
    ANY_VERDICT,
    claim_events,
    claim_list,
    claim_queue,
)
from ..similarity import claim_matching_rows
from .common import PAGE_SIZE, export_links
from .share import share_of_claim

QUEUE = "queue"
# The orders a reader may pick beside the default (the queue's longest waiting first, else
# the latest changed first).
CLAIM_SORTS = {
    "oldest": ("Oldest changed first", ("updated_at", "id")),
    "latest": ("Latest changed first", ("-updated_at", "-id")),
    "statements": ("Most statements first", ("-quote_count", "-id")),
}


def claim_index(request):
    """Claims: the review queue (unreviewed and disputed claims, the longest waiting first),
    every claim (``verdict=any``), or those of one verdict. Fact-checkers open on the queue,
    everyone else on every claim."""
    verdict = request.GET.get("verdict", "")
    if verdict not in (QUEUE, ANY_VERDICT, *Verdict.values):
        verdict = QUEUE if FACT_CHECKERS in user_roles(request.user) else ANY_VERDICT
    claims = claim_queue(verdict="" if verdict == QUEUE else verdict)
    sort = request.GET.get("sort", "")
    if sort in CLAIM_SORTS:
        claims = claims.order_by(*CLAIM_SORTS[sort][1])
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    choices = [
        (QUEUE, "Waiting for review (unreviewed, disputed)"),
        (ANY_VERDICT, "Any verdict"),
        *Verdict.choices,
    ]
    context = {
        "page": page,
        "verdict": verdict,
        "verdicts": choices,
        "queue": verdict == QUEUE,
        "sort": sort,
        "sorts": [("", "Longest waiting first" if verdict == QUEUE else "Latest changed first")]
        + [(value, label) for value, (label, _) in CLAIM_SORTS.items()],
    }
    return render(request, "claims/claim_index.html", context)


CONTEXT_CHARS = 160


def claim_detail(request, pk: int):
    return _claim_page(request, pk)


def _claim_page(
    request,
    pk: int,
    *,
    conflict: dict | None = None,
    form=None,
    statement_form=None,
    status: int = 200,
):
    """A claim's page; ``conflict`` (``message``, ``note``, and ``attempt`` for a verdict
    or ``statement`` for the claim's text): an edit was refused as stale, and its form shows
    the current values with the editor's note kept; ``form`` (the verdict's) or
    ``statement_form`` (the claim's text): a form refused as invalid, shown again as it was
    filled in, open, with a message at each field."""
    claim = get_object_or_404(claim_list(), pk=pk)
    # rejected statements are hidden from every page (and left out of the export)
    quotes = [quote for quote in claim.quotes.all() if not quote.rejected]
    bodies = dict(Article.objects.filter(quotes__in=quotes).values_list("pk", "body"))
    for quote in quotes:
        body = bodies.get(quote.article_id, "")
        quote.before = body[max(0, quote.content_start - CONTEXT_CHARS) : quote.content_start]
        quote.after = body[quote.content_end : quote.content_end + CONTEXT_CHARS]
    # statements elsewhere that say the same, for the fact-checkers who attach them
    matching = claim_matching_rows(claim) if FACT_CHECKERS in user_roles(request.user) else []
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
            "matching": matching,
            "events": claim_events(claim=claim, internal=in_newsroom(request.user)),
            "people": newsroom_people() if FACT_CHECKERS in user_roles(request.user) else [],
            "approval": settings.VERDICT_APPROVAL,
            "review": review,
            "share": share_of_claim(request, claim),
            "exports": export_links(claim=claim.pk),
            "form": form
            or VerdictForm(
                initial={
                    "verdict": claim.draft_verdict or claim.verdict,
                    "summary": claim.draft_summary if claim.draft_verdict else claim.summary,
                    "evidence_links": "\n".join(
                        str(link)
                        for link in (
                            claim.draft_evidence_links
                            if claim.draft_verdict
                            else claim.evidence_links
                        )
                    ),
                    "version": claim.version,
                    "note": conflict["note"] if conflict and "attempt" in conflict else "",
                }
            ),
            "statement_form": statement_form
            or ClaimStatementForm(
                initial={
                    "statement": claim.statement,
                    "version": claim.version,
                    "note": conflict["note"] if conflict and "statement" in conflict else "",
                },
                prefix="claim",
            ),
            "conflict": conflict,
        },
        status=status,
    )


@role_required(FACT_CHECKERS)
@require_POST
def claim_new(request):
    """A fact-checker turns a statement into a claim to review; a statement already in a
    claim opens that claim (a second click makes no second claim)."""
    form = ClaimNewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not created: " + form.errors.as_text())
        return redirect(request.META.get("HTTP_REFERER") or "home")
    quote = get_object_or_404(Quote, pk=form.cleaned_data["quote"], rejected=False)
    if quote.speaker is None:
        messages.error(request, "Give the statement a speaker first: a claim needs one.")
        return redirect("article-detail", pk=quote.article_id)
    try:
        claim = services.claim_create(
            speaker=quote.speaker,
            statement=form.cleaned_data["statement"],
            quotes=[quote],
            by=request.user,
        )
    except services.QuoteInClaim as taken:
        messages.info(request, "This statement is already in a claim: here it is.")
        return redirect("claim-detail", pk=taken.claim.pk)
    return redirect("claim-detail", pk=claim.pk)


@role_required(FACT_CHECKERS)
@require_POST
def claim_statement(request, pk: int):
    """A fact-checker words the claim as a checkable sentence; recorded. A form filled in
    from an older version of the claim is refused, as a verdict is."""
    claim = get_object_or_404(Claim, pk=pk)
    form = ClaimStatementForm(request.POST, prefix="claim")
    if not form.is_valid():
        return _claim_page(request, claim.pk, statement_form=form, status=400)
    data = form.cleaned_data
    try:
        event = services.claim_statement_set(
            claim=claim,
            statement=data["statement"],
            by=request.user,
            note=data["note"],
            expected_version=data["version"],
        )
    except services.StaleEdit as stale:
        messages.error(request, "Not saved: the claim changed since you opened it (see below).")
        context = {
            "message": conflict_of(stale).message,
            "note": data["note"],
            "statement": data["statement"],
        }
        return _claim_page(request, claim.pk, conflict=context, status=409)
    if event is None:
        messages.info(request, "Nothing to save: the claim reads as the form has it.")
    else:
        messages.success(request, "Claim text saved.")
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
        return _claim_page(request, claim.pk, form=form, status=400)
    data = form.cleaned_data
    # compared with what the form showed: the draft's, when there is one
    shown = "draft_" if claim.draft_verdict else ""
    changed = {
        name: data[name]
        for name in ("summary", "evidence_links")
        if data[name] != getattr(claim, shown + name)
    }
    try:
        services.claim_verdict_submit(
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
    if claim.draft_verdict:
        messages.success(
            request,
            f"Draft verdict saved: {claim.get_draft_verdict_display()}. It is published when"
            " a second fact-checker approves it.",
        )
    else:
        messages.success(request, f"Verdict set: {claim.get_verdict_display()}.")
    return redirect("claim-detail", pk=claim.pk)


@role_required(FACT_CHECKERS)
@require_POST
def claim_attach(request, pk: int):
    """A fact-checker attaches a matching statement to the claim, in one click; recorded in
    the claim's history."""
    claim = get_object_or_404(Claim, pk=pk)
    quote_id = request.POST.get("quote", "").strip()
    if not quote_id.isascii() or not quote_id.isdigit():
        raise Http404("No such statement.")
    quote = get_object_or_404(Quote, pk=int(quote_id))
    try:
        services.claim_quotes_add(claim=claim, quotes=[quote], by=request.user)
        messages.success(request, "Statement attached.")
    except ValidationError as exc:
        messages.error(request, "Not attached: " + "; ".join(exc.messages))
    return redirect("claim-detail", pk=claim.pk)
