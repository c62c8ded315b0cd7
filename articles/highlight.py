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


def body_segments(body: str, quotes: Iterable[Quote]) -> list[Segment]:
    """The body as consecutive segments; each quote is one segment. Where quotes overlap, the
    earlier one is highlighted (all of them still appear in the list beside the text)."""
    segments: list[Segment] = []
    position = 0
    for quote in sorted(quotes, key=lambda q: (q.content_start, -q.content_end)):
        if quote.content_start < position or quote.content_end > len(body):
            continue
        if quote.content_start > position:
            segments.append(Segment(body[position : quote.content_start]))
        segments.append(Segment(body[quote.content_start : quote.content_end], quote))
        position = quote.content_end
    if position < len(body):
        segments.append(Segment(body[position:]))
    return segments


def speaker_hue(speaker_id: int | None) -> int:
    """A stable hue (0-359) per speaker, for colouring their statements."""
    return 0 if speaker_id is None else (speaker_id * _HUE_STEP) % 360
