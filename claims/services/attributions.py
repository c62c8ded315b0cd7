"""The machine's store: the extractor's attributions of an article become its quotes, with
their speakers found (or created) by Wikidata QID or name, without touching what an editor
decided."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article
from extraction import Attribution, Kind
from extraction.checkworthiness import checkworthiness

from ..models import Quote, Speaker, SpeakerAlias
from ..names import name_key
from ..selectors import quotes_kept
from .speakers import speaker_alias_add, speaker_for_name

KIND_FROM_EXTRACTOR = {
    Kind.DIRECT: Quote.Kind.DIRECT,
    Kind.PARTIAL: Quote.Kind.PARTIAL,
    Kind.INDIRECT: Quote.Kind.INDIRECT,
}
# A mention longer than this is a description ("a Kremlin readout of the call"), not a name.
MAX_ALIAS_WORDS = 6


# Lower-case words a person's name (or the title before it) may hold: "Secretary of State
# Hillary Clinton", "Ursula von der Leyen".
NAME_JOINERS = frozenset({"of", "the", "de", "del", "della", "da", "di", "van", "von", "der"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def is_name_form(mention: str, speaker: Speaker) -> bool:
    """Worth keeping as an alias: a name of the speaker, "Mr Putin", "Russian President
    Vladimir Putin", "Jones’s", "The US"; not "he", "the Russian president", "a Kremlin
    readout of the call", nor a phrase that only holds a person's name: "Donald Trump's
    campaign", "Clinton supporters", "the lack of enthusiasm for Clinton". A person's name
    form ends with the surname (a suffix, "Jr.", aside), every word before it capitalised."""
    words = mention.split()
    if not words or len(words) > MAX_ALIAS_WORDS:
        return False
    if speaker.kind == Speaker.Kind.PERSON:
        surname = _bare(_without_suffix(speaker.name.split())[-1])
        *before, last = _without_suffix(words) or [""]
        if _bare(last) != surname:
            return False
        return all(w[:1].isupper() or w in NAME_JOINERS for w in before)
    names = [w for w in words if w.casefold() != "the"]
    return bool(names) and all(w[:1].isupper() for w in names)


def _without_suffix(words: list[str]) -> list[str]:
    return [w for w in words if w.casefold().strip(",") not in NAME_SUFFIXES]


def _bare(word: str) -> str:
    return word.casefold().strip(",.").removesuffix("’s").removesuffix("'s")


@dataclass
class SpeakerCache:
    """Name forms and Wikidata QIDs already looked up (normalised form or QID -> its
    speaker, or None when no speaker has it), kept across the articles of a batch: each
    costs one query at most, made for all the forms and QIDs of an article at once."""

    by_form: dict[str, Speaker | None] = field(default_factory=dict)
    by_qid: dict[str, Speaker | None] = field(default_factory=dict)

    def load(self, names: Iterable[str], qids: Iterable[str] = ()) -> None:
        missing = {name_key(n) for n in names} - self.by_form.keys() - {""}
        if missing:
            self.by_form.update(dict.fromkeys(missing))
            aliases = SpeakerAlias.objects.select_related("speaker").filter(normalised__in=missing)
            for alias in aliases:
                self.by_form[alias.normalised] = alias.speaker
        missing = set(qids) - self.by_qid.keys() - {""}
        if missing:
            self.by_qid.update(dict.fromkeys(missing))
            for speaker in Speaker.objects.filter(wikidata_qid__in=missing):
                self.by_qid[speaker.wikidata_qid] = speaker

    def clear(self) -> None:
        """Forget every lookup (after a rollback, speakers it holds may not exist)."""
        self.by_form.clear()
        self.by_qid.clear()


@transaction.atomic
def attributions_store(
    *, article: Article, attributions: Iterable[Attribution], cache: SpeakerCache | None = None
) -> list[Quote]:
    """Replace the machine's quotes of ``article`` with ``attributions``.

    Quotes an editor made, verified, rejected or put in a claim stay as they are (a rejected
    one keeps the machine from finding it again), and an attribution
    whose content a kept quote already covers is not stored again. Running this twice with the
    same attributions leaves the same rows. A speaker is found by the attribution's Wikidata
    QID first (speakers with the same QID are the same person), then by name.
    """
    body = article.body
    article.quotes.exclude(pk__in=quotes_kept(article=article)).delete()
    kept = {(q.content_start, q.content_end) for q in article.quotes.all()}
    attributions = list(attributions)
    mentions = [body[a.mention.start : a.mention.end] if a.mention else "" for a in attributions]
    cache = cache or SpeakerCache()
    qids = [a.speaker_qid for a in attributions if a.speaker and a.speaker_qid]
    cache.load([a.speaker for a in attributions if a.speaker] + mentions, qids)
    new: list[Quote] = []
    for a, mention in zip(attributions, mentions, strict=True):
        if (a.start, a.end) in kept:
            continue
        kept.add((a.start, a.end))
        speaker = None
        key = name_key(a.speaker or "")
        if key and a.speaker_qid:
            speaker = cache.by_qid.get(a.speaker_qid)
        if key and speaker is None:
            speaker = cache.by_form.get(key)
            if speaker is None:
                kind = str(a.speaker_kind or Speaker.Kind.PERSON)
                speaker = cache.by_form[key] = speaker_for_name(name=a.speaker, kind=kind)
        form = name_key(mention)
        if speaker and form and cache.by_form.get(form) is None and is_name_form(mention, speaker):
            alias = speaker_alias_add(speaker=speaker, name=mention)
            cache.by_form[form] = alias.speaker if alias else speaker
        new.append(
            Quote(
                article=article,
                speaker=speaker,
                text=body[a.start : a.end],
                kind=KIND_FROM_EXTRACTOR[a.kind],
                content_start=a.start,
                content_end=a.end,
                mention=mention[:500],
                mention_start=a.mention.start if a.mention else None,
                mention_end=a.mention.end if a.mention else None,
                cue=body[a.cue.start : a.cue.end][:200] if a.cue else "",
                cue_start=a.cue.start if a.cue else None,
                cue_end=a.cue.end if a.cue else None,
                confidence=max(0.0, min(1.0, a.confidence)),
                checkworthiness=checkworthiness(body[a.start : a.end]),
            )
        )
    return Quote.objects.bulk_create(new)
