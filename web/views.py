"""The site's pages that span the apps: the dashboard and the one search box."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from articles.selectors import article_list, article_search
from claims.filters import quote_search, search_check, speakers_named
from claims.selectors import (
    claim_queue,
    quote_list,
    quotes_with_claims,
    speaker_list,
    speakers_most_quoted,
)
from claims.views.common import export_links

SEARCH_ITEMS = 20
HOME_ITEMS = 10
WEEK = dt.timedelta(days=7)


def home(request):
    """The dashboard: latest articles and their status, the claims waiting for review, the
    most quoted speakers of the week."""
    context = {
        "articles": article_list()[:HOME_ITEMS],
        "queue": claim_queue()[:HOME_ITEMS],
        "speakers": speakers_most_quoted(since=timezone.now() - WEEK)[:HOME_ITEMS],
    }
    return render(request, "home.html", context)


def search(request):
    """One box over statements, speakers and articles: every statement that matches, a page
    at a time with their number; the first speakers and articles with theirs (a search too
    long is refused, saying why)."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError as exc:
        return render(request, "search.html", {"q": q, "error": exc.messages[0]}, status=400)
    results = {}
    if q:
        quotes = Paginator(quotes_with_claims(quote_search(quote_list(), q)), SEARCH_ITEMS)
        speakers = speaker_list(quoted_only=True).filter(pk__in=speakers_named(q).values("pk"))
        articles = article_search(q)
        results = {
            "page": quotes.get_page(request.GET.get("page")),
            "speakers": speakers[:SEARCH_ITEMS],
            "speaker_total": speakers.count(),
            "articles": articles[:SEARCH_ITEMS],
            "article_total": articles.count(),
            "exports": export_links(q=q),
        }
    return render(request, "search.html", {"q": q, **results})
