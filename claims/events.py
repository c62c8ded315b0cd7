"""The one writer of history: every claim, quote and speaker event is created here, by one
function per model of one shape: the subject, then ``actor`` (None only for the seed of public
figures), ``action``, ``old`` and ``new`` (what changed, by name: ``{"verdict": "false"}``) and
``note``; the time is the row's ``created_at``. The rows are append-only (the models refuse
``save`` and ``delete`` of a stored row; on PostgreSQL a trigger refuses UPDATE and DELETE)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import Claim, ClaimEvent, Quote, QuoteEvent, Speaker, SpeakerEvent

Values = dict[str, Any]


def claim_event_add(
    claim: Claim,
    *,
    actor: AbstractBaseUser,
    action: str,
    old: Values | None = None,
    new: Values | None = None,
    note: str = "",
) -> ClaimEvent:
    """Record a change of ``claim`` at its current version. The verdict is kept old and new
    (the claim's own when ``old`` or ``new`` does not name one); ``quote_ids`` (attached in
    ``new``, detached in ``old``), ``summary`` and ``evidence_links`` as they are now."""
    old, new = old or {}, new or {}
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        old_verdict=old.get("verdict", claim.verdict),
        new_verdict=new.get("verdict", claim.verdict),
        summary=new.get("summary", ""),
        evidence_links=new.get("evidence_links", []),
        quote_ids=sorted(new.get("quote_ids") or old.get("quote_ids") or []),
        note=note,
        version=claim.version,
    )


def quote_event_add(
    quote: Quote,
    *,
    actor: AbstractBaseUser,
    action: str,
    old: Values | None = None,
    new: Values | None = None,
    note: str = "",
) -> list[QuoteEvent]:
    """Record a change of ``quote`` at its current version: for ``"created"`` one row with
    ``new`` as its value; for ``"edited"`` one row per field changed, old value to new (a
    speaker as its id)."""
    old, new = old or {}, new or {}
    if action == "created":
        rows = [("created", None, {k: _stored(v) for k, v in new.items()})]
    elif action == "edited":
        rows = [(name, _stored(old.get(name)), _stored(value)) for name, value in new.items()]
    else:
        raise ValueError(f"not a quote event: {action}")
    return QuoteEvent.objects.bulk_create(
        QuoteEvent(
            quote=quote,
            actor=actor,
            field=field,
            old_value=old_value,
            new_value=new_value,
            note=note,
            version=quote.version,
        )
        for field, old_value, new_value in rows
    )


def speaker_event_add(
    speaker: Speaker,
    *,
    actor: AbstractBaseUser | None,
    action: str,
    old: Values | None = None,
    new: Values | None = None,
    note: str = "",
) -> SpeakerEvent:
    """Record a change of ``speaker``: a name in both ``old`` and ``new`` is kept as
    ``{"old": ..., "new": ...}``, one in only one of them as it is (``{"alias": "Mr Putin"}``
    added in ``new`` or removed in ``old``; what a merge moved)."""
    old, new = old or {}, new or {}
    data = {**old, **new}
    for name in old.keys() & new.keys():
        data[name] = {"old": old[name], "new": new[name]}
    return SpeakerEvent.objects.create(
        speaker=speaker, actor=actor, action=action, data=data, note=note
    )


def _stored(value: Any) -> Any:
    return value.pk if isinstance(value, Speaker) else value
