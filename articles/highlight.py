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


# Up to this many speakers, an article's hues are spread evenly round the colour wheel;
# beyond, successive speakers are the golden angle apart (each new one falls in the widest
# gap left), and the labels tell close hues apart.
EVEN_HUES = 8
GOLDEN_ANGLE = 137.508
FIRST_HUE = 210


@dataclass(frozen=True)
class Voice:
    """How one speaker's statements look on an article's page: a hue picked for that page
    (None: unattributed, grey), a label that says who it is without colour, and a name."""

    hue: int | None
    label: str
    name: str
    slug: str | None
    count: int


def speaker_palette(quotes: Iterable[Quote]) -> dict[int | None, Voice]:
    """The voices of the speakers of ``quotes`` (their speaker loaded), in order of first
    appearance: hues as far apart as the number of speakers allows, numbered labels (1, 2,
    …); statements with no speaker get "?" and no hue. Each quote gets its voice as
    ``quote.voice``."""
    quotes = list(quotes)
    order: list[int | None] = []
    counts: dict[int | None, int] = {}
    for quote in sorted(quotes, key=lambda q: (q.content_start, q.pk)):
        if quote.speaker_id not in counts:
            order.append(quote.speaker_id)
            counts[quote.speaker_id] = 0
        counts[quote.speaker_id] += 1
    named = [s for s in order if s is not None]
    speakers = {q.speaker_id: q.speaker for q in quotes if q.speaker_id is not None}
    palette: dict[int | None, Voice] = {
        speaker_id: Voice(
            hue=round(
                FIRST_HUE + n * (360 / len(named) if len(named) <= EVEN_HUES else GOLDEN_ANGLE)
            )
            % 360,
            label=str(n + 1),
            name=speakers[speaker_id].name,
            slug=speakers[speaker_id].slug,
            count=counts[speaker_id],
        )
        for n, speaker_id in enumerate(named)
    }
    if None in counts:
        palette[None] = Voice(None, "?", "No speaker found", None, counts[None])
    for quote in quotes:
        quote.voice = palette[quote.speaker_id]
    return palette


def speaker_hue(speaker_id: int | None) -> int:
    """A stable hue (0-359) per speaker, for colouring their statements."""
    return 0 if speaker_id is None else (speaker_id * _HUE_STEP) % 360
