"""Writes to who is who: a speaker found or created by name, its aliases, merges and
identity (Wikidata QID, gender). An editor's change is recorded as a speaker event."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..events import speaker_event_add
from ..models import Speaker, SpeakerAlias, SpeakerEvent
from ..names import ALIAS_NAME_MAX, SPEAKER_NAME_MAX, alias_name_key, name_clean, name_key


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
            speaker = Speaker(name=name, slug=free_slug(name), kind=kind)
            # field rules only: the database enforces uniqueness (hence the except below)
            speaker.full_clean(validate_unique=False, validate_constraints=False)
            speaker.save()
            SpeakerAlias.objects.create(speaker=speaker, name=name, normalised=key)
            return speaker
    except IntegrityError:
        # another worker created it between our read and our write
        return SpeakerAlias.objects.select_related("speaker").get(normalised=key).speaker


def speaker_check_unmerged(speaker: Speaker | None, *, field: str | None = None) -> None:
    """The one rule for merged speakers in writes: nothing changes a speaker merged into
    another, nor gives it a statement or a claim (reads follow the merge instead). Refused,
    naming the speaker to use, under ``field`` when given."""
    if speaker is None or not speaker.merged_into_id:
        return
    target = speaker.merge_target()
    message = f"{speaker.name} was merged into {target.name} ({target.slug}): use that one."
    raise ValidationError({field: message} if field else message)


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


def free_slug(name: str) -> str:
    base = slugify(name)[:200] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def speaker_alias_create(
    *, speaker: Speaker, name: str, by: AbstractBaseUser, note: str = ""
) -> SpeakerAlias:
    """An editor records another name of ``speaker``; a name that already belongs to
    another speaker is refused, naming that speaker (code ``alias_taken``, its ``slug`` in
    the params, for pages to link it): two people may share a surname, and nothing here
    suggests merging them. Look-alikes of a name (full-width
    letters, zero-width spaces) are that name. A name too long for its column, as written
    or as compared, is refused rather than cut (:func:`claims.names.alias_name_key`)."""
    speaker_check_unmerged(speaker)
    name, key = alias_name_key(name)
    existing = SpeakerAlias.objects.select_related("speaker").filter(normalised=key).first()
    if existing and existing.speaker_id == speaker.pk:
        return existing
    if existing:
        holder = existing.speaker
        taken = ValidationError(
            "“%(name)s” is already a name of %(holder)s (%(slug)s), so it was not added:"
            " a name belongs to one speaker only.",
            code="alias_taken",
            params={"name": name, "holder": holder.name, "slug": holder.slug},
        )
        raise ValidationError({"name": taken})
    alias = SpeakerAlias.objects.create(speaker=speaker, name=name, normalised=key)
    speaker_event_add(
        speaker,
        actor=by,
        action=SpeakerEvent.Action.ALIAS_ADDED,
        new={"alias": alias.name},
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
    speaker_event_add(
        speaker,
        actor=by,
        action=SpeakerEvent.Action.ALIAS_REMOVED,
        old={"alias": alias.name},
        note=note,
    )


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
    speaker_check_unmerged(speaker)
    if "wikidata_qid" in changes:
        changes = {**changes, "wikidata_qid": qid_clean(changes["wikidata_qid"])}
        qid = changes["wikidata_qid"]
        holder = Speaker.objects.filter(wikidata_qid=qid).exclude(pk=speaker.pk).first()
        if qid and holder:
            raise ValidationError(
                {"wikidata_qid": f"{qid} is already {holder.name}: merge the two instead."}
            )
    old = {name: getattr(speaker, name) for name, value in changes.items()}
    new = {name: value for name, value in changes.items() if old[name] != value}
    if not new:
        return speaker
    old = {name: old[name] for name in new}
    for name, value in new.items():
        setattr(speaker, name, value)
    speaker.full_clean(validate_unique=False, validate_constraints=False)
    speaker.save(update_fields=[*new, "updated_at"])
    speaker_event_add(
        speaker, actor=by, action=SpeakerEvent.Action.IDENTITY, old=old, new=new, note=note
    )
    return speaker
