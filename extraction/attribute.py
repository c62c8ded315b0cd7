"""The last stage: statements found by either finder get their speakers, resolved in reading
order against the article and the registry."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from .registry import Registry
from .speakers import SpeakerResolver
from .types import Attribution, Kind, Span, SpeakerKind


@dataclass
class Found:
    """A statement as a finder gives it: content pieces, kind, cue and source mention."""

    content: list[Span]
    kind: Kind
    cue: Span | None
    mention: TokenSpan | None
    confidence: float
    rule: str

    def overlaps(self, other: Found) -> bool:
        """True when the two share content characters."""
        return any(a.overlaps(b) for a in self.content for b in other.content)


def attribute(doc: Doc, found: list[Found], registry: Registry | None = None) -> list[Attribution]:
    """Attributions of ``found`` with canonical speakers, ordered by position.

    Mentions are resolved in reading order (a pronoun needs what came before it); a direct
    quotation with neither cue nor mention goes to the person in context, as news style means.
    A speaker the registry knows gets its Wikidata QID.
    """
    resolver = SpeakerResolver(doc, registry)
    out: list[Attribution] = []
    for statement in sorted(found, key=_reading_position):
        mention = statement.mention
        attribution = Attribution(
            content=statement.content,
            kind=statement.kind,
            cue=statement.cue,
            mention=Span(mention.start_char, mention.end_char) if mention is not None else None,
            confidence=round(statement.confidence, 3),
            rule=statement.rule,
        )
        if mention is not None:
            speaker = resolver.resolve(mention)
            if speaker:
                attribution.speaker = speaker.name
                attribution.speaker_kind = speaker.kind
                attribution.confidence = round(statement.confidence * speaker.certainty, 3)
        elif statement.cue is None and statement.kind is Kind.DIRECT:
            attribution.speaker = resolver.context_person()
            attribution.speaker_kind = None if attribution.speaker is None else SpeakerKind.PERSON
        out.append(attribution)
    if registry is not None:
        registry.identify(out)
    out.sort(key=lambda a: (a.start, a.end))
    return out


def _reading_position(statement: Found) -> int:
    if statement.mention is not None:
        return statement.mention.start_char
    return statement.content[0].start
