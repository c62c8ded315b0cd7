"""The review queue's statements: the machine's statements an editor or a fact-checker checks,
given to someone, verified or rejected, or attached to a claim, each change one event; and
the queue's bulk action, which applies one of these (or a claim's assignment or status) to
every ticked row in one transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from ..events import quote_event_add
from ..models import Claim, ClaimEvent, Quote, QuoteEvent
from .claims import claim_quotes_add
from .quotes import quote_update
from .review import assignee_check, claims_assign, claims_status_set, rows_assign


def quotes_assign(
    *,
    quotes: Iterable[Quote],
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    note: str = "",
) -> list[QuoteEvent]:
    """Give statements waiting for review to ``assignee`` (None: to nobody), one event per
    statement that changed hands."""
    assignee_check(assignee, statements=True)

    def record(quote: Quote, old: dict, new: dict) -> QuoteEvent:
        action = QuoteEvent.Action.ASSIGNED
        return quote_event_add(quote, actor=by, action=action, old=old, new=new, note=note)

    with transaction.atomic():
        locked = Quote.objects.select_for_update(of=("self",)).select_related("assignee")
        rows = locked.filter(pk__in=sorted(q.pk for q in quotes)).order_by("pk")
        return rows_assign(rows, assignee=assignee, record=record)


def quotes_attach(
    *, quotes: Iterable[Quote], claim: Claim, by: AbstractBaseUser, note: str = ""
) -> list[ClaimEvent]:
    """Attach statements to ``claim`` one by one: one event of the claim per statement
    attached (those already in it are left)."""
    with transaction.atomic():
        events = [
            claim_quotes_add(claim=claim, quotes=[quote], by=by, note=note)
            for quote in sorted(quotes, key=lambda q: q.pk)
        ]
    return [event for event in events if event is not None]


def quotes_flag(
    *, quotes: Iterable[Quote], field: str, by: AbstractBaseUser, note: str = ""
) -> list[Quote]:
    """Verify (``field="verified"``) or reject (``"rejected"``) statements, as an editor's
    correction each (recorded, a version each); those already so are left."""
    if field not in ("verified", "rejected"):
        raise ValueError(f"not a flag: {field}")
    with transaction.atomic():
        return [
            quote_update(quote=quote, by=by, changes={field: True}, note=note)
            for quote in sorted(quotes, key=lambda q: q.pk)
            if not getattr(quote, field)
        ]


# What each bulk action applies to: claims, statements, or both.
BULK_ACTIONS = {
    "assign": ("claims", "statements"),
    "status": ("claims",),
    "verify": ("statements",),
    "reject": ("statements",),
    "attach": ("statements",),
}


def review_bulk(
    *,
    action: str,
    items: list,
    by: AbstractBaseUser,
    note: str = "",
    assignee: AbstractBaseUser | None = None,
    status: str = "",
    claim: Claim | None = None,
) -> int:
    """Apply ``action`` to the queue's ticked ``items`` (claims or statements, not both), in
    one transaction: all of them or, refused, none. Returns how many changed."""
    kind = "statements" if items and isinstance(items[0], Quote) else "claims"
    if kind not in BULK_ACTIONS.get(action, ()):
        raise ValidationError(f"“{action}” does not apply to {kind}.")
    with transaction.atomic():
        if action == "assign" and kind == "claims":
            changed = claims_assign(claims=items, assignee=assignee, by=by, note=note)
        elif action == "assign":
            changed = quotes_assign(quotes=items, assignee=assignee, by=by, note=note)
        elif action == "status":
            changed = claims_status_set(claims=items, status=status, by=by, note=note)
        elif action == "attach":
            if claim is None:
                raise ValidationError("Give the number of an existing claim to attach to.")
            changed = quotes_attach(quotes=items, claim=claim, by=by, note=note)
        else:
            field = "verified" if action == "verify" else "rejected"
            changed = quotes_flag(quotes=items, field=field, by=by, note=note)
    return len(changed)
