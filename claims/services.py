"""Writes to who-said-what: speakers and aliases, quotes from the extractor, editors'
corrections, claims and their verdicts. Every human decision is kept as an event."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from extraction import Attribution, Kind

from .models import (
    ApiToken,
    Claim,
    ClaimEvent,
    Quote,
    QuoteEvent,
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
)
from .names import ALIAS_NAME_MAX, SPEAKER_NAME_MAX, alias_name_key, name_clean, name_key

KIND_FROM_EXTRACTOR = {
    Kind.DIRECT: Quote.Kind.DIRECT,
    Kind.PARTIAL: Quote.Kind.PARTIAL,
    Kind.INDIRECT: Quote.Kind.INDIRECT,
}
# A mention longer than this is a description ("a Kremlin readout of the call"), not a name.
MAX_ALIAS_WORDS = 6


def speaker_for_name(*, name: str, kind: str = Speaker.Kind.PERSON) -> Speaker:
    """The speaker known by ``name`` (any alias), created with that name if there is none.
    The name is stored cleaned and bounded (:func:`claims.names.name_clean`); an unknown
    ``kind`` is a person."""
    name = name_clean(name, limit=SPEAKER_NAME_MAX)
    key = name_key(name)
    if not key:
        raise ValueError("a speaker needs a name")
    alias = SpeakerAlias.objects.select_related("speaker").filter(normalised=key).first()
    if alias:
        return alias.speaker
    if kind not in Speaker.Kind.values:
        kind = Speaker.Kind.PERSON
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
    name = name_clean(name, limit=ALIAS_NAME_MAX)
    key = name_key(name)
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
    machine = article.quotes.filter(
        origin=Quote.Origin.EXTRACTOR, verified=False, rejected=False, claims__isnull=True
    )
    machine.delete()
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
            )
        )
    return Quote.objects.bulk_create(new)


class StaleEdit(Exception):
    """An edit made from an older version of a quote or claim than the one stored: refused,
    and nothing changed. ``current`` is the row as stored now; ``expected`` the version the
    editor's form or client had read."""

    def __init__(self, *, current: Quote | Claim, expected: int):
        self.current, self.expected = current, expected
        name = type(current).__name__.lower()
        super().__init__(
            f"This {name} changed since version {expected} (now version {current.version}):"
            " nothing was saved."
        )


def _check_version(row: Quote | Claim, expected: int | None) -> None:
    """Refuse an edit made from another version than ``row``'s (locked) one; None: the
    writer sent no version, and its edit applies to whatever is stored (last write wins)."""
    if expected is not None and expected != row.version:
        raise StaleEdit(current=row, expected=expected)


def quote_reattribute(
    *, quote: Quote, speaker: Speaker | None, by: AbstractBaseUser, note: str = ""
) -> Quote:
    """An editor gives ``quote`` to ``speaker`` (None: unattributed)."""
    return quote_update(quote=quote, by=by, changes={"speaker": speaker}, note=note)


QUOTE_EDITABLE = ("speaker", "kind", "content_start", "content_end", "verified", "rejected")


