"""The statement search of the search page, which a watchlist saves: words (full text, as
the API's ``q``), speakers, outlets, kinds and published verdicts. Every criterion given must
hold; within one, any of its values. The search page, a watchlist's page, feed, digest and
dashboard count, and the API export of a watchlist all filter with :func:`quotes_matching`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Value

from .filters import quote_search
from .models import Claim, Quote, Speaker, Watchlist
from .selectors import quote_list

# Seconds the digest waits for the statements being written to be committed.
CEILING_LOCK_TIMEOUT = "10s"


@dataclass(frozen=True)
class StatementSearch:
    words: str = ""
    speaker_ids: tuple[int, ...] = ()
    outlets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.words.strip(), self.speaker_ids, self.outlets, self.kinds, self.verdicts))

    def params(self) -> list[tuple[str, str]]:
        """The search page's parameters for this search (speakers by id)."""
        params = [("q", self.words)] if self.words else []
        if self.speaker_ids:
            params.append(("speakers", ",".join(str(pk) for pk in self.speaker_ids)))
        if self.outlets:
            params.append(("outlets", ", ".join(self.outlets)))
        params += [("kind", kind) for kind in self.kinds]
        return params + [("verdict", verdict) for verdict in self.verdicts]

    def query_string(self) -> str:
        return urlencode(self.params())


def quotes_matching(search: StatementSearch, quotes: QuerySet[Quote] | None = None):
    """``quotes`` (by default every statement not rejected, newest first: the search page's
    list) that match ``search``."""
    quotes = quote_list() if quotes is None else quotes
    if search.words.strip():
        quotes = quote_search(quotes, search.words)
    if search.speaker_ids:
        quotes = quotes.filter(speaker_id__in=search.speaker_ids)
    if search.outlets:
        outlets = Q()
        for outlet in search.outlets:
            outlets |= Q(article__outlet__iexact=outlet)
        quotes = quotes.filter(outlets)
    if search.kinds:
        quotes = quotes.filter(kind__in=search.kinds)
    if search.verdicts:
        claims = Claim.objects.filter(quotes=OuterRef("pk"), verdict__in=search.verdicts)
        quotes = quotes.filter(Exists(claims))
    return quotes


def speakers_standing(speakers) -> tuple[int, ...]:
    """The ids of ``speakers`` as they stand now: one merged into another is that one (its
    statements moved there, and its names name that one)."""
    return tuple(sorted({speaker.merge_target().pk for speaker in speakers}))


def watchlist_search(watchlist: Watchlist) -> StatementSearch:
    """The search ``watchlist`` saved (its speakers read once; prefetch them for many)."""
    return StatementSearch(
        words=watchlist.words,
        speaker_ids=speakers_standing(watchlist.speakers.all()),
        outlets=tuple(watchlist.outlets),
        kinds=tuple(watchlist.kinds),
        verdicts=tuple(watchlist.verdicts),
    )


def watchlists_of(owner) -> QuerySet[Watchlist]:
    """``owner``'s watchlists by name, with their speakers (and whom those were merged into)."""
    speakers = Speaker.objects.select_related("merged_into").order_by("name")
    return Watchlist.objects.filter(owner=owner).prefetch_related(
        Prefetch("speakers", queryset=speakers)
    )


def watchlist_quotes(watchlist: Watchlist) -> QuerySet[Quote]:
    """The statements ``watchlist`` matches, newest first (as the search lists them)."""
    return quotes_matching(watchlist_search(watchlist))


def watchlist_new_statements(
    watchlist: Watchlist, *, after: int, through: int | None = None
) -> QuerySet[Quote]:
    """The statements ``watchlist`` matches with an id above ``after`` (and at most
    ``through``), newest first."""
    quotes = watchlist_quotes(watchlist).filter(pk__gt=after)
    return quotes if through is None else quotes.filter(pk__lte=through)


def watchlists_new_counts(watchlists: list[Watchlist]) -> dict[int, int]:
    """For each watchlist, its statements since its owner last saw it: one query, whatever
    the number of watchlists (their speakers prefetched: :func:`watchlists_of`)."""
    if not watchlists:
        return {}
    counts = [
        quotes_matching(watchlist_search(w), Quote.objects.filter(rejected=False))
        .filter(pk__gt=w.seen_through)
        .order_by()
        .annotate(watchlist=Value(w.pk))
        .values("watchlist")
        .annotate(n=Count("*"))
        .values_list("watchlist", "n")
        for w in watchlists
    ]
    found = dict(counts[0].union(*counts[1:], all=True))
    return {w.pk: found.get(w.pk, 0) for w in watchlists}


def statements_ceiling() -> int:
    """The newest statement id below which every statement that will ever exist is committed
    now: statements are numbered when written, and committed later, maybe out of order; a
    mark moved past a number still uncommitted would skip it for good. On PostgreSQL, a
    short SHARE lock waits for the transactions writing statements to end (new writers wait
    meanwhile, and number theirs above the ceiling)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{CEILING_LOCK_TIMEOUT}'")
                cursor.execute(f"LOCK TABLE {Quote._meta.db_table} IN SHARE MODE")
        return Quote.objects.aggregate(newest=Max("pk"))["newest"] or 0
