"""A speaker's statements over time: counts per week or month, by kind and by claim verdict,
and the chart the speaker page draws of them (an SVG made here, on the server: no script, no
charting library, readable at any width)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek

from .models import Quote, Verdict

# Weekly bars when the statements span at most this many days, monthly beyond.
WEEKLY_UP_TO_DAYS = 183
KINDS = [(kind.value, kind.label) for kind in Quote.Kind]
# Colours of the kinds' stacked bars, with enough contrast against white (WCAG 3:1 for
# graphics): direct, partial, indirect.
KIND_COLOURS = {"direct": "#0b57d0", "partial": "#b3261e", "indirect": "#146c2e"}
CHART_WIDTH, CHART_HEIGHT, AXIS = 720, 180, 24


@dataclass
class Period:
    """One week or month: its first and last day, and its statements by kind and verdict."""

    start: dt.date
    end: dt.date
    kinds: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


@dataclass
class Timeline:
    unit: str  # "week" or "month"
    periods: list[Period]
    undated: int

    @property
    def busiest(self) -> int:
        return max((p.total for p in self.periods), default=0)


def speaker_timeline(quotes: QuerySet[Quote]) -> Timeline:
    """``quotes`` (a speaker's, rejected ones left out by the caller) counted per week when
    they span at most half a year, per month otherwise; every period between the first and
    the last is given, empty ones too. Statements of articles without a date are counted
    apart."""
    dated = quotes.filter(published_on__isnull=False).order_by()
    bounds = list(dated.values_list("published_on", flat=True).order_by("published_on")[:1]) + list(
        dated.values_list("published_on", flat=True).order_by("-published_on")[:1]
    )
    undated = quotes.filter(published_on__isnull=True).order_by().count()
    if not bounds:
        return Timeline("month", [], undated)
    first, last = bounds
    unit = "week" if (last - first).days <= WEEKLY_UP_TO_DAYS else "month"
    trunc = TruncWeek if unit == "week" else TruncMonth
    periods = {
        start: Period(start, _period_end(start, unit)) for start in _starts(first, last, unit)
    }
    by_kind = dated.annotate(period=trunc("published_on")).values("period", "kind")
    for row in by_kind.annotate(n=Count("id")):
        periods[_day(row["period"])].kinds[row["kind"]] = row["n"]
    by_verdict = (
        dated.filter(claims__isnull=False)
        .annotate(period=trunc("published_on"))
        .values("period", "claims__verdict")
        .annotate(n=Count("id", distinct=True))
    )
    for row in by_verdict:
        periods[_day(row["period"])].verdicts[row["claims__verdict"]] = row["n"]
    return Timeline(unit, list(periods.values()), undated)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _starts(first: dt.date, last: dt.date, unit: str) -> list[dt.date]:
    if unit == "week":
        day = first - dt.timedelta(days=first.weekday())
        starts = []
        while day <= last:
            starts.append(day)
            day += dt.timedelta(days=7)
        return starts
    day, starts = first.replace(day=1), []
    while day <= last:
        starts.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return starts


def _period_end(start: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return start + dt.timedelta(days=6)
    return (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


@dataclass
class Bar:
    """One period drawn: where, how tall each kind's part is, where clicking it goes."""

    period: Period
    x: float
    width: float
    parts: list[tuple[str, float, float]]  # (colour, y, height)
    label: str
    href: str

    @property
    def kind_counts(self) -> list[tuple[str, int]]:
        return [(label, self.period.kinds.get(kind, 0)) for kind, label in KINDS]

    @property
    def verdict_counts(self) -> list[tuple[str, int]]:
        found = self.period.verdicts
        return [(label, found[value]) for value, label in Verdict.choices if found.get(value)]


def timeline_bars(timeline: Timeline, href_of) -> list[Bar]:
    """The chart's bars, stacked by kind, in the chart's own units (CHART_WIDTH by
    CHART_HEIGHT, with AXIS below for the labels); ``href_of(period)`` is where a bar goes."""
    count = len(timeline.periods)
    if not count or not timeline.busiest:
        return []
    slot = CHART_WIDTH / count
    scale = (CHART_HEIGHT - 4) / timeline.busiest
    bars = []
    for index, period in enumerate(timeline.periods):
        y = float(CHART_HEIGHT)
        parts = []
        for kind, _ in KINDS:
            height = period.kinds.get(kind, 0) * scale
            if height:
                y -= height
                parts.append((KIND_COLOURS[kind], round(y, 2), round(height, 2)))
        bars.append(
            Bar(
                period,
                round(index * slot + slot * 0.1, 2),
                round(slot * 0.8, 2),
                parts,
                period_label(period, timeline.unit),
                href_of(period),
            )
        )
    return bars


def period_label(period: Period, unit: str) -> str:
    if unit == "week":
        return f"week of {period.start:%-d %b %Y}"
    return f"{period.start:%B %Y}"
