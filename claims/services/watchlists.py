"""Watchlists: a user's saved statement searches, their feed's secret and what their owner
has seen. The daily digest is :mod:`claims.services.digests`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..filters import search_check
from ..models import Quote, Speaker, Watchlist
from ..models.watchlists import feed_token_new
from ..searches import StatementSearch, quotes_matching, watchlist_search


def _saved(watchlist: Watchlist, *, name: str, search: StatementSearch) -> Watchlist:
    search_check(search.words)
    watchlist.name = name.strip()
    watchlist.words = search.words.strip()
    watchlist.outlets = list(search.outlets)
    watchlist.kinds = list(search.kinds)
    watchlist.verdicts = list(search.verdicts)
    watchlist.full_clean()
    watchlist.save()
    watchlist.speakers.set(Speaker.objects.filter(pk__in=search.speaker_ids))
    return watchlist


@transaction.atomic
def watchlist_create(*, owner, name: str, search: StatementSearch) -> Watchlist:
    """A new watchlist of ``owner`` saving ``search``. What was said before it is not new:
    its marks start at the newest statement."""
    newest = Quote.objects.aggregate(newest=Max("pk"))["newest"] or 0
    watchlist = Watchlist(owner=owner, seen_through=newest, digest_through=newest)
    return _saved(watchlist, name=name, search=search)


@transaction.atomic
def watchlist_update(*, watchlist: Watchlist, name: str, search: StatementSearch) -> Watchlist:
    """Renames ``watchlist`` or changes its search; its marks stay (statements older than
    them that the new search matches are not new)."""
    return _saved(watchlist, name=name, search=search)


def watchlist_delete(*, watchlist: Watchlist) -> None:
    watchlist.delete()


def watchlist_token_revoke(*, watchlist: Watchlist) -> Watchlist:
    """A new feed secret: the old feed address answers 404 from now on."""
    watchlist.feed_token = feed_token_new()
    watchlist.save(update_fields=["feed_token", "updated_at"])
    return watchlist


def watchlist_visit(*, watchlist: Watchlist) -> int:
    """Marks what ``watchlist`` matches now as seen by its owner (the dashboard counts from
    there); returns the previous mark, so the page can show which statements were new."""
    newest = quotes_matching(watchlist_search(watchlist), Quote.objects.filter(rejected=False))
    newest = newest.aggregate(newest=Max("pk"))["newest"] or 0
    previous = watchlist.seen_through
    Watchlist.objects.filter(pk=watchlist.pk, seen_through__lt=newest).update(seen_through=newest)
    Watchlist.objects.filter(pk=watchlist.pk).update(visited_at=timezone.now())
    return previous
