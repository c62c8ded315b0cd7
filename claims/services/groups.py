"""Statement groups: the worker puts each new statement in the group of its reports in other
articles; editors move statements in and out, and the worker never undoes what they did;
quotations in a group whose words differ raise misquote alerts."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from extraction.embedding import ENCODER
from extraction.grouping import (
    CLOSE,
    THRESHOLD,
    WINDOW_DAYS,
    Report,
    content_words,
    misquote,
    quoted_words,
    same_statement,
)

from ..events import quote_event_add
from ..models import (
    GroupExclusion,
    GroupMember,
    MisquoteAlert,
    Quote,
    QuoteEmbedding,
    QuoteEvent,
    Speaker,
    StatementGroup,
)
from ..similarity import vectors_read

logger = logging.getLogger(__name__)

QUOTED_KINDS = (Quote.Kind.DIRECT, Quote.Kind.PARTIAL)


def statement_groups_update(*, quotes: QuerySet[Quote]) -> int:
    """Put each of ``quotes`` that is in no group (with a speaker and a vector, not rejected)
    in the group of the report of the same statement it is closest to, in another article of
    the same speaker within the window; a report in no group yet starts one with it. Groups
    are never merged by the machine, a statement is never moved once in a group, and never
    put back in a group an editor took it out of. Returns how many statements joined a group.

    One speaker at a time, under the speaker's lock, with the speaker's reports within the
    window read once for all its waiting statements; should a statement change meanwhile,
    that speaker's statements are done again one at a time, and the one that changed is left
    for later."""
    waiting = (
        quotes.filter(
            speaker__isnull=False,
            rejected=False,
            group_member__isnull=True,
            embedding__encoder=ENCODER,
        )
        .order_by("published_on", "id")
        .values_list("pk", "speaker_id", "published_on")
    )
    by_speaker: dict[int, list[tuple[int, dt.date | None]]] = defaultdict(list)
    for quote_id, speaker_id, published_on in waiting:
        by_speaker[speaker_id].append((quote_id, published_on))
    joined = 0
    for speaker_id, quote_ids in _runs(by_speaker):
        try:
            with transaction.atomic():
                _speaker_lock(speaker_id)
                joined += _speaker_statements_group(speaker_id, quote_ids)
        except (IntegrityError, QuoteEmbedding.DoesNotExist):
            joined += sum(_one_statement_group(quote_id, speaker_id) for quote_id in quote_ids)
    return joined


# A speaker's waiting statements grouped together at most this many at a time (a back-fill
# may hold thousands of one speaker's).
RUN_MAX = 500


def _runs(
    by_speaker: dict[int, list[tuple[int, dt.date | None]]],
) -> list[tuple[int, list[int]]]:
    """Each speaker's waiting statements (in date order) cut into runs done together: a run
    ends where the next statement is more than two windows after the run's first (so that
    the reports read for a run span a few weeks), and after RUN_MAX statements. Undated
    statements (whose window is every date: they read all the speaker's reports) make runs
    of their own."""
    runs: list[tuple[int, list[int]]] = []
    for speaker_id, waiting in by_speaker.items():
        undated = [quote_id for quote_id, day in waiting if day is None]
        run: list[int] = []
        first: dt.date | None = None
        for quote_id, day in waiting:
            if day is None:
                continue
            if run and ((day - first).days > 2 * WINDOW_DAYS or len(run) >= RUN_MAX):
                runs.append((speaker_id, run))
                run = []
            if not run:
                first = day
            run.append(quote_id)
        if run:
            runs.append((speaker_id, run))
        runs += [
            (speaker_id, undated[start : start + RUN_MAX])
            for start in range(0, len(undated), RUN_MAX)
        ]
    return runs


def _one_statement_group(quote_id: int, speaker_id: int) -> int:
    try:
        with transaction.atomic():
            _speaker_lock(speaker_id)
            quote = Quote.objects.filter(pk=quote_id, speaker_id=speaker_id).first()
            return _speaker_statements_group(speaker_id, [quote_id]) if quote else 0
    except (IntegrityError, QuoteEmbedding.DoesNotExist):
        # the statement or its vector changed meanwhile (an editor's move, a new span): it is
        # grouped when its vector is computed again, or left as the editor put it
        logger.warning("statement %s was not grouped: it changed meanwhile", quote_id)
        return 0


def _speaker_lock(speaker_id: int | None) -> None:
    """One speaker's statements change group one at a time, whoever moves them (two workers
    would otherwise each start a group with the other's statement, and a worker and an editor
    each put one statement somewhere)."""
    if speaker_id is not None:
        Speaker.objects.select_for_update().filter(pk=speaker_id).first()


@dataclass
class _Known:
    """One of the speaker's statements as the grouping reads it."""

    report: Report
    article_id: int
    group_id: int | None


