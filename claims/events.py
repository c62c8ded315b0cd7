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
    (the claim's own when ``old`` or ``new`` does not name one), and in ``new`` the summary
    and evidence links as they are now; ``quote_ids`` stay where they were given (attached
    in ``new``, detached in ``old``), sorted."""
    old, new = dict(old or {}), dict(new or {})
    old.setdefault("verdict", claim.verdict)
    new.setdefault("verdict", claim.verdict)
    new.setdefault("summary", "")
    new.setdefault("evidence_links", [])
    for values in (old, new):
        if "quote_ids" in values:
            values["quote_ids"] = sorted(values["quote_ids"])
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        old=old,
        new=new,
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
) -> QuoteEvent:
    """Record a change of ``quote`` at its current version: ``"created"`` with what ``new``
    gives it, or ``"edited"`` / ``"grouped"`` with the fields changed, old value to new (a
    speaker or a group as its id)."""
    old, new = old or {}, new or {}
    if action == QuoteEvent.Action.CREATED:
        old = {}
    elif action in (
        QuoteEvent.Action.EDITED,
        QuoteEvent.Action.GROUPED,
        QuoteEvent.Action.ASSIGNED,
    ):
        old = {name: old.get(name) for name in new}
    else:
        raise ValueError(f"not a quote event: {action}")
    return QuoteEvent.objects.create(
        quote=quote,
        actor=actor,
        action=action,
        old={k: _stored(v) for k, v in old.items()},
        new={k: _stored(v) for k, v in new.items()},
        note=note,
        version=quote.version,
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
    """Record a change of ``speaker``: an alias added in ``new`` or removed in ``old``, what
    a merge moved in ``new``, an identity's fields old to new."""
    return SpeakerEvent.objects.create(
        speaker=speaker, actor=actor, action=action, old=old or {}, new=new or {}, note=note
    )


def _stored(value: Any) -> Any:
    return value.pk if isinstance(value, Speaker) else value
