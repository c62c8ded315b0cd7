"""The site's pages that span the apps: the dashboard and the one search box."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from articles.selectors import article_list, article_search
from claims.filters import speakers_named
from claims.search_forms import StatementSearchForm
from claims.searches import quotes_matching, watchlists_new_counts, watchlists_of
from claims.selectors import (
    claim_queue,
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
    most quoted speakers of the week; and a signed-in user's watchlists, each with its
    number of new statements since they last opened it."""
    context = {
        "articles": article_list()[:HOME_ITEMS],
        "queue": claim_queue()[:HOME_ITEMS],
        "speakers": speakers_most_quoted(since=timezone.now() - WEEK)[:HOME_ITEMS],
    }
    if request.user.is_authenticated:
        watchlists = list(watchlists_of(request.user))
        counts = watchlists_new_counts(watchlists)
        context["watchlists"] = [(w, counts[w.pk]) for w in watchlists]
    return render(request, "home.html", context)


def search(request):
    """One box over statements, speakers and articles, and the statements' filters
    (speakers, outlets, kinds, verdicts): every statement that matches, a page at a time with
    their number; for words, the first speakers and articles with theirs (a search too long
    is refused, saying why). A signed-in user saves the statement search as a watchlist."""
    form = StatementSearchForm(request.GET)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        context = {"q": request.GET.get("q", ""), "form": form, "error": error}
        return render(request, "search.html", context, status=400)
    search = form.search()
    q = search.words
    results = {}
    if search:
        quotes = Paginator(quotes_with_claims(quotes_matching(search)), SEARCH_ITEMS)
        results = {
            "page": quotes.get_page(request.GET.get("page")),
            "search": search,
            # the API's exports of the same search, the rows this page lists: by its words
            # alone when it has nothing else, else by the whole search
            "exports": export_links(q=q)
            if search.params() == [("q", q)]
            else export_links(search=search.query_string()),
        }
    if q:
        speakers = speaker_list(quoted_only=True).filter(pk__in=speakers_named(q).values("pk"))
        articles = article_search(q)
        results |= {
            "speakers": speakers[:SEARCH_ITEMS],
            "speaker_total": speakers.count(),
            "articles": articles[:SEARCH_ITEMS],
            "article_total": articles.count(),
        }
    return render(request, "search.html", {"q": q, "form": form, **results})
