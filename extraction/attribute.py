"""The last stage: statements found by either finder get their speakers, resolved in reading
order against the article and the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from .doccache import doc_text
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
    quotation with neither cue nor mention goes to the person in context, as news style means,
    and takes as its mention where that person was last resolved as a speaker, when that is
    close before it (:func:`_context_mention`).
    A speaker the registry knows gets its Wikidata QID.
    """
    resolver = SpeakerResolver(doc, registry)
    out: list[Attribution] = []
    for statement in sorted(found, key=_reading_position):
        mention = statement.mention
        attribution = Attribution(
            content=statement.content,
            kind=statement.kind,
            cue=cue_phrase(doc, statement.cue, statement),
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
            attribution.mention = _context_mention(
                doc, resolver.context_mention(), statement, found
            )
        out.append(attribution)
    if registry is not None:
        registry.identify(out)
    out.sort(key=lambda a: (a.start, a.end))
    return out


# The words before a cue verb that change what it says: "did not say", "has never denied",
# "would not confirm" (negation, and the auxiliaries that carry it).
CUE_MODIFIERS = frozenset({"neg", "aux", "auxpass"})
MAX_CUE_REACH = 4  # words before the verb
# A run of line breaks: one paragraph ends, the next begins.
PARAGRAPH_BREAK = re.compile(r"\n\s*")


def cue_phrase(doc: Doc, cue: Span | None, statement: Found | None = None) -> Span | None:
    """``cue`` with its verb's negation and auxiliaries before it, so that a statement is
    never shown as said when it was denied or not said ("did not say", "never said"). Only
    when one of them is a negation; never over the source mention or the content."""
    if cue is None:
        return None
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None:
        return cue
    verb = span.root
    before = [
        t
        for t in verb.children
        if t.dep_ in CUE_MODIFIERS and span.start - MAX_CUE_REACH <= t.i < span.start
    ]
    if not any(t.dep_ == "neg" for t in before):
        return cue
    start = min(t.idx for t in before)
    taken = list(statement.content) if statement is not None else []
    if statement is not None and statement.mention is not None:
        taken.append(Span(statement.mention.start_char, statement.mention.end_char))
    wider = Span(start, cue.end)
    if any(wider.overlaps(other) for other in taken):
        return cue
    return wider


def _context_mention(
    doc: Doc, mention: TokenSpan | None, statement: Found, found: list[Found]
) -> Span | None:
    """The source of a quotation without a cue: the mention (a name, or a pronoun) through
    which its speaker was last resolved as one, when that is before it in the same paragraph
    or the one just before ("Mr. Lee said ...\n\n“...”", as PolNeAR's annotators mark it);
    farther back, or inside what someone else said, none."""
    if mention is None or mention.end_char > statement.content[0].start:
        return None
    between = doc_text(doc)[mention.end_char : statement.content[0].start]
    if len(PARAGRAPH_BREAK.findall(between)) > 1:
        return None
    span = Span(mention.start_char, mention.end_char)
    if any(span.overlaps(piece) for other in found for piece in other.content):
        return None
    return span


def _reading_position(statement: Found) -> int:
    if statement.mention is not None:
        return statement.mention.start_char
    return statement.content[0].start