@transaction.atomic
def quote_update(
    *,
    quote: Quote,
    by: AbstractBaseUser,
    changes: dict[str, Any],
    note: str = "",
    expected_version: int | None = None,
) -> Quote:
    """An editor corrects ``quote``: its speaker, kind, span (``content_start`` and
    ``content_end``: the text follows the article body), or marks it verified or rejected.
    The quote becomes the editor's, so that no re-extraction changes it, each changed
    field is recorded as an event, and its version goes up by one. With
    ``expected_version``, an edit made from another version raises :class:`StaleEdit`."""
    unknown = set(changes) - set(QUOTE_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    quote = Quote.objects.select_for_update().select_related("article").get(pk=quote.pk)
    _check_version(quote, expected_version)
    events = []
    for name, value in changes.items():
        old = _event_value(getattr(quote, name))
        setattr(quote, name, value)
        if _event_value(value) != old:
            events.append((name, old, _event_value(value)))
    if changes.get("verified"):
        quote.rejected = False
    if changes.get("rejected"):
        quote.verified = False
    if not events:
        return quote
    body = quote.article.body
    if not 0 <= quote.content_start < quote.content_end <= len(body):
        raise ValidationError({"content_end": "The span must lie within the article's text."})
    quote.text = body[quote.content_start : quote.content_end]
    quote.origin = Quote.Origin.EDITOR
    quote.version += 1
    quote.full_clean()
    quote.save()
    QuoteEvent.objects.bulk_create(
        QuoteEvent(
            quote=quote,
            actor=by,
            field=f,
            old_value=o,
            new_value=n,
            note=note,
            version=quote.version,
        )
        for f, o, n in events
    )
    return quote


def _event_value(value: Any) -> Any:
    return value.pk if isinstance(value, Speaker) else value


@transaction.atomic
def quote_create(
    *,
    article: Article,
    content_start: int,
    content_end: int,
    kind: str,
    speaker: Speaker | None,
    by: AbstractBaseUser,
    note: str = "",
) -> Quote:
    """An editor adds a statement the extractor missed; it is verified and recorded."""
    body = article.body
    if not 0 <= content_start < content_end <= len(body):
        raise ValidationError({"content_end": "The span must lie within the article's text."})
    if article.quotes.filter(content_start=content_start, content_end=content_end).exists():
        raise ValidationError({"content_start": "A statement with this span exists already."})
    quote = Quote(
        article=article,
        speaker=speaker,
        text=body[content_start:content_end],
        kind=kind,
        content_start=content_start,
        content_end=content_end,
        origin=Quote.Origin.EDITOR,
        verified=True,
    )
    quote.full_clean()
    quote.save()
    QuoteEvent.objects.create(
        quote=quote,
        actor=by,
        field="created",
        old_value=None,
        new_value={"speaker": speaker.pk if speaker else None, "kind": kind},
        note=note,
        version=quote.version,
    )
    return quote


@transaction.atomic
def speaker_alias_create(
    *, speaker: Speaker, name: str, by: AbstractBaseUser, note: str = ""
) -> SpeakerAlias:
    """An editor records another name of ``speaker``; a name that already belongs to
    another speaker is refused (merge the two instead). Look-alikes of a name (full-width
    letters, zero-width spaces) are that name. A name too long for its column, as written
    or as compared, is refused rather than cut (:func:`claims.names.alias_name_key`)."""
    name, key = alias_name_key(name)
    existing = SpeakerAlias.objects.select_related("speaker").filter(normalised=key).first()
    if existing and existing.speaker_id == speaker.pk:
        return existing
    if existing:
        raise ValidationError(
            {"name": f"“{name}” is already a name of {existing.speaker.name}: merge them instead."}
        )
    alias = SpeakerAlias.objects.create(speaker=speaker, name=name, normalised=key)
    SpeakerEvent.objects.create(
        speaker=speaker,
        actor=by,
        action=SpeakerEvent.Action.ALIAS_ADDED,
        data={"alias": alias.name},
        note=note,
    )
    return alias


@transaction.atomic
def speaker_alias_remove(*, alias: SpeakerAlias, by: AbstractBaseUser, note: str = "") -> None:
    """An editor removes a wrong name form of a speaker (not the canonical name)."""
    speaker = alias.speaker
    if name_key(alias.name) == name_key(speaker.name):
        raise ValidationError("The speaker's own name stays; rename the speaker instead.")
    alias.delete()
    SpeakerEvent.objects.create(
        speaker=speaker,
        actor=by,
        action=SpeakerEvent.Action.ALIAS_REMOVED,
        data={"alias": alias.name},
        note=note,
    )


@transaction.atomic
def speaker_merge(
    *, source: Speaker, target: Speaker, by: AbstractBaseUser, note: str = ""
) -> Speaker:
    """Merge ``source`` into ``target``: its aliases, quotes and claims move to ``target``,
    and ``source`` stays only as a pointer (``merged_into``) for old links. Recorded."""
    if source.pk == target.pk:
        raise ValidationError("A speaker cannot be merged into itself.")
    ids = sorted([source.pk, target.pk])
    locked = {s.pk: s for s in Speaker.objects.select_for_update().filter(pk__in=ids)}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError("That speaker was merged already.")
    aliases = list(source.aliases.values_list("name", flat=True))
    quotes = Quote.objects.filter(speaker=source).update(speaker=target)
    claims = Claim.objects.filter(speaker=source).update(speaker=target)
    source.aliases.update(speaker=target)
    # speakers merged into source earlier now point at target: no chain to follow
    Speaker.objects.filter(merged_into=source).update(merged_into=target)
    qid = source.wikidata_qid
    source.merged_into, source.wikidata_qid = target, None
    source.save(update_fields=["merged_into", "wikidata_qid", "updated_at"])
    if qid and not target.wikidata_qid:
        target.wikidata_qid = qid
    target.description = target.description or source.description
    target.gender = target.gender or source.gender
    target.save(update_fields=["wikidata_qid", "description", "gender", "updated_at"])
    SpeakerEvent.objects.create(
        speaker=target,
        actor=by,
        action=SpeakerEvent.Action.MERGED,
        data={
            "merged": {"id": source.pk, "name": source.name, "slug": source.slug},
            "aliases": aliases,
            "quotes": quotes,
            "claims": claims,
        },
        note=note,
    )
    return target


IDENTITY_FIELDS = ("wikidata_qid", "gender")
QID_FORMAT = re.compile(r"^Q[1-9][0-9]*$")


def qid_clean(value: str | None) -> str | None:
    """A Wikidata QID as stored: "q42", " Q42 " and "https://www.wikidata.org/wiki/Q42" are
    "Q42"; None for nothing. ValidationError when it is not a QID."""
    value = (value or "").strip().rstrip("/").rsplit("/", 1)[-1].upper()
    if not value:
        return None
    if not QID_FORMAT.match(value):
        raise ValidationError({"wikidata_qid": f"“{value}” is not a Wikidata QID (Q42)."})
    return value


@transaction.atomic
def speaker_identity_set(
    *, speaker: Speaker, by: AbstractBaseUser, changes: dict[str, Any], note: str = ""
) -> Speaker:
    """An editor sets who ``speaker`` is: its Wikidata QID (None: none) and gender ("": not
    known). A QID another speaker has is refused: the same QID is the same person, so merge
    the two instead. Recorded; the seed of public figures never changes it afterwards."""
    unknown = set(changes) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"not an identity field: {', '.join(sorted(unknown))}")
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if speaker.merged_into_id:
        raise ValidationError("That speaker was merged into another: edit that one.")
    if "wikidata_qid" in changes:
        changes = {**changes, "wikidata_qid": qid_clean(changes["wikidata_qid"])}
        qid = changes["wikidata_qid"]
        holder = Speaker.objects.filter(wikidata_qid=qid).exclude(pk=speaker.pk).first()
        if qid and holder:
            raise ValidationError(
                {"wikidata_qid": f"{qid} is already {holder.name}: merge the two instead."}
            )
    changed = {
        name: {"old": getattr(speaker, name), "new": value}
        for name, value in changes.items()
        if getattr(speaker, name) != value
    }
    if not changed:
        return speaker
    for name, change in changed.items():
        setattr(speaker, name, change["new"])
    speaker.full_clean(validate_unique=False, validate_constraints=False)
    speaker.save(update_fields=[*changed, "updated_at"])
    SpeakerEvent.objects.create(
        speaker=speaker, actor=by, action=SpeakerEvent.Action.IDENTITY, data=changed, note=note
    )
    return speaker


