"""Fact-checkers' writes to claims: a claim made, its statement worded, its quotes attached
or detached, its verdict set. Each change is recorded as a claim event and counts a version.

A quote is reviewed once: :func:`claim_create` refuses a quote that is already in a claim
(:class:`QuoteInClaim`, naming it), so that a second click or a retried request opens the
claim there is instead of making another. Putting a quote in a second claim is a decision of
its own, made explicitly with :func:`claim_quotes_add`."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min

from ..events import claim_event_add
from ..models import Claim, ClaimEvent, Quote, Speaker, Verdict
from .speakers import speaker_check_unmerged
from .versions import version_check


class QuoteInClaim(ValidationError):
    """A claim was asked for a quote that is already in one: ``claim`` is that claim."""

    def __init__(self, *, quote: Quote, claim: Claim):
        self.quote, self.claim = quote, claim
        message = (
            f"Statement {quote.pk} is already in claim {claim.pk} (“{claim.statement[:80]}”):"
            f" review it there, or attach it to another claim explicitly"
            f" (POST /api/v1/claims/{{id}}/quotes/)."
        )
        super().__init__({"quotes": [ValidationError(message, code="quote_in_claim")]})


@transaction.atomic
def claim_create(
    *,
    speaker: Speaker,
    statement: str,
    quotes: Iterable[Quote] = (),
    by: AbstractBaseUser,
    note: str = "",
) -> Claim:
    """A new, unreviewed claim made by ``speaker``, grouping ``quotes``; recorded. A quote
    already in a claim raises :class:`QuoteInClaim` (the quotes are locked first, so two
    requests at once for one quote make one claim)."""
    speaker_check_unmerged(speaker, field="speaker")
    quotes = list(quotes)
    locked = Quote.objects.select_for_update().filter(pk__in=[q.pk for q in quotes])
    list(locked.order_by("pk").values_list("pk", flat=True))
    through = Claim.quotes.through.objects.select_related("claim", "quote")
    taken = through.filter(quote__in=quotes).order_by("claim_id", "quote_id").first()
    if taken is not None:
        raise QuoteInClaim(quote=taken.quote, claim=taken.claim)
    claim = Claim(speaker=speaker, statement=statement.strip(), created_by=by)
    claim.full_clean()
    claim.save()
    claim.quotes.set(quotes)
    claim_appearance_update(claim)
    claim_event_add(
        claim,
        actor=by,
        action=ClaimEvent.Action.CREATED,
        new={"verdict": claim.verdict, "quote_ids": [q.pk for q in quotes]},
        note=note,
    )
    return claim


@transaction.atomic
def claim_statement_set(
    *,
    claim: Claim,
    statement: str,
    by: AbstractBaseUser,
    note: str = "",
    expected_version: int | None = None,
) -> ClaimEvent | None:
    """Word the claim as a checkable sentence; its quotes keep their exact words. Recorded,
    old text to new, and the claim's version goes up by one; None when the text is the
    same. With ``expected_version``, an edit made from another version raises
    :class:`StaleEdit`."""
    claim = claim_locked(claim, expected_version)
    old, new = claim.statement, statement.strip()
    if new == old:
        return None
    claim.statement = new
    claim_saved(claim)
    return claim_event_add(
        claim,
        actor=by,
        action=ClaimEvent.Action.STATEMENT,
        old={"statement": old},
        new={"statement": new, "summary": claim.summary, "evidence_links": claim.evidence_links},
        note=note,
    )


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
    claim = claim_locked(claim)
    present = set(claim.quotes.values_list("pk", flat=True))
    changed = [q for q in quotes if (q.pk in present) != attach]
    if not changed:
        return None
    (claim.quotes.add if attach else claim.quotes.remove)(*changed)
    claim_appearance_update(claim)
    claim.version += 1
    claim.save(update_fields=["version", "updated_at"])
    action = ClaimEvent.Action.QUOTES_ADDED if attach else ClaimEvent.Action.QUOTES_REMOVED
    ids = {"quote_ids": [q.pk for q in changed]}
    return claim_event_add(
        claim,
        actor=by,
        action=action,
        old=None if attach else ids,
        new=ids if attach else None,
        note=note,
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
    drafted_by: int | None = None,
) -> ClaimEvent:
    """Set a claim's published verdict (and its summary and evidence links, when given)
    and append the change to its history; the claim's version goes up by one. With
    ``expected_version``, an edit made from another version raises :class:`StaleEdit`;
    ``drafted_by``: the verdict is a draft that user wrote, approved (the event names them).
    A draft waiting for approval is replaced (the event keeps it, in ``old``). The desk's
    workflow calls this through ``claims.services.review``."""
    claim = claim_locked(claim, expected_version)
    old = {"verdict": claim.verdict}
    if claim.draft_verdict:  # a verdict set directly replaces the draft (kept in the event)
        old["draft_verdict"] = claim.draft_verdict
        claim_draft_clear(claim)
    claim.verdict = verdict
    # a published verdict publishes the claim; "unreviewed" takes it back to work
    if verdict != Verdict.UNREVIEWED:
        claim.status = Claim.Status.PUBLISHED
    elif claim.status in (Claim.Status.PUBLISHED, Claim.Status.SECOND_REVIEW):
        claim.status = Claim.Status.IN_PROGRESS
    if summary is not None:
        claim.summary = summary
    if evidence_links is not None:
        claim.evidence_links = list(evidence_links)
    claim_saved(claim)
    return claim_event_add(
        claim,
        actor=by,
        action=ClaimEvent.Action.VERDICT,
        old=old,
        new={
            "verdict": verdict,
            "summary": claim.summary,
            "evidence_links": claim.evidence_links,
            **({"drafted_by": drafted_by} if drafted_by is not None else {}),
        },
        note=note,
    )


def claim_appearance_update(claim: Claim) -> None:
    """Keep the claim's first appearance (date and outlet) and its check-worthiness (the
    highest of its statements') as its statements are now; the statements an editor
    rejected do not count. The claim is locked first: two changes at once leave the last
    one's values."""
    claim = Claim.objects.select_for_update().only("pk").get(pk=claim.pk)
    quotes = claim.quotes.filter(rejected=False)
    dated = quotes.exclude(article__published_on=None)
    first = (dated if dated.exists() else quotes).order_by(
        "article__published_on", "article__created_at", "pk"
    )
    Claim.objects.filter(pk=claim.pk).update(
        first_seen=quotes.aggregate(first=Min("article__published_on"))["first"],
        outlet=first.values_list("article__outlet", flat=True).first() or "",
        checkworthiness=quotes.aggregate(best=Max("checkworthiness"))["best"],
    )


def claim_draft_clear(claim: Claim) -> None:
    """No draft verdict on ``claim`` (saved by the caller)."""
    claim.draft_verdict, claim.draft_summary, claim.draft_evidence_links = "", "", []
    claim.drafted_by, claim.drafted_at = None, None


def claim_locked(claim: Claim, expected_version: int | None = None) -> Claim:
    """``claim`` as stored, locked until the transaction ends; with ``expected_version``,
    :class:`StaleEdit` when it is at another version."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    version_check(claim, expected_version)
    return claim


def claim_saved(claim: Claim) -> None:
    """``claim`` validated and saved at its next version."""
    claim.version += 1
    claim.full_clean()
    claim.save()
