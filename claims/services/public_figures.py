"""The seed of public figures (``manage.py load_speakers``): fills in what is empty, never
what an editor decided."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ..events import speaker_event_add
from ..models import Speaker, SpeakerAlias, SpeakerEvent
from ..names import ALIAS_NAME_MAX, name_clean, name_key
from .speakers import IDENTITY_FIELDS, free_slug


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
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        if speaker is None:
            kind = record.get("kind", Speaker.Kind.PERSON)
            speaker = Speaker(name=name, slug=free_slug(name), kind=kind, gender=gender)
            speaker.wikidata_qid = qid
            speaker.full_clean(validate_unique=False, validate_constraints=False)
            speaker.save()
            old = {"wikidata_qid": None, "gender": ""}
            new = {"created": True, "wikidata_qid": qid, "gender": gender}
        else:
            for field_name, value in (("wikidata_qid", qid), ("gender", gender)):
                free = not getattr(speaker, field_name) and (speaker.pk, field_name) not in edited
                if value and free and not (field_name == "wikidata_qid" and value in by_qid):
                    old[field_name], new[field_name] = getattr(speaker, field_name), value
                    setattr(speaker, field_name, value)
            if new:
                speaker.save(update_fields=[*new, "updated_at"])
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
            new["aliases"] = [a.name for a in aliases]
        if not new:
            done.unchanged += 1
            continue
        if new.get("created"):
            done.created += 1
        else:
            done.updated += 1
        speaker_event_add(
            speaker,
            actor=None,
            action=SpeakerEvent.Action.IDENTITY,
            old=old,
            new={**new, "source": source},
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
    for speaker_id, action, old, new in events.values_list("speaker_id", "action", "old", "new"):
        if action == SpeakerEvent.Action.ALIAS_REMOVED:
            removed.add(name_key(old.get("alias", "")))
        else:
            edited.update((speaker_id, f) for f in new if f in IDENTITY_FIELDS)
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