@dataclass
class SpeakersLoaded:
    """What :func:`speakers_load` did: speakers created, speakers given a QID, a gender or
    aliases, and records left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def speakers_load(*, records: Iterable[dict[str, Any]], source: str) -> SpeakersLoaded:
    """Load public figures (the extractor registry's records: ``name``, ``kind``,
    ``aliases``, ``gender``, ``qid``) into the speakers, as ``manage.py load_speakers`` does.

    A record is the speaker with its QID, else the speaker one of its names belongs to (when
    that one has no other QID), else a new speaker. Only what is empty is filled in (QID,
    gender, names no one has), never a field an editor set, nor a name an editor removed; each
    speaker created or filled in is recorded as an identity event with no actor, naming
    ``source``. Loading the same records again changes nothing.
    """
    done = SpeakersLoaded()
    by_qid = {s.wikidata_qid: s for s in Speaker.objects.filter(wikidata_qid__isnull=False)}
    by_key = dict(SpeakerAlias.objects.values_list("normalised", "speaker_id"))
    edited, removed = _editor_decisions()
    for record in records:
        name = name_clean(record["name"])
        names = [name, *(name_clean(a, limit=ALIAS_NAME_MAX) for a in record.get("aliases", ()))]
        qid, gender = record.get("qid") or None, record.get("gender") or ""
        speaker = by_qid.get(qid) if qid else None
        if speaker is None:
            speaker = _speaker_of_names(names, by_key, qid)
        changed: dict[str, Any] = {}
        if speaker is None:
            kind = record.get("kind", Speaker.Kind.PERSON)
            speaker = Speaker(name=name, slug=_free_slug(name), kind=kind, gender=gender)
            speaker.wikidata_qid = qid
            speaker.full_clean(validate_unique=False, validate_constraints=False)
            speaker.save()
            changed = {"created": True, "wikidata_qid": {"old": None, "new": qid}}
            changed["gender"] = {"old": "", "new": gender}
        else:
            for field_name, value in (("wikidata_qid", qid), ("gender", gender)):
                free = not getattr(speaker, field_name) and (speaker.pk, field_name) not in edited
                if value and free and not (field_name == "wikidata_qid" and value in by_qid):
                    changed[field_name] = {"old": getattr(speaker, field_name), "new": value}
                    setattr(speaker, field_name, value)
            if changed:
                speaker.save(update_fields=[*changed, "updated_at"])
        if speaker.wikidata_qid:
            by_qid[speaker.wikidata_qid] = speaker
        aliases = []
        for alias in names:
            key = name_key(alias)
            if key and key not in by_key and key not in removed:
                by_key[key] = speaker.pk
                aliases.append(SpeakerAlias(speaker=speaker, name=alias, normalised=key))
        SpeakerAlias.objects.bulk_create(aliases)
        if aliases:
            changed["aliases"] = [a.name for a in aliases]
        if not changed:
            done.unchanged += 1
            continue
        if changed.get("created"):
            done.created += 1
        else:
            done.updated += 1
        SpeakerEvent.objects.create(
            speaker=speaker,
            actor=None,
            action=SpeakerEvent.Action.IDENTITY,
            data={**changed, "source": source},
        )
    return done


def _editor_decisions() -> tuple[set[tuple[int, str]], set[str]]:
    """What editors decided about identities: (speaker id, field) pairs an editor set, and
    the normalised names an editor removed from a speaker."""
    edited, removed = set(), set()
    events = SpeakerEvent.objects.filter(
        actor__isnull=False,
        action__in=[SpeakerEvent.Action.IDENTITY, SpeakerEvent.Action.ALIAS_REMOVED],
    )
    for speaker_id, action, data in events.values_list("speaker_id", "action", "data"):
        if action == SpeakerEvent.Action.ALIAS_REMOVED:
            removed.add(name_key(data.get("alias", "")))
        else:
            edited.update((speaker_id, f) for f in data if f in IDENTITY_FIELDS)
    return edited, removed


def _speaker_of_names(names: list[str], by_key: dict[str, int], qid: str | None) -> Speaker | None:
    """The speaker (not merged, a person, with no other QID) that one of ``names`` is an
    alias of, else None."""
    for alias in names:
        speaker_id = by_key.get(name_key(alias))
        if speaker_id is None:
            continue
        speaker = Speaker.objects.filter(pk=speaker_id, merged_into__isnull=True).first()
        if speaker and speaker.kind == Speaker.Kind.PERSON and speaker.wikidata_qid in (None, qid):
            return speaker
    return None


def api_token_create(
    *, user: AbstractBaseUser, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new API token for ``user``; returns it with its key, which is not stored and
    cannot be shown again. Without ``expires_at`` it expires API_TOKEN_MAX_DAYS from now
    (never, when that is 0); an expiry in the past or further away is refused."""
    key = secrets.token_urlsafe(32)
    if expires_at is None and settings.API_TOKEN_MAX_DAYS:
        expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_MAX_DAYS)
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=key[:8],
        key_hash=token_hash(key),
        expires_at=expires_at,
    )
    token.full_clean(exclude=["prefix", "key_hash"])
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def claim_create(
    *,
    speaker: Speaker,
    statement: str,
    quotes: Iterable[Quote] = (),
    by: AbstractBaseUser,
    note: str = "",
) -> Claim:
    """A new, unreviewed claim made by ``speaker``, grouping ``quotes``; recorded."""
    claim = Claim(speaker=speaker, statement=statement.strip(), created_by=by)
    claim.full_clean()
    claim.save()
    quotes = list(quotes)
    claim.quotes.set(quotes)
    ClaimEvent.objects.create(
        claim=claim,
        actor=by,
        action=ClaimEvent.Action.CREATED,
        old_verdict=claim.verdict,
        new_verdict=claim.verdict,
        quote_ids=sorted(q.pk for q in quotes),
        note=note,
        version=claim.version,
    )
    return claim


