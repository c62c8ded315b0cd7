"""Reads of who said what."""

import re
from functools import cache

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from api.validation import CONTROL_CHARACTERS, ID_PATTERN
from articles.models import Article
from extraction.registry import Registry

from .models import (
    Claim,
    ClaimEvent,
    MisquoteAlert,
    Quote,
    QuoteEvent,
    Speaker,
    SpeakerAlias,
)
from .names import name_key
from .rows import EMBEDDED_QUOTES, QUOTE_LIST_FIELDS, QUOTE_ROW_FIELDS, QUOTE_ROW_ONLY

__all__ = ["EMBEDDED_QUOTES", "QUOTE_LIST_FIELDS", "QUOTE_ROW_FIELDS", "QUOTE_ROW_ONLY"]


def quote_rows(quotes: QuerySet[Quote]) -> QuerySet[dict]:
    """``quotes`` as dictionaries (QUOTE_ROW_FIELDS): lists of tens of quotes are read
    without building model instances."""
    return quotes.values(*QUOTE_ROW_FIELDS)


def quote_rows_all() -> QuerySet[dict]:
    """Every quote (rejected ones too) as rows, newest first: what the API's quote lists
    filter. Building this queryset (its joins, columns and ordering) takes as long as a small
    page's query, so it is built once per process and each call gets a fresh copy."""
    return _quote_rows_all().all()


@cache
def _quote_rows_all() -> QuerySet[dict]:
    # never evaluated itself (its result cache would keep every row): callers get copies
    return quote_rows(quote_list(rejected=None))


def speaker_list(*, quoted_only: bool = False) -> QuerySet[Speaker]:
    """Speakers (not merged into another) with their number of statements, most quoted
    first; ``quoted_only``: those with statements, as the site's lists show them."""
    # a count per speaker, run only for the speakers a page shows when the order is by name
    # (the API's): counting every speaker's statements took 1.2 s at a million
    listed = Quote.objects.filter(speaker=OuterRef("pk"), rejected=False).order_by()
    counted = listed.values("speaker").annotate(n=Count("*")).values("n")
    speakers = Speaker.objects.filter(merged_into__isnull=True).annotate(
        quote_count=Coalesce(Subquery(counted), 0)
    )
    speakers = speakers.filter(Exists(listed)) if quoted_only else speakers
    return speakers.order_by("-quote_count", "name", "id")


def speaker_named(ref: str) -> Speaker | None:
    """The speaker ``ref`` names: its id (ASCII digits), else its slug, else any of its name
    forms (compared as :func:`claims.names.name_key` does), merged into another or not. None
    when nobody has it, or for a ``ref`` with a control character (NUL would reach the
    database)."""
    ref = ref.strip()
    if not ref or CONTROL_CHARACTERS.search(ref):
        return None
    is_id = re.fullmatch(ID_PATTERN, ref)  # ASCII digits: "²".isdigit() is true too
    own = Speaker.objects.filter(Q(pk=int(ref)) if is_id else Q(slug=ref))
    # id, slug and name forms are unique: no ordering needed to take the one row
    speaker = next(iter(own.order_by()[:1]), None)
    if speaker is None:
        alias = SpeakerAlias.objects.select_related("speaker").filter(normalised=name_key(ref))
        speaker = next((a.speaker for a in alias.order_by()[:1]), None)
    return speaker


def speaker_resolve(ref: str) -> Speaker | None:
    """The speaker ``ref`` names (:func:`speaker_named`) as it stands now: one merged into
    another is that one (following a chain of merges to its end)."""
    speaker = speaker_named(ref)
    return speaker.merge_target() if speaker else None


def speaker_get(*, slug: str, aliases: bool = True) -> Speaker:
    """One speaker, with aliases unless not wanted (a merged speaker too: callers send
    readers on)."""
    if not aliases:
        return Speaker.objects.get(slug=slug)
    return Speaker.objects.prefetch_related(
        Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name"))
    ).get(slug=slug)


