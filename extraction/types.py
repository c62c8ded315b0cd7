"""The values the extractor returns: plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How a statement is reported."""

    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class SpeakerKind(StrEnum):
    """What sort of speaker a canonical name is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    COUNTRY = "country"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` of the text the extractor was given."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def covers(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass
class Attribution:
    """One attributed statement: what was said, by which mention, through which cue.

    ``content`` holds one or more pieces (a direct quote interrupted by "he said" has two).
    ``speaker`` is the canonical name ("Vladimir Putin") or None for a generic or unknown
    source ("officials"); ``mention`` is how the text names the speaker ("Mr Putin", "he").
    ``speaker_qid`` is the speaker's Wikidata identity when a registry knows it
    (:meth:`extraction.registry.Registry.identify`).
    """

    content: list[Span]
    kind: Kind
    mention: Span | None = None
    cue: Span | None = None
    speaker: str | None = None
    speaker_kind: SpeakerKind | None = None
    confidence: float = 0.5
    rule: str = field(default="", compare=False)
    speaker_qid: str | None = None

    @property
    def start(self) -> int:
        """Where the content begins."""
        return self.content[0].start

    @property
    def end(self) -> int:
        """Where the content ends."""
        return self.content[-1].end