def claim_quotes_add(
    *, claim: Claim, quotes: Iterable[Quote], by: AbstractBaseUser, note: str = ""
) -> ClaimEvent | None:
    """Attach ``quotes`` to ``claim``; None when all were attached already."""
    return _claim_quotes_change(claim=claim, quotes=quotes, by=by, note=note, attach=True)


def claim_quotes_remove(
    *, claim: Claim, quotes: Iterable[Quote], by: AbstractBaseUser, note: str = ""
) -> ClaimEvent | None:
    """Detach ``quotes`` from ``claim``; None when none was attached."""
    return _claim_quotes_change(claim=claim, quotes=quotes, by=by, note=note, attach=False)


@transaction.atomic
def _claim_quotes_change(
    *, claim: Claim, quotes: Iterable[Quote], by: AbstractBaseUser, note: str, attach: bool
) -> ClaimEvent | None:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    present = set(claim.quotes.values_list("pk", flat=True))
    changed = [q for q in quotes if (q.pk in present) != attach]
    if not changed:
        return None
    (claim.quotes.add if attach else claim.quotes.remove)(*changed)
    claim.version += 1
    claim.save(update_fields=["version", "updated_at"])
    action = ClaimEvent.Action.QUOTES_ADDED if attach else ClaimEvent.Action.QUOTES_REMOVED
    return ClaimEvent.objects.create(
        claim=claim,
        actor=by,
        action=action,
        old_verdict=claim.verdict,
        new_verdict=claim.verdict,
        quote_ids=sorted(q.pk for q in changed),
        note=note,
        version=claim.version,
    )


@transaction.atomic
def claim_verdict_set(
    *,
    claim: Claim,
    verdict: str,
    by: AbstractBaseUser,
    note: str = "",
    summary: str | None = None,
    evidence_links: list[str] | None = None,
    expected_version: int | None = None,
) -> ClaimEvent:
    """Set a claim's verdict (and its summary and evidence links, when given) and append
    the change to its history; the claim's version goes up by one. With
    ``expected_version``, an edit made from another version raises :class:`StaleEdit`."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _check_version(claim, expected_version)
    old = claim.verdict
    claim.verdict = verdict
    if summary is not None:
        claim.summary = summary
    if evidence_links is not None:
        claim.evidence_links = list(evidence_links)
    claim.version += 1
    claim.full_clean()
    claim.save()
    return ClaimEvent.objects.create(
        claim=claim,
        actor=by,
        action=ClaimEvent.Action.VERDICT,
        old_verdict=old,
        new_verdict=verdict,
        summary=claim.summary,
        evidence_links=claim.evidence_links,
        note=note,
        version=claim.version,
    )
