from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from claims.selectors import speaker_list

from .highlight import body_segments
from .models import Article
from .selectors import article_get, article_list

PAGE_SIZE = 25


def article_index(request):
    page = Paginator(article_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/index.html", {"page": page})


def article_detail(request, pk: int):
    try:
        article = article_get(pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404("No such article.") from exc
    quotes = list(article.quotes.all())
    context = {
        "article": article,
        "quotes": quotes,
        "segments": body_segments(article.body, quotes),
    }
    return render(request, "articles/detail.html", context)


HOME_ITEMS = 10


def home(request):
    context = {
        "articles": article_list()[:HOME_ITEMS],
        "speakers": speaker_list().filter(quote_count__gt=0)[:HOME_ITEMS],
    }
    return render(request, "home.html", context)
