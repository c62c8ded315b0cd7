"""Reads for merging speakers: whom an editor may mean (suggestions as they type), what a
merge would move (the preview shows it, :func:`claims.services.speaker_merge` moves exactly
that), and who was merged into a speaker (to undo)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .filters import speakers_named
from .models import Claim, Quote, Speaker, SpeakerEvent
from .names import name_key, trigram_similarity

SUGGESTIONS = 10
# speakers read to rank suggestions from, most quoted first
SUGGESTION_POOL = 50


def suggestion_rows(speakers: list[Speaker]) -> list[dict]:
    """Suggestions as the pages' scripts read them: name, slug, kind, statements, QID."""
    return [
        {
            "name": s.name,
            "slug": s.slug,
            "kind": s.get_kind_display(),
            "quote_count": s.quote_count,
            "wikidata_qid": s.wikidata_qid,
        }
        for s in speakers
    ]


def speaker_suggestions(
    q: str, *, exclude: Speaker | None = None, limit: int = SUGGESTIONS
) -> list[Speaker]:
    """Speakers (not merged into another) an editor typing ``q`` may mean, fuzzy
    (:func:`claims.filters.speakers_named`), each with ``quote_count``: those with a name
    containing ``q`` ("Clinton") before those only alike ("Hilary"); in each group the most
    quoted first, then the closest name."""
    q = q.strip()
    if not q:
        return []
    speakers = speakers_named(q).filter(merged_into__isnull=True)
    if exclude is not None:
        speakers = speakers.exclude(pk=exclude.pk)
    speakers = (
        speakers.annotate(quote_count=Count("quotes", filter=Q(quotes__rejected=False)))
        .prefetch_related("aliases")
        .order_by("-quote_count", "name", "id")[:SUGGESTION_POOL]
    )
    key = name_key(q)

    def rank(speaker: Speaker) -> tuple:
        names = [speaker.name, *(alias.name for alias in speaker.aliases.all())]
        contains = any(key in name_key(name) for name in names)
        closest = max(trigram_similarity(name, q) for name in names)
        return (not contains, -speaker.quote_count, -closest)

    return sorted(speakers, key=rank)[:limit]


@dataclass(frozen=True)
class MergePlan:
    """What merging ``source`` into ``target`` moves: its statements (rejected ones
    included), names, claims, and the speakers merged into it earlier (their pointers)."""

    source: Speaker
    target: Speaker
    quote_ids: list[int]
    aliases: list[str]
    claim_ids: list[int]
    merged_ids: list[int]

    def claims(self) -> QuerySet[Claim]:
        return Claim.objects.filter(pk__in=self.claim_ids).order_by("id")

    def merged(self) -> QuerySet[Speaker]:
        return Speaker.objects.filter(pk__in=self.merged_ids).order_by("name")

    def rejected_count(self) -> int:
        return Quote.objects.filter(pk__in=self.quote_ids, rejected=True).count()


def speaker_merge_plan(*, source: Speaker, target: Speaker) -> MergePlan:
    """What :func:`claims.services.speaker_merge` of ``source`` into ``target`` would move,
    as it stands now."""

    def ids(rows: QuerySet) -> list[int]:
        return list(rows.order_by("id").values_list("id", flat=True))

    return MergePlan(
        source=source,
        target=target,
        quote_ids=ids(Quote.objects.filter(speaker=source)),
        aliases=list(source.aliases.order_by("name").values_list("name", flat=True)),
        claim_ids=ids(Claim.objects.filter(speaker=source)),
        merged_ids=ids(Speaker.objects.filter(merged_into=source)),
    )


def speakers_merged_into(speaker: Speaker) -> list[tuple[Speaker, SpeakerEvent | None]]:
    """The speakers merged into ``speaker`` (directly or along a chain), each with the
    event of its last merge (None for one merged before merges were recorded)."""
    merged = list(Speaker.objects.filter(merged_into=speaker).order_by("name", "id"))
    events = SpeakerEvent.objects.filter(
        action=SpeakerEvent.Action.MERGED, new__merged__id__in=[s.pk for s in merged]
    ).select_related("actor")
    last = {event.new["merged"]["id"]: event for event in events.order_by("created_at", "id")}
    return [(source, last.get(source.pk)) for source in merged]
