"""Writes to who-said-what: speakers and aliases, quotes from the extractor, editors'
corrections, claims and their verdicts. Every human decision is kept as an event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Article
from extraction import Attribution, Kind
from extraction.speakers import normalise

from .models import Claim, ClaimEvent, Quote, QuoteEvent, Speaker, SpeakerAlias

KIND_FROM_EXTRACTOR = {
    Kind.DIRECT: Quote.Kind.DIRECT,
    Kind.PARTIAL: Quote.Kind.PARTIAL,
    Kind.INDIRECT: Quote.Kind.INDIRECT,
}
# A mention longer than this is a description ("a Kremlin readout of the call"), not a name.
MAX_ALIAS_WORDS = 6


def speaker_for_name(*, name: str, kind: str = Speaker.Kind.PERSON) -> Speaker:
    """The speaker known by ``name`` (any alias), created with that name if there is none."""
    key = normalise(name)
    if not key:
        raise ValueError("a speaker needs a name")
    alias = SpeakerAlias.objects.select_related("speaker").filter(normalised=key).first()
    if alias:
        return alias.speaker
    try:
        with transaction.atomic():
            speaker = Speaker(name=name, slug=_free_slug(name), kind=kind)
            # field rules only: the database enforces uniqueness (hence the except below)
            speaker.full_clean(validate_unique=False, validate_constraints=False)
            speaker.save()
            SpeakerAlias.objects.create(speaker=speaker, name=name, normalised=key)
            return speaker
    except IntegrityError:
        # another worker created it between our read and our write
        return SpeakerAlias.objects.select_related("speaker").get(normalised=key).speaker


def speaker_alias_add(*, speaker: Speaker, name: str) -> SpeakerAlias | None:
    """Record ``name`` as a form of ``speaker``; None when that form already names someone."""
    key = normalise(name)
    if not key:
        return None
    existing = SpeakerAlias.objects.filter(normalised=key).first()
    if existing:
        return existing if existing.speaker_id == speaker.pk else None
    try:
        with transaction.atomic():
            return SpeakerAlias.objects.create(speaker=speaker, name=name, normalised=key)
    except IntegrityError:
        return None


def _free_slug(name: str) -> str:
    base = slugify(name)[:200] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def is_name_form(mention: str, speaker: Speaker) -> bool:
    """Worth keeping as an alias: "Mr Putin", "Russian President Vladimir Putin", "The US";
    not "he", "the Russian president" or "a Kremlin readout of the call"."""
    words = mention.split()
    if not words or len(words) > MAX_ALIAS_WORDS:
        return False
    if speaker.kind == Speaker.Kind.PERSON:
        surname = speaker.name.split()[-1].casefold()
        return any(w.casefold().removesuffix("’s").removesuffix("'s") == surname for w in words)
    names = [w for w in words if w.casefold() != "the"]
    return bool(names) and all(w[:1].isupper() for w in names)


@dataclass
class SpeakerCache:
    """Name forms already looked up (normalised form -> its speaker, or None when no
    speaker has it), kept across the articles of a batch: each form costs one query at
    most, made for all the forms of an article at once."""

    by_form: dict[str, Speaker | None] = field(default_factory=dict)

    def load(self, names: Iterable[str]) -> None:
        missing = {normalise(n) for n in names} - self.by_form.keys() - {""}
        if not missing:
            return
        self.by_form.update(dict.fromkeys(missing))
        aliases = SpeakerAlias.objects.select_related("speaker").filter(normalised__in=missing)
        for alias in aliases:
            self.by_form[alias.normalised] = alias.speaker


@transaction.atomic
def attributions_store(
    *, article: Article, attributions: Iterable[Attribution], cache: SpeakerCache | None = None
) -> list[Quote]:
    """Replace the machine's quotes of ``article`` with ``attributions``.

    Quotes an editor made, verified or put in a claim stay as they are, and an attribution
    whose content a kept quote already covers is not stored again. Running this twice with the
    same attributions leaves the same rows.
    """
    body = article.body
    machine = article.quotes.filter(
        origin=Quote.Origin.EXTRACTOR, verified=False, claims__isnull=True
    )
    machine.delete()
    kept = {(q.content_start, q.content_end) for q in article.quotes.all()}
    attributions = list(attributions)
    mentions = [body[a.mention.start : a.mention.end] if a.mention else "" for a in attributions]
    cache = cache or SpeakerCache()
    cache.load([a.speaker for a in attributions if a.speaker] + mentions)
    new: list[Quote] = []
    for a, mention in zip(attributions, mentions, strict=True):
        if (a.start, a.end) in kept:
            continue
        kept.add((a.start, a.end))
        speaker = None
        if a.speaker:
            key = normalise(a.speaker)
            speaker = cache.by_form.get(key)
            if speaker is None:
                kind = str(a.speaker_kind or Speaker.Kind.PERSON)
                speaker = cache.by_form[key] = speaker_for_name(name=a.speaker, kind=kind)
        form = normalise(mention)
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
            )
        )
    return Quote.objects.bulk_create(new)


@transaction.atomic
def quote_reattribute(
    *, quote: Quote, speaker: Speaker | None, by: AbstractBaseUser, note: str = ""
) -> Quote:
    """An editor gives ``quote`` to ``speaker`` (None: unattributed). The quote becomes the
    editor's, so re-extraction keeps it, and the change is recorded."""
    old = quote.speaker_id
    quote.speaker = speaker
    quote.origin = Quote.Origin.EDITOR
    quote.save(update_fields=["speaker", "origin", "updated_at"])
    QuoteEvent.objects.create(
        quote=quote,
        actor=by,
        field="speaker",
        old_value=old,
        new_value=speaker.pk if speaker else None,
        note=note,
    )
    return quote


@transaction.atomic
def claim_create(
    *, speaker: Speaker, statement: str, quotes: Iterable[Quote] = (), by: AbstractBaseUser
) -> Claim:
    """A new, unreviewed claim made by ``speaker``, grouping ``quotes``."""
    claim = Claim(speaker=speaker, statement=statement.strip(), created_by=by)
    claim.full_clean()
    claim.save()
    claim.quotes.set(list(quotes))
    return claim


@transaction.atomic
def claim_verdict_set(
    *,
    claim: Claim,
    verdict: str,
    by: AbstractBaseUser,
    note: str = "",
    summary: str | None = None,
    evidence_links: list[str] | None = None,
) -> ClaimEvent:
    """Set a claim's verdict and append the change to its history."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    old = claim.verdict
    claim.verdict = verdict
    if summary is not None:
        claim.summary = summary
    if evidence_links is not None:
        claim.evidence_links = list(evidence_links)
    claim.full_clean()
    claim.save()
    return ClaimEvent.objects.create(
        claim=claim,
        actor=by,
        old_verdict=old,
        new_verdict=verdict,
        summary=claim.summary,
        evidence_links=claim.evidence_links,
        note=note,
    )
