"""Speakers a typed name may mean ("Gavin Newsome", "Hilary"): the correction forms' "did
you mean" and the speaker fields' suggestions as you type. Fuzzy on every database: the
candidates are the names sharing the start of a word with what was typed (or holding it
whole), ranked by how alike they are, word by word as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Q

from .models import Speaker, SpeakerAlias
from .names import name_key

# A name at least this alike to what was typed is suggested (0 to 1).
MIN_LIKENESS = 0.6
# Names read from the database for one query, at most.
MAX_CANDIDATES = 500
# How much of each typed word a candidate name must share at a word's start.
PREFIX = 3
MAX_WORDS = 5


@dataclass(frozen=True)
class Suggestion:
    """A speaker a name may mean: the name it matched, how alike (0 to 1), and what tells
    speakers apart (kind, number of statements, Wikidata QID)."""

    id: int
    name: str
    slug: str
    kind: str
    kind_label: str
    quote_count: int
    wikidata_qid: str | None
    matched: str
    likeness: float

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "kind": self.kind,
            "quote_count": self.quote_count,
            "wikidata_qid": self.wikidata_qid,
            "matched": self.matched,
            "likeness": round(self.likeness, 3),
        }


def speaker_suggestions(typed: str, *, limit: int = 8, exclude: int | None = None) -> list:
    """The speakers (not merged into another) ``typed`` may name, most alike first, then
    most quoted; ``exclude``: a speaker's id to leave out (the page's own)."""
    key = name_key(typed)
    words = [w for w in key.split() if len(w) >= 2][:MAX_WORDS]
    if not words:
        return []
    near = Q(normalised__contains=key)
    for word in words:
        near |= Q(normalised__startswith=word[:PREFIX]) | Q(
            normalised__contains=" " + word[:PREFIX]
        )
    candidates = SpeakerAlias.objects.filter(near, speaker__merged_into__isnull=True)
    if exclude is not None:
        candidates = candidates.exclude(speaker_id=exclude)
    best: dict[int, tuple[float, str]] = {}
    for speaker_id, name, normalised in candidates.values_list("speaker_id", "name", "normalised")[
        :MAX_CANDIDATES
    ]:
        score = likeness(key, normalised)
        if score >= MIN_LIKENESS and score > best.get(speaker_id, (0.0, ""))[0]:
            best[speaker_id] = (score, name)
    if not best:
        return []
    speakers = Speaker.objects.filter(pk__in=best).annotate(
        quote_count=Count("quotes", filter=Q(quotes__rejected=False))
    )
    kinds = dict(Speaker.Kind.choices)
    found = [
        Suggestion(
            id=s.pk,
            name=s.name,
            slug=s.slug,
            kind=s.kind,
            kind_label=str(kinds.get(s.kind, s.kind)),
            quote_count=s.quote_count,
            wikidata_qid=s.wikidata_qid,
            matched=best[s.pk][1],
            likeness=best[s.pk][0],
        )
        for s in speakers
    ]
    found.sort(key=lambda s: (-round(s.likeness, 2), -s.quote_count, s.name))
    return found[:limit]


def likeness(typed: str, name: str) -> float:
    """How alike two compared names are (0 to 1): the same, a whole word of it ("clinton"
    in "bill clinton"), else the best of the whole names' likeness and that of the typed
    words against as many consecutive words of the name ("newsome" against "newsom")."""
    if typed == name:
        return 1.0
    typed_words, words = typed.split(), name.split()
    n = len(typed_words)
    spans = [" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
    if typed in spans:
        return 0.95
    return max(SequenceMatcher(None, typed, text).ratio() for text in [name, *spans])
