"""A watchlist's Atom feed: its newest statements, at an address holding the watchlist's
secret (no session: feed readers have none). A wrong or revoked secret is not found."""

import secrets

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Quote, Watchlist
from .searches import quotes_matching, watchlist_search
from .views.common import _statement_url

FEED_ITEMS = 50


class WatchlistFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, pk: int, token: str) -> Watchlist:
        # a deactivated account's feeds stop with it
        watchlist = Watchlist.objects.filter(pk=pk, owner__is_active=True).first()
        if watchlist is None or not secrets.compare_digest(watchlist.feed_token, token):
            raise Http404("No such feed.")
        return watchlist

    def title(self, watchlist: Watchlist) -> str:
        return f"OnRecord watchlist: {watchlist.name}"

    def subtitle(self, watchlist: Watchlist) -> str:
        return "New statements matching the watchlist, the latest ingested first."

    def link(self, watchlist: Watchlist) -> str:
        return reverse("watchlist-detail", args=[watchlist.pk])

    def items(self, watchlist: Watchlist):
        """The newest statements it matches, by when they were found (a feed reader's
        order), not by their articles' dates as the pages list them."""
        quotes = quotes_matching(watchlist_search(watchlist))
        return quotes.order_by("-created_at", "-id")[:FEED_ITEMS]

    def item_title(self, quote: Quote) -> str:
        who = quote.speaker.name if quote.speaker else "Unattributed"
        text = quote.text if len(quote.text) <= 120 else quote.text[:119] + "…"
        return f"{who}{' ' + quote.cue if quote.cue else ''}: {text}"

    def item_description(self, quote: Quote) -> str:
        return quote.text

    def item_link(self, quote: Quote) -> str:
        return _statement_url(quote)

    def item_pubdate(self, quote: Quote):
        return quote.created_at

    def item_updateddate(self, quote: Quote):
        return quote.created_at

    def item_author_name(self, quote: Quote) -> str | None:
        return quote.speaker.name if quote.speaker else None

    def item_categories(self, quote: Quote) -> list[str]:
        return [quote.article.outlet] if quote.article.outlet else []


watchlist_feed = login_not_required(WatchlistFeed())
