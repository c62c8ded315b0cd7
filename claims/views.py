from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from extraction.speakers import normalise

from . import services
from .claimreview import claim_review
from .forms import ClaimNewForm, QuoteEditForm, VerdictForm
from .models import Claim, Quote, Speaker, SpeakerAlias
from .permissions import EDITORS, FACT_CHECKERS, role_required
from .selectors import claim_events, claim_list, quote_list, speaker_get, speaker_list

PAGE_SIZE = 50


def speaker_index(request):
    page = Paginator(speaker_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_index.html", {"page": page})


def speaker_detail(request, slug: str):
    try:
        speaker = speaker_get(slug=slug)
    except Speaker.DoesNotExist as exc:
        raise Http404("No such speaker.") from exc
    if speaker.merged_into_id:
        return redirect("speaker-detail", slug=speaker.merged_into.slug, permanent=True)
    page = Paginator(quote_list(speaker=speaker), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_detail.html", {"speaker": speaker, "page": page})


def claim_detail(request, pk: int):
    claim = get_object_or_404(claim_list(), pk=pk)
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
            "events": claim_events(claim=claim),
            "review": review,
            "form": VerdictForm(initial={"verdict": claim.verdict, "summary": claim.summary}),
        },
    )


def _speaker_named(name: str):
    """The speaker a form names (slug or any alias), created when nobody has that name."""
    name = name.strip()
    if not name:
        return None
    speaker = Speaker.objects.filter(slug=name).first()
    if speaker is None:
        alias = SpeakerAlias.objects.select_related("speaker").filter(normalised=normalise(name))
        speaker = alias.first().speaker if alias.exists() else None
    speaker = speaker or services.speaker_for_name(name=name)
    return speaker.merged_into or speaker


@role_required(EDITORS)
@require_POST
def quote_edit(request, pk: int):
    """An editor gives a statement to another speaker or changes its kind."""
    quote = get_object_or_404(Quote, pk=pk)
    form = QuoteEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.quote_update(
                quote=quote,
                by=request.user,
                changes={"speaker": _speaker_named(data["speaker"]), "kind": data["kind"]},
                note=data["note"],
            )
            messages.success(request, "Statement updated.")
        except (ValidationError, ValueError) as exc:
            messages.error(request, f"Not saved: {exc}")
    else:
        messages.error(request, "Not saved: " + form.errors.as_text())
    return redirect(f"{reverse('article-detail', args=[quote.article_id])}#quote-{quote.pk}")


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
