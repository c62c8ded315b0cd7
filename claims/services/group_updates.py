"""Statement groups as the worker keeps them: each new statement put in the group of its
closest report of the same statement (the editors' moves, misquote alerts and the rest are
in :mod:`claims.services.groups`)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from extraction.embedding import ENCODER
from extraction.grouping import (
    CLOSE,
    THRESHOLD,
    WINDOW_DAYS,
    Report,
    content_words,
    same_statement,
)

from ..models import GroupExclusion, GroupMember, Quote, QuoteEmbedding, StatementGroup
from ..vectors import vectors_read
from .group_screen import reports_near, runs_to_group
from .groups import misquotes_find, speaker_groups_lock

logger = logging.getLogger(__name__)


def statement_groups_update(*, quotes: QuerySet[Quote]) -> int:
    """Put each of ``quotes`` that is in no group (with a speaker and a vector, not rejected)
    in the group of the report of the same statement it is closest to, in another article of
    the same speaker within the window; a report in no group yet starts one with it. Groups
    are never merged by the machine, a statement is never moved once in a group, and never
    put back in a group an editor took it out of. Returns how many statements joined a group.

    One speaker at a time, under the speaker's lock, with the speaker's reports within the
    window read once for a run of its waiting statements; should a statement change
    meanwhile, that speaker's statements are done again one at a time, and the one that
    changed is left for later. Runs with no report close enough to join are left out first,
    in one read without the lock (:func:`.group_screen.runs_to_group`)."""
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
    days = {}
    for quote_id, speaker_id, published_on in waiting:
        by_speaker[speaker_id].append((quote_id, published_on))
        days[quote_id] = published_on
    joined = 0
    for speaker_id, quote_ids in runs_to_group(_runs(by_speaker), days):
        try:
            with transaction.atomic():
                speaker_groups_lock(speaker_id)
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
            speaker_groups_lock(speaker_id)
            quote = Quote.objects.filter(pk=quote_id, speaker_id=speaker_id).first()
            return _speaker_statements_group(speaker_id, [quote_id]) if quote else 0
    except (IntegrityError, QuoteEmbedding.DoesNotExist):
        # the statement or its vector changed meanwhile (an editor's move, a new span): it is
        # grouped when its vector is computed again, or left as the editor put it
        logger.warning("statement %s was not grouped: it changed meanwhile", quote_id)
        return 0


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
    others = Quote.objects.filter(reports_near(speaker_id, [q.published_on for q in quotes]))
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
