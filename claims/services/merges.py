"""Merging two speakers that are one, and undoing a merge that was wrong. Both are recorded
as speaker events of the speaker merged into: the merge with everything it moved (ids of
statements and claims, names, speakers merged earlier, identity filled in), so that an
unmerge moves back exactly that, and nothing an editor decided since."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ..events import speaker_event_add
from ..merging import speaker_merge_plan
from ..models import (
    Claim,
    GroupMember,
    MisquoteAlert,
    Quote,
    QuoteEvent,
    Speaker,
    SpeakerAlias,
    SpeakerEvent,
    StatementGroup,
)
from ..tasks import quotes_embed_task
from .speakers import speaker_check_unmerged

# What a merge fills in on the speaker merged into when it has none: the source's.
MERGED_IDENTITY = ("wikidata_qid", "description", "gender")


def _locked(*speakers: Speaker) -> list[Speaker]:
    """``speakers`` read again under a row lock, locked in id order (no deadlock)."""
    ids = sorted({s.pk for s in speakers})
    rows = {s.pk: s for s in Speaker.objects.select_for_update().filter(pk__in=ids)}
    return [rows[s.pk] for s in speakers]


@transaction.atomic
def speaker_merge(
    *, source: Speaker, target: Speaker, by: AbstractBaseUser, note: str = ""
) -> Speaker:
    """Merge ``source`` into ``target``: its aliases, quotes and claims move to ``target``,
    speakers merged into it earlier now point at ``target``, and ``source`` stays only as a
    pointer (``merged_into``) for old links; ``target`` takes the source's QID, description
    and gender where it has none. Recorded with what moved (:func:`speaker_unmerge` reads
    it)."""
    if source.pk == target.pk:
        raise ValidationError("A speaker cannot be merged into itself.")
    source, target = _locked(source, target)
    speaker_check_unmerged(source, field="source")
    speaker_check_unmerged(target)
    plan = speaker_merge_plan(source=source, target=target)
    Quote.objects.filter(pk__in=plan.quote_ids).update(speaker=target)
    Claim.objects.filter(pk__in=plan.claim_ids).update(speaker=target)
    # a statement group is one speaker's: the merged speakers' groups are the target's now
    StatementGroup.objects.filter(speaker_id__in=[source.pk, *plan.merged_ids]).update(
        speaker=target
    )
    source.aliases.update(speaker=target)
    # speakers merged into source earlier now point at target: no chain to follow
    Speaker.objects.filter(pk__in=plan.merged_ids).update(merged_into=target)
    qid = source.wikidata_qid
    source.merged_into, source.wikidata_qid = target, None
    source.save(update_fields=["merged_into", "wikidata_qid", "updated_at"])
    given = {"wikidata_qid": qid, "description": source.description, "gender": source.gender}
    old = {name: getattr(target, name) for name in MERGED_IDENTITY}
    filled = {name: value for name, value in given.items() if value and not old[name]}
    for name, value in filled.items():
        setattr(target, name, value)
    target.save(update_fields=[*MERGED_IDENTITY, "updated_at"])
    speaker_event_add(
        target,
        actor=by,
        action=SpeakerEvent.Action.MERGED,
        old={name: old[name] for name in filled},
        new={
            "merged": {"id": source.pk, "name": source.name, "slug": source.slug, "qid": qid},
            "aliases": plan.aliases,
            "quotes": plan.quote_ids,
            "claims": plan.claim_ids,
            "speakers": plan.merged_ids,
            **filled,
        },
        note=note,
    )
    return target


@dataclass
class Unmerged:
    """What :func:`speaker_unmerge` did: the speaker restored, the ids and names it moved
    back, and (``kept``) what the merge had moved that stays with the other speaker."""

    speaker: Speaker
    target: Speaker
    quotes: list[int] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """The unmerge as its event's ``new`` values."""
        restored = {"id": self.speaker.pk, "name": self.speaker.name, "slug": self.speaker.slug}
        moved = {"quotes": self.quotes, "aliases": self.aliases, "claims": self.claims}
        return {"unmerged": restored, **moved, "speakers": self.speakers, "kept": self.kept}


