"""Which runs of waiting statements the worker's grouping (:mod:`.group_updates`) needs to
take under their speaker's lock: those with a report close enough to join, in one read for
many runs, without the lock."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from extraction.embedding import ENCODER
from extraction.grouping import CLOSE, THRESHOLD, WINDOW_DAYS

from ..models import QuoteEmbedding
from ..vectors import vectors_read

# Runs whose reports are read in one query.
RUNS_READ = 200
# Waiting statements compared with a speaker's reports at a time (bounds the matrices).
BLOCK = 64
# A margin below the rule's lowest threshold, as in the grouping itself.
LOWEST = min(CLOSE, THRESHOLD) - 1e-3


def runs_to_group(
    runs: list[tuple[int, list[int]]], days: dict[int, dt.date | None]
) -> list[tuple[int, list[int]]]:
    """The ``runs`` (speaker id, waiting statement ids; ``days`` gives each one's date) in
    which some statement has a report of its speaker in another article, within the window,
    close enough to be the same statement by the rule's lower threshold on the cosine alone.
    Only they can have a statement joining a group: most runs of a batch have none (a first
    mention, a statement unlike the speaker's others), and skip the lock and the reads that
    grouping takes.

    Each run's reports are read as the grouping reads them: its speaker's within the window
    of its statements' dates (all of them for undated statements), not rejected, with a
    vector of the current encoder. Read without the lock, and that is safe: a report this
    read misses was committed afterwards, by another batch whose own grouping comes after
    that commit and so sees this batch's statements (their vectors are committed before
    grouping runs), and the rule is symmetric."""
    kept = []
    for first in range(0, len(runs), RUNS_READ):
        chunk = runs[first : first + RUNS_READ]
        reports = _reports(chunk, days)
        kept += [
            (speaker_id, quote_ids)
            for speaker_id, quote_ids in chunk
            if reports[speaker_id].any_close(quote_ids)
        ]
    return kept


@dataclass
class _Reports:
    """One speaker's reports as read for some runs: quote ids, article ids, dates (day
    ordinals, NaN when undated) and vectors, in the same order."""

    ids: np.ndarray
    articles: np.ndarray
    days: np.ndarray
    vectors: np.ndarray

    def any_close(self, quote_ids: list[int]) -> bool:
        """Whether one of ``quote_ids`` has a report in another article, within the window,
        at a cosine that could make them one statement."""
        mine = np.flatnonzero(np.isin(self.ids, quote_ids))
        if not len(mine):
            return False
        dated = self.days[mine][~np.isnan(self.days[mine])]
        near = np.arange(len(self.ids))
        if len(dated) == len(mine):  # only the reports within the run's window
            low, high = dated.min() - WINDOW_DAYS, dated.max() + WINDOW_DAYS
            near = np.flatnonzero(np.isnan(self.days) | ((self.days >= low) & (self.days <= high)))
        vectors, articles, days = self.vectors[near], self.articles[near], self.days[near]
        for start in range(0, len(mine), BLOCK):
            some = mine[start : start + BLOCK]
            close = self.vectors[some] @ vectors.T >= LOWEST
            close &= self.articles[some][:, None] != articles[None, :]
            gap = np.abs(self.days[some][:, None] - days[None, :])
            close &= np.isnan(gap) | (gap <= WINDOW_DAYS)  # an undated report: any window
            if close.any():
                return True
        return False


def reports_near(speaker_id: int, dates: list[dt.date | None], prefix: str = "") -> Q:
    """The statements a run of ``speaker_id``'s statements published on ``dates`` (at least
    one) is compared with, the screen's and the grouping's alike: the speaker's, not
    rejected, published within the window of the dates or undated (all of them when one of
    the dates is unknown). ``prefix`` reaches the quote through a relation ("quote__")."""
    near = Q(**{f"{prefix}speaker_id": speaker_id, f"{prefix}rejected": False})
    if all(dates):
        window = dt.timedelta(days=WINDOW_DAYS)
        span = (min(dates) - window, max(dates) + window)
        near &= Q(**{f"{prefix}published_on__range": span}) | Q(
            **{f"{prefix}published_on__isnull": True}
        )
    return near


def _reports(
    runs: list[tuple[int, list[int]]], days: dict[int, dt.date | None]
) -> dict[int, _Reports]:
    """The reports of the runs' speakers within the runs' windows, by speaker, in one query."""
    wanted = [
        reports_near(speaker_id, [days[quote_id] for quote_id in quote_ids], "quote__")
        for speaker_id, quote_ids in runs
    ]
    found: dict[int, dict[int, tuple]] = defaultdict(dict)
    for speaker_id, quote_id, *row in QuoteEmbedding.objects.filter(
        functools.reduce(operator.or_, wanted), encoder=ENCODER
    ).values_list(
        "quote__speaker_id", "quote_id", "quote__article_id", "quote__published_on", "vector"
    ):
        found[speaker_id][quote_id] = row
    reports = defaultdict(lambda: _Reports(*(np.zeros(0) for _ in range(3)), np.zeros((0, 0))))
    for speaker_id, rows in found.items():
        values = list(rows.values())
        reports[speaker_id] = _Reports(
            np.fromiter(rows, dtype=np.int64, count=len(rows)),
            np.asarray([article_id for article_id, _, _ in values], dtype=np.int64),
            np.asarray([day.toordinal() if day else np.nan for _, day, _ in values]),
            vectors_read([vector for _, _, vector in values]),
        )
    return reports