def quote_list(
    *,
    speaker: Speaker | None = None,
    article_id: int | None = None,
    rejected: bool | None = False,
) -> QuerySet[Quote]:
    """Statements newest first (by the article's publication, then by ingest), with their
    speaker and article (without its long texts); rejected ones only when asked for
    (``rejected=None``: all)."""
    quotes = Quote.objects.select_related("speaker", "article").only(*QUOTE_LIST_FIELDS)
    if rejected is not None:
        quotes = quotes.filter(rejected=rejected)
    if speaker is not None:
        quotes = quotes.filter(speaker=speaker)
    if article_id is not None:
        quotes = quotes.filter(article_id=article_id)
    return quotes.order_by(
        F("article__published_on").desc(nulls_last=True),
        "-article__created_at",
        "content_start",
        "id",
    )


def quotes_with_claims(quotes: QuerySet[Quote]) -> QuerySet[Quote]:
    """``quotes``, each with the claims it is in (id and verdict, oldest first) as
    ``claims_listed``: what every list of statements shows of their review."""
    claims = Claim.objects.only("id", "verdict").order_by("id")
    return quotes.prefetch_related(Prefetch("claims", queryset=claims, to_attr="claims_listed"))


def quotes_rejected() -> QuerySet[Quote]:
    """Rejected statements, the most recently changed first: for editors to restore."""
    return quote_list(rejected=True).order_by("-updated_at", "-id")


def claim_list(*, embedded: int | None = None) -> QuerySet[Claim]:
    """Claims, most recently changed first, with speaker, number of quotes (``quote_count``)
    and quotes, oldest first: all of them, or, given ``embedded``, the first ``embedded`` of
    each claim as ``embedded_quotes`` (and no others)."""
    # only what a row holds: 30 quotes with all their articles' columns took 14 ms to read
    attached = (
        Quote.objects.select_related("speaker", "article").only(*QUOTE_ROW_ONLY).order_by("id")
    )
    if embedded is None:
        quotes = Prefetch("quotes", queryset=attached)
    else:
        # a sliced prefetch needs an attribute of its own: Django would filter the slice
        quotes = Prefetch("quotes", queryset=attached[:embedded], to_attr="embedded_quotes")
    return (
        Claim.objects.select_related("speaker", "created_by", "assignee", "drafted_by")
        .annotate(quote_count=Count("quotes"))
        .prefetch_related(quotes)
        .order_by("-updated_at", "-id")
    )


# The desk's own steps (drafts, assignment, status): the newsroom's, not the public record.
INTERNAL_ACTIONS = ("drafted", "returned", "assigned", "status")


def claim_events(
    *, claim: Claim | None = None, since_version: int | None = None, internal: bool = True
) -> QuerySet[ClaimEvent]:
    """Review history, oldest first, with who did it; ``since_version``: only the changes
    that made a later version of the claim (what an editor who read that version missed);
    ``internal`` off: without the desk's own steps (drafts, assignment, status)."""
    events = ClaimEvent.objects.select_related("actor", "claim")
    if claim is not None:
        events = events.filter(claim=claim)
    if not internal:
        events = events.exclude(action__in=INTERNAL_ACTIONS)
    if since_version is not None:
        events = events.filter(version__gt=since_version)
    return events.order_by("created_at", "id")


def quote_events(*, quote: Quote, since_version: int | None = None) -> QuerySet[QuoteEvent]:
    """A quote's history, oldest first, with who did it; ``since_version``: only the changes
    that made a later version of it."""
    events = QuoteEvent.objects.select_related("actor").filter(quote=quote)
    if since_version is not None:
        events = events.filter(version__gt=since_version)
    return events.order_by("created_at", "id")


def speakers_most_quoted(*, since) -> QuerySet[Speaker]:
    """Speakers by their number of statements in articles published (or, undated, ingested)
    since ``since``."""
    recent = Q(quotes__rejected=False) & (
        Q(quotes__article__published_on__gte=since.date())
        | Q(quotes__article__published_on__isnull=True, quotes__article__created_at__gte=since)
    )
    return (
        Speaker.objects.filter(merged_into__isnull=True)
        .annotate(quote_count=Count("quotes", filter=recent))
        .filter(quote_count__gt=0)
        .order_by("-quote_count", "name")
    )


REVIEW_QUEUE = ("unreviewed", "disputed")


ANY_VERDICT = "any"


