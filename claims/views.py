from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .models import Speaker
from .selectors import quote_list, speaker_get, speaker_list

PAGE_SIZE = 50


def speaker_index(request):
    page = Paginator(speaker_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_index.html", {"page": page})


def speaker_detail(request, slug: str):
    try:
        speaker = speaker_get(slug=slug)
    except Speaker.DoesNotExist as exc:
        raise Http404("No such speaker.") from exc
    page = Paginator(quote_list(speaker=speaker), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_detail.html", {"speaker": speaker, "page": page})
