"""Statement groups: the worker puts each new statement in the group of its reports in other
articles; editors move statements in and out, and the worker never undoes what they did;
quotations in a group whose words differ raise misquote alerts."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from extraction.grouping import (
    misquote,
    quoted_words,
)

from ..events import quote_event_add
from ..models import (
    GroupExclusion,
    GroupMember,
    MisquoteAlert,
    Quote,
    QuoteEvent,
    Speaker,
    StatementGroup,
)

logger = logging.getLogger(__name__)

QUOTED_KINDS = (Quote.Kind.DIRECT, Quote.Kind.PARTIAL)


def speaker_groups_lock(speaker_id: int | None) -> None:
    """One speaker's statements change group one at a time, whoever moves them (two workers
    would otherwise each start a group with the other's statement, and a worker and an editor
    each put one statement somewhere)."""
    if speaker_id is not None:
        Speaker.objects.select_for_update().filter(pk=speaker_id).first()


def misquotes_find(*, group: StatementGroup, quote: Quote) -> int:
    """Alerts for the quotations in ``group`` whose quoted words differ from ``quote``'s;
    returns how many were raised (an alert already raised for a pair is not raised again)."""
    if quote.kind not in QUOTED_KINDS:
        return 0
    mine = quoted_words(quote.text, direct=quote.kind == Quote.Kind.DIRECT)
    raised = 0
    members = Quote.objects.filter(group_member__group=group, kind__in=QUOTED_KINDS).exclude(
        pk=quote.pk
    )
    for other in members:
        theirs = quoted_words(other.text, direct=other.kind == Quote.Kind.DIRECT)
        earlier, later = sorted((quote, other), key=_appearance)
        words_earlier, words_later = (mine, theirs) if earlier is quote else (theirs, mine)
        found = misquote(words_earlier, words_later)
        if found is None:
            continue
        _, created = MisquoteAlert.objects.get_or_create(
            earlier=earlier,
            later=later,
            defaults={
                "group": group,
                "words_earlier": list(found.words_a),
                "words_later": list(found.words_b),
                "changes": [
                    {"before": list(c.before), "after": list(c.after)} for c in found.changes
                ],
            },
        )
        raised += created
    return raised


def _appearance(quote: Quote) -> tuple:
    return (quote.published_on or dt.date.max, quote.pk)


@transaction.atomic
def quote_group_join(
    *, quote: Quote, other: Quote, by: AbstractBaseUser, note: str = ""
) -> GroupMember:
    """An editor puts ``quote`` in the group of ``other`` (started with ``other`` when it is in
    none): both are then the editor's, never moved by the machine. Each statement that moves
    (``other`` too, into a new group) is recorded in its history."""
    if quote.speaker_id is None or quote.speaker_id != other.speaker_id:
        raise ValidationError({"group": "Only statements of one speaker form a group."})
    if quote.pk == other.pk:
        raise ValidationError({"group": "A statement cannot join itself."})
    speaker_groups_lock(quote.speaker_id)
    target = GroupMember.objects.filter(quote=other).select_related("group").first()
    if target is None:
        group = StatementGroup.objects.create(speaker_id=other.speaker_id)
        target = GroupMember.objects.create(quote=other, group=group, by_editor=True)
        _moved(other, None, group, by=by, note=note)
    elif not target.by_editor:
        GroupMember.objects.filter(quote=other).update(by_editor=True)
    group = target.group
    current = GroupMember.objects.filter(quote=quote).first()
    if current and current.group_id == group.pk:
        GroupMember.objects.filter(quote=quote).update(by_editor=True)
        return GroupMember.objects.get(quote=quote)
    old_group = current.group_id if current else None
    if current:
        _leave(quote=quote, member=current)
    GroupExclusion.objects.filter(quote=quote, group=group).delete()
    member = GroupMember.objects.create(quote=quote, group=group, by_editor=True)
    StatementGroup.objects.filter(pk=group.pk).update(updated_at=timezone.now())
    _moved(quote, old_group, group, by=by, note=note)
    misquotes_find(group=group, quote=quote)
    return member


def _moved(
    quote: Quote, old: int | None, group: StatementGroup | None, *, by: AbstractBaseUser, note: str
) -> None:
    quote_event_add(
        quote,
        actor=by,
        action=QuoteEvent.Action.GROUPED,
        old={"group": old},
        new={"group": group.pk if group else None},
        note=note,
    )


@transaction.atomic
def quote_group_leave(*, quote: Quote, by: AbstractBaseUser, note: str = "") -> None:
    """An editor takes ``quote`` out of its group: the machine never puts it back there."""
    speaker_groups_lock(quote.speaker_id)
    current = GroupMember.objects.filter(quote=quote).first()
    if current is None:
        raise ValidationError({"group": "The statement is in no group."})
    _leave(quote=quote, member=current)
    _moved(quote, current.group_id, None, by=by, note=note)


def quote_groups_corrected(*, quote: Quote, changed: set[str]) -> None:
    """An editor corrected ``quote`` (the fields ``changed``): its open alerts no longer hold;
    with another speaker, or rejected, it leaves its group (a group is one speaker's, and a
    rejection hides it); with other words or another kind, its quotations are compared again
    in its group."""
    speaker_groups_lock(quote.speaker_id)
    MisquoteAlert.objects.filter(
        Q(earlier=quote) | Q(later=quote), status=MisquoteAlert.Status.OPEN
    ).delete()
    member = GroupMember.objects.filter(quote=quote).select_related("group").first()
    if member is None:
        return
    if changed & {"speaker", "rejected"} and (
        quote.rejected or member.group.speaker_id != quote.speaker_id
    ):
        member.delete()
        StatementGroup.objects.filter(pk=member.group_id).update(updated_at=timezone.now())
    elif changed & {"content_start", "content_end", "kind"}:
        misquotes_find(group=member.group, quote=quote)


def _leave(*, quote: Quote, member: GroupMember) -> None:
    """Out of the group, kept out; its open alerts there go (decided ones stay, with their
    statements: see ``claims.selectors.quotes_kept``)."""
    GroupExclusion.objects.get_or_create(quote=quote, group_id=member.group_id)
    member.delete()
    MisquoteAlert.objects.filter(
        Q(earlier=quote) | Q(later=quote),
        group_id=member.group_id,
        status=MisquoteAlert.Status.OPEN,
    ).delete()
    StatementGroup.objects.filter(pk=member.group_id).update(updated_at=timezone.now())


@transaction.atomic
def misquote_alert_review(
    *, alert: MisquoteAlert, status: str, by: AbstractBaseUser, note: str = ""
) -> MisquoteAlert:
    """A fact-checker confirms an open alert as a misquote or dismisses it, once: the
    decision, who made it and when stay as they are."""
    if status not in (MisquoteAlert.Status.CONFIRMED, MisquoteAlert.Status.DISMISSED):
        raise ValidationError({"status": "Confirm or dismiss."})
    alert = MisquoteAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != MisquoteAlert.Status.OPEN:
        raise ValidationError({"status": f"Already {alert.get_status_display().lower()}."})
    alert.status, alert.reviewed_by, alert.reviewed_at = status, by, timezone.now()
    alert.note = note
    alert.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
    return alert
