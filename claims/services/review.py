"""The desk's review workflow: who checks a claim or a statement (its assignee), where a claim
is (its status), and a verdict's second review. With ``VERDICT_APPROVAL`` on, a
fact-checker's verdict is a draft until another fact-checker approves it; only then is it
the claim's published verdict. Each change is one claim or quote event; a bulk action is one
event per item it changed.

Assignment and status are the desk's own bookkeeping: they do not count a version of the
claim, so a fact-checker's open verdict form stays valid when someone assigns the claim."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.permissions import EDITORS, FACT_CHECKERS, user_roles

from ..events import claim_event_add
from ..models import STATUS_SETTABLE, Claim, ClaimEvent, Status
from .claims import claim_draft_clear, claim_locked, claim_saved, claim_verdict_set


def claim_verdict_submit(
    *,
    claim: Claim,
    verdict: str,
    by: AbstractBaseUser,
    note: str = "",
    summary: str | None = None,
    evidence_links: list[str] | None = None,
    expected_version: int | None = None,
) -> ClaimEvent:
    """A fact-checker's verdict: a draft for a second fact-checker when ``VERDICT_APPROVAL``
    is on (:func:`claim_verdict_draft`), else published at once."""
    write = claim_verdict_draft if settings.VERDICT_APPROVAL else claim_verdict_set
    return write(
        claim=claim,
        verdict=verdict,
        by=by,
        note=note,
        summary=summary,
        evidence_links=evidence_links,
        expected_version=expected_version,
    )


@transaction.atomic
def claim_verdict_draft(
    *,
    claim: Claim,
    verdict: str,
    by: AbstractBaseUser,
    note: str = "",
    summary: str | None = None,
    evidence_links: list[str] | None = None,
    expected_version: int | None = None,
) -> ClaimEvent:
    """Write a draft verdict (with its summary and evidence; unchanged ones are taken from
    the draft there is, else from the published verdict) and send the claim to second
    review. The published verdict stays as it is until the draft is approved."""
    claim = claim_locked(claim, expected_version)
    has_draft = bool(claim.draft_verdict)
    old = {"status": claim.status, "draft_verdict": claim.draft_verdict}
    claim.draft_verdict = verdict
    if summary is None:
        summary = claim.draft_summary if has_draft else claim.summary
    if evidence_links is None:
        evidence_links = claim.draft_evidence_links if has_draft else claim.evidence_links
    claim.draft_summary, claim.draft_evidence_links = summary, list(evidence_links)
    claim.drafted_by, claim.drafted_at = by, timezone.now()
    claim.status = Status.SECOND_REVIEW
    claim_saved(claim)
    new = {
        "status": claim.status,
        "draft_verdict": verdict,
        "summary": claim.draft_summary,
        "evidence_links": claim.draft_evidence_links,
    }
    return claim_event_add(
        claim, actor=by, action=ClaimEvent.Action.DRAFTED, old=old, new=new, note=note
    )


def claim_verdict_approve(
    *, claim: Claim, by: AbstractBaseUser, note: str = "", expected_version: int | None = None
) -> ClaimEvent:
    """A second fact-checker approves the draft: it becomes the published verdict (one
    ``verdict`` event, naming who drafted it) and the claim is published. The one who wrote
    the draft cannot approve it; a claim without a draft is refused."""
    with transaction.atomic():
        claim = claim_locked(claim, expected_version)
        if not claim.draft_verdict or claim.status != Status.SECOND_REVIEW:
            raise ValidationError({"verdict": "There is no draft verdict waiting for approval."})
        if claim.drafted_by_id == by.pk:
            raise ValidationError(
                {"verdict": "A second fact-checker approves a draft: you wrote this one."}
            )
        drafted_by = claim.drafted_by_id
        verdict, summary = claim.draft_verdict, claim.draft_summary
        links = list(claim.draft_evidence_links)
        claim_draft_clear(claim)
        claim.save(update_fields=DRAFT_FIELDS)
        return claim_verdict_set(
            claim=claim,
            verdict=verdict,
            by=by,
            note=note,
            summary=summary,
            evidence_links=links,
            drafted_by=drafted_by,
        )


@transaction.atomic
def claim_verdict_return(
    *, claim: Claim, by: AbstractBaseUser, note: str = "", expected_version: int | None = None
) -> ClaimEvent:
    """Send a draft back to work: the claim is in progress again, its draft kept for the
    fact-checker to change (``note`` says why)."""
    claim = claim_locked(claim, expected_version)
    if not claim.draft_verdict or claim.status != Status.SECOND_REVIEW:
        raise ValidationError({"verdict": "There is no draft verdict waiting to send back."})
    old = {"status": claim.status}
    claim.status = Status.IN_PROGRESS
    claim_saved(claim)
    new = {"status": claim.status, "draft_verdict": claim.draft_verdict}
    return claim_event_add(
        claim, actor=by, action=ClaimEvent.Action.RETURNED, old=old, new=new, note=note
    )


def claims_assign(
    *,
    claims: Iterable[Claim],
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    note: str = "",
) -> list[ClaimEvent]:
    """Give ``claims`` to ``assignee`` (a fact-checker; None: to nobody), one event per
    claim that changed hands."""
    assignee_check(assignee)

    def record(claim: Claim, old: dict, new: dict) -> ClaimEvent:
        action = ClaimEvent.Action.ASSIGNED
        return claim_event_add(claim, actor=by, action=action, old=old, new=new, note=note)

    with transaction.atomic():
        return rows_assign(_claims_locked(claims), assignee=assignee, record=record)


def rows_assign(rows, *, assignee: AbstractBaseUser | None, record) -> list:
    """Give ``rows`` (claims or statements, locked) to ``assignee``: each one that changes
    hands is saved and ``record(row, old, new)`` makes its event (``old`` and ``new`` as
    :func:`assigned_to` gives them). Not ``updated_at``: the public "last changed" is about
    the claim or the statement, not about the desk."""
    new = assigned_to(assignee)
    events = []
    for row in rows:
        if row.assignee_id == new["assignee"]:
            continue
        old = assigned_to(row.assignee)
        row.assignee = assignee
        row.save(update_fields=["assignee"])
        events.append(record(row, old, new))
    return events


def claims_status_set(
    *, claims: Iterable[Claim], status: str, by: AbstractBaseUser, note: str = ""
) -> list[ClaimEvent]:
    """Move ``claims`` to ``status`` (new, in progress, needs second review), one event per
    claim that moved. Refused, for all of them: publishing (a claim is published by its
    verdict), a second review with no draft verdict to review, and leaving one while its
    draft waits (approve it or send it back)."""
    if status not in STATUS_SETTABLE:
        raise ValidationError(
            {"status": "A claim is published by setting (or approving) its verdict."}
        )
    events = []
    with transaction.atomic():
        for claim in _claims_locked(claims):
            if claim.status == status:
                continue
            if status == Status.SECOND_REVIEW and not claim.draft_verdict:
                raise ValidationError(
                    {"status": f"Claim {claim.pk} has no draft verdict to review."}
                )
            if claim.status == Status.SECOND_REVIEW and claim.draft_verdict:
                raise ValidationError(
                    {"status": f"Claim {claim.pk}'s draft waits: approve it or send it back."}
                )
            old, claim.status = claim.status, status
            claim.save(update_fields=["status"])
            events.append(
                claim_event_add(
                    claim,
                    actor=by,
                    action=ClaimEvent.Action.STATUS,
                    old={"status": old},
                    new={"status": status},
                    note=note,
                )
            )
    return events


def assignee_check(user: AbstractBaseUser | None, *, statements: bool = False) -> None:
    """Only a fact-checker (or an admin) is given a claim; a statement, an editor too."""
    roles = user_roles(user) if user is not None else None
    if roles is None or FACT_CHECKERS in roles or (statements and EDITORS in roles):
        return
    role = "an editor or a fact-checker" if statements else "a fact-checker"
    raise ValidationError({"assignee": f"{user.get_username()} is not {role}."})


DRAFT_FIELDS = [
    "draft_verdict",
    "draft_summary",
    "draft_evidence_links",
    "drafted_by",
    "drafted_at",
]


def assigned_to(user: AbstractBaseUser | None) -> dict:
    """An assignee as history keeps it: the user's id and name (None for nobody)."""
    return {
        "assignee": user.pk if user else None,
        "assignee_name": user.get_username() if user else None,
    }


def _claims_locked(claims: Iterable[Claim]):
    """``claims`` as stored, locked in id order (two bulk actions at once do not deadlock)."""
    ids = sorted(c.pk for c in claims)
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .filter(pk__in=ids)
        .order_by("pk")
    )