def claim_queue(*, verdict: str = "") -> QuerySet[Claim]:
    """Claims to review: unreviewed and disputed ones, the longest waiting first; or those
    of one ``verdict``, or every claim (``"any"``), the latest changed first."""
    claims = Claim.objects.select_related("speaker").annotate(quote_count=Count("quotes"))
    if verdict == ANY_VERDICT:
        return claims.order_by("-updated_at", "-id")
    if verdict:
        return claims.filter(verdict=verdict).order_by("-updated_at", "-id")
    return claims.filter(verdict__in=REVIEW_QUEUE).order_by("updated_at", "id")


# A statement whose confidence (the extractor's, its speaker resolution's certainty
# included: a pronoun no one fits, a surname several people bear) is below this is listed
# for an editor to check its speaker.
REVIEW_CONFIDENCE = 0.4


def quotes_kept(*, article: Article) -> QuerySet[Quote]:
    """The statements of ``article`` people decided on: made or corrected by an editor,
    verified, rejected, put in a claim, moved into or out of a statement group by an editor,
    in a misquote alert a fact-checker decided, or with any recorded event (an assignment).
    Re-extraction leaves them as they are, and the article is not deleted while it has any
    (their history would go with it)."""
    decided = Q(origin=Quote.Origin.EDITOR) | Q(verified=True) | Q(rejected=True)
    grouped = Q(group_member__by_editor=True) | Q(group_exclusions__isnull=False)
    reviewed = MisquoteAlert.objects.exclude(status=MisquoteAlert.Status.OPEN)
    in_review = Q(pk__in=reviewed.values("earlier")) | Q(pk__in=reviewed.values("later"))
    # any history at all: an editor's assignment too (history is kept with its statement)
    recorded = Q(events__isnull=False)
    return article.quotes.filter(
        decided | grouped | in_review | recorded | Q(claims__isnull=False)
    ).distinct()


def quotes_to_review(*, confidence_below: float = REVIEW_CONFIDENCE) -> QuerySet[Quote]:
    """The machine's statements, not yet verified or rejected, whose confidence is below
    ``confidence_below``: least sure first, then newest."""
    return (
        quote_list()
        .filter(origin=Quote.Origin.EXTRACTOR, verified=False, confidence__lt=confidence_below)
        .order_by("confidence", "-article__created_at", "content_start", "id")
    )


def speaker_registry() -> Registry:
    """The database's speakers as the extractor's registry of known speakers: each speaker
    not merged into another with its aliases (a merged speaker's name counts as a name of
    the one it was merged into), kind, gender, Wikidata QID and, as prominence, its number of
    statements. So what editors teach (a merge, an alias, a QID) decides how later articles
    are attributed. Two queries, whatever the number of speakers; the first names' genders
    come from the file shipped with the extractor."""
    speakers = (
        Speaker.objects.annotate(statements=Count("quotes", filter=Q(quotes__rejected=False)))
        .order_by("id")
        .values_list("id", "name", "kind", "gender", "wikidata_qid", "merged_into_id", "statements")
    )
    rows = {row[0]: row for row in speakers}
    names: dict[int, list[str]] = {}
    for speaker_id, name in SpeakerAlias.objects.values_list("speaker_id", "name"):
        names.setdefault(speaker_id, []).append(name)
    for pk, name, _, _, _, merged_into, _ in rows.values():
        if merged_into is not None:
            names.setdefault(_merge_target(pk, rows), []).append(name)
    shipped = _shipped_registry()
    registry = Registry(first_names=shipped.first_names)
    for pk, name, kind, gender, qid, merged_into, statements in rows.values():
        if merged_into is None:
            # a public figure starts from the prominence the shipped file gives it (a
            # president above a member of the House) and keeps its historical mark
            known = (qid and shipped.by_qid(qid)) or shipped.get(name)
            registry.add(
                name,
                kind=kind,
                aliases=names.get(pk, ()),
                gender=gender or None,
                qid=qid,
                prominence=float(statements) + (known.prominence if known else 0.0),
                historical=known.historical if known else False,
            )
    return registry


def _merge_target(pk: int, rows: dict[int, tuple]) -> int:
    """The speaker ``pk`` ends up as, following merges (a merged speaker's target may have
    been merged in turn)."""
    seen = {pk}
    while rows[pk][5] is not None and rows[pk][5] not in seen:
        pk = rows[pk][5]
        seen.add(pk)
    return pk


@cache
def _shipped_registry() -> Registry:
    """The public-figure file shipped with the extractor, read once (never modified)."""
    return Registry.default()
