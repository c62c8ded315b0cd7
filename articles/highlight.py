"""Cutting an article body into plain and quoted pieces for display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claims.models import Quote

# Hues spread evenly enough that neighbouring speakers get distinct colours.
_HUE_STEP = 47


@dataclass(frozen=True)
class Segment:
    text: str
    quote: Quote | None = None


def body_segments(text: str, quotes: Iterable[Quote], *, offset: int = 0) -> list[Segment]:
    """``text``, the stretch of the body from character ``offset`` on (the whole body by
    default), as consecutive segments; each quote in it is one segment, cut where the
    stretch ends. Where quotes overlap, the earlier one is highlighted (all of them still
    appear in the list beside the text)."""
    segments: list[Segment] = []
    end = offset + len(text)
    position = offset
    for quote in sorted(quotes, key=lambda q: (q.content_start, -q.content_end)):
        stop = min(quote.content_end, end)
        if quote.content_start < position or quote.content_start >= stop:
            continue
        if quote.content_start > position:
            segments.append(Segment(text[position - offset : quote.content_start - offset]))
        segments.append(Segment(text[quote.content_start - offset : stop - offset], quote))
        position = stop
    if position < end:
        segments.append(Segment(text[position - offset :]))
    return segments


def speaker_hue(speaker_id: int | None) -> int:
    """A stable hue (0-359) per speaker, for colouring their statements."""
    return 0 if speaker_id is None else (speaker_id * _HUE_STEP) % 360
