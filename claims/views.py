from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .claimreview import claim_review
from .models import Speaker
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
        {"claim": claim, "events": claim_events(claim=claim), "review": review},
    )