def _speaker_statements_group(speaker_id: int, quote_ids: list[int]) -> int:
    """Group ``quote_ids`` (statements of ``speaker_id`` in no group yet, read again here
    under the speaker's lock) in date order, each against the speaker's statements within
    the window as they stand after the ones before."""
    quotes = list(
        Quote.objects.filter(
            pk__in=quote_ids, speaker_id=speaker_id, rejected=False, group_member__isnull=True
        )
        .select_related("embedding")
        .order_by("published_on", "id")
    )
    quotes = [q for q in quotes if q.embedding.encoder == ENCODER]
    if not quotes:
        return 0
    known = _speaker_reports(speaker_id, quotes)
    ids = list(known)
    matrix = np.stack([known[pk].report.vector for pk in ids])
    excluded: dict[int, set[int]] = defaultdict(set)
    for quote_id, group_id in GroupExclusion.objects.filter(quote__in=quotes).values_list(
        "quote_id", "group_id"
    ):
        excluded[quote_id].add(group_id)
    joined = 0
    for quote in quotes:
        mine = known.get(quote.pk)
        if mine is None or mine.group_id is not None:
            continue  # joined meanwhile, as the first report of a group another one started
        scores = matrix @ mine.report.vector
        found = []
        # a margin below the rule's lowest threshold: the pair's own product decides
        for index in np.flatnonzero(scores >= min(CLOSE, THRESHOLD) - 1e-3):
            other_id, other = ids[index], known[ids[index]]
            if other.article_id != quote.article_id and same_statement(mine.report, other.report):
                score = round(float(mine.report.vector @ other.report.vector), 4)
                found.append((other_id, score, other.group_id))
        for other_id, score, group_id in sorted(found, key=lambda item: (-item[1], item[0])):
            if group_id in excluded[quote.pk]:
                continue
            if group_id is None:
                group = StatementGroup.objects.create(speaker_id=speaker_id)
                GroupMember.objects.create(quote_id=other_id, group=group, score=score)
                known[other_id].group_id = group.pk
            else:
                group = StatementGroup.objects.get(pk=group_id)
            GroupMember.objects.create(quote=quote, group=group, score=score)
            mine.group_id = group.pk
            StatementGroup.objects.filter(pk=group.pk).update(updated_at=timezone.now())
            misquotes_find(group=group, quote=quote)
            joined += 1
            break
    return joined


def _speaker_reports(speaker_id: int, quotes: list[Quote]) -> dict[int, _Known]:
    """The speaker's statements (not rejected, with a vector) published within the window of
    any of ``quotes``, or undated, by id."""
    others = Quote.objects.filter(speaker_id=speaker_id, rejected=False)
    days = [q.published_on for q in quotes]
    if all(days):
        window = dt.timedelta(days=WINDOW_DAYS)
        near = Q(published_on__range=(min(days) - window, max(days) + window))
        others = others.filter(near | Q(published_on__isnull=True))
    rows = list(
        QuoteEmbedding.objects.filter(encoder=ENCODER, quote__in=others.values("pk")).values_list(
            "quote_id",
            "vector",
            "quote__text",
            "quote__published_on",
            "quote__article_id",
            "quote__group_member__group_id",
        )
    )
    vectors = vectors_read([row[1] for row in rows])
    return {
        row[0]: _Known(Report(vector, content_words(row[2]), row[3]), row[4], row[5])
        for row, vector in zip(rows, vectors, strict=True)
    }


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
    _speaker_lock(quote.speaker_id)
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
    _speaker_lock(quote.speaker_id)
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
    _speaker_lock(quote.speaker_id)
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