@transaction.atomic
def speaker_unmerge(
    *, source: Speaker, target: Speaker, by: AbstractBaseUser, note: str = ""
) -> Unmerged:
    """Undo the merge of ``source`` into ``target`` (the speaker it stands for now, at the
    end of any chain of merges): ``source`` is a speaker of its own again, and what its last
    merge moved comes back to it from ``target``: its statements, names, claims, the
    speakers merged into it earlier and its QID; ``target`` gives back the description,
    gender and QID the merge filled in, unless they changed since.

    An editor's decision is never overwritten: a statement changed since the merge (any
    edit recorded after it) or no longer with ``target``, a name removed since, a QID
    another speaker has now, stay as they are and are listed in ``kept``. A merge recorded
    before merges kept their ids (only counts) restores the speaker and its names; its
    statements and claims stay with ``target`` (``kept`` says how many). Recorded as an
    ``unmerged`` event of ``target``."""
    source, target = _locked(source, target)
    if not source.merged_into_id:
        raise ValidationError({"source": f"{source.name} is not merged into another speaker."})
    if source.merge_target().pk != target.pk:
        raise ValidationError({"source": f"{source.name} is not merged into {target.name}."})
    merge = (
        SpeakerEvent.objects.filter(action=SpeakerEvent.Action.MERGED, new__merged__id=source.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    moved = merge.new if merge else {}
    done = Unmerged(speaker=source, target=target)

    quote_ids, claim_ids = moved.get("quotes"), moved.get("claims")
    if isinstance(quote_ids, list):
        changed = QuoteEvent.objects.filter(
            quote_id__in=quote_ids, created_at__gte=merge.created_at
        )
        back = Quote.objects.filter(pk__in=quote_ids, speaker=target).exclude(
            pk__in=changed.values("quote_id")
        )
        done.quotes = sorted(back.values_list("id", flat=True))
        Quote.objects.filter(pk__in=done.quotes).update(speaker=source)
        # a statement group is one speaker's: the statements going back leave the target's
        # groups (their open alerts too), and are grouped again among the source's
        GroupMember.objects.filter(quote_id__in=done.quotes, group__speaker=target).delete()
        MisquoteAlert.objects.filter(
            Q(earlier_id__in=done.quotes) | Q(later_id__in=done.quotes),
            status=MisquoteAlert.Status.OPEN,
        ).delete()
        regroup = list(done.quotes)
        transaction.on_commit(lambda: quotes_embed_task.delay(regroup))
        done.kept["quotes"] = sorted(set(quote_ids) - set(done.quotes))
        # a claim goes back with its statements: one holding a statement that stays, stays too
        holding_kept = Claim.quotes.through.objects.filter(
            claim_id__in=claim_ids or [], quote_id__in=done.kept["quotes"]
        ).values("claim_id")
        back_claims = Claim.objects.filter(pk__in=claim_ids or [], speaker=target).exclude(
            pk__in=holding_kept
        )
        done.claims = sorted(back_claims.values_list("id", flat=True))
        back_claims.update(speaker=source)
        done.kept["claims"] = sorted(set(claim_ids) - set(done.claims))
    else:  # recorded as counts: which ones is not known
        done.kept["unrecorded"] = {"quotes": quote_ids or 0, "claims": claim_ids or 0}

    names = moved.get("aliases", [])
    aliases = SpeakerAlias.objects.filter(speaker=target, name__in=names)
    done.aliases = sorted(aliases.values_list("name", flat=True))
    aliases.update(speaker=source)
    if not SpeakerAlias.objects.filter(speaker=source).exists():
        # a speaker is found by its names: it keeps its own even if the merge did not say
        SpeakerAlias.objects.filter(speaker=target, name=source.name).update(speaker=source)
    done.kept["aliases"] = sorted(set(names) - set(done.aliases))

    repointed = Speaker.objects.filter(pk__in=moved.get("speakers", []), merged_into=target)
    done.speakers = sorted(repointed.values_list("id", flat=True))
    repointed.update(merged_into=source)

    old, new = _identity_given_back(source=source, target=target, merge=merge, done=done)
    speaker_event_add(
        target, actor=by, action=SpeakerEvent.Action.UNMERGED, old=old, new=new, note=note
    )
    return done


def _identity_given_back(
    *, source: Speaker, target: Speaker, merge: SpeakerEvent | None, done: Unmerged
) -> tuple[dict, dict]:
    """``target`` gives back what the merge filled in (still as the merge left it) and
    ``source`` gets its QID again (unless someone has it now); the event's old and new."""
    filled = {n: v for n, v in (merge.new if merge else {}).items() if n in MERGED_IDENTITY}
    old = {n: getattr(target, n) for n, v in filled.items() if getattr(target, n) == v}
    for name in old:
        setattr(target, name, merge.old.get(name) or (None if name == "wikidata_qid" else ""))
    target.save(update_fields=[*MERGED_IDENTITY, "updated_at"])
    qid = (merge.new["merged"].get("qid") if merge else None) or None
    if qid and Speaker.objects.filter(wikidata_qid=qid).exists():
        done.kept["wikidata_qid"], qid = qid, None
    source.merged_into, source.wikidata_qid = None, qid
    source.save(update_fields=["merged_into", "wikidata_qid", "updated_at"])
    new = {**done.record(), **{name: getattr(target, name) for name in old}}
    return old, new
