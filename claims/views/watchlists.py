"""A signed-in user's watchlists: the list (and a new one, from the search page), one
watchlist's statements (opening it marks them seen), its edit, feed secret and deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..search_forms import WatchlistForm
from ..searches import watchlist_quotes, watchlist_search, watchlists_new_counts, watchlists_of
from ..selectors import quotes_with_claims
from .common import PAGE_SIZE, form_refused


def _own(request, pk: int):
    """The signed-in user's watchlist ``pk``; anyone else's is not found."""
    return get_object_or_404(watchlists_of(request.user), pk=pk)


@login_required
def watchlist_index(request):
    """The user's watchlists with their new statements; a POST saves a new one."""
    form = WatchlistForm(request.POST) if request.method == "POST" else WatchlistForm()
    if request.method == "POST" and form.is_valid():
        try:
            watchlist = services.watchlist_create(
                owner=request.user, name=form.cleaned_data["name"], search=form.search()
            )
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(request, f"Watchlist “{watchlist.name}” saved.")
            return redirect("watchlist-detail", pk=watchlist.pk)
    watchlists = list(watchlists_of(request.user))
    counts = watchlists_new_counts(watchlists)
    context = {"watchlists": [(w, counts[w.pk]) for w in watchlists], "form": form}
    return render(request, "claims/watchlists.html", context, status=400 if form.errors else 200)


@login_required
def watchlist_detail(request, pk: int):
    """The statements the watchlist matches, newest first, those new since the last visit
    marked (the visit marks them seen); a POST changes its name or search."""
    watchlist = _own(request, pk)
    form = WatchlistForm.of(watchlist)
    if request.method == "POST":
        form = WatchlistForm(request.POST)
        if form.is_valid():
            try:
                services.watchlist_update(
                    watchlist=watchlist, name=form.cleaned_data["name"], search=form.search()
                )
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(request, "Watchlist saved.")
                return redirect("watchlist-detail", pk=watchlist.pk)
        watchlist = _own(request, pk)  # as stored: the refused form did not change it
    seen_before = services.watchlist_visit(watchlist=watchlist)
    quotes = Paginator(quotes_with_claims(watchlist_quotes(watchlist)), PAGE_SIZE)
    feed = reverse("watchlist-feed", args=[watchlist.pk, watchlist.feed_token])
    context = {
        "watchlist": watchlist,
        "page": quotes.get_page(request.GET.get("page")),
        "seen_before": seen_before,
        "search": watchlist_search(watchlist),
        "feed_url": request.build_absolute_uri(feed),
        "form": form,
    }
    return render(request, "claims/watchlist.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def watchlist_token_revoke(request, pk: int):
    services.watchlist_token_revoke(watchlist=_own(request, pk))
    messages.success(request, "Feed address changed: the old one no longer works.")
    return redirect("watchlist-detail", pk=pk)


@login_required
@require_POST
def watchlist_delete(request, pk: int):
    watchlist = _own(request, pk)
    services.watchlist_delete(watchlist=watchlist)
    messages.success(request, f"Watchlist “{watchlist.name}” deleted.")
    return redirect("watchlist-index")
