"""Per-document lookups that spaCy recomputes on every access (``doc.text`` rebuilds the
string, ``token.sent`` and ``span.ents`` rescan the document), computed once and kept on the
Doc."""

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from spacy.tokens import Doc, Span, Token

_TEXT = "onrecord.text"
_SENTENCES = "onrecord.sentences"
_ENTITIES = "onrecord.entities"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    return _cached(doc, _TEXT, lambda: doc.text)


def sentence_of(token: Token) -> Span:
    """``token.sent``, with the sentence list built once per document."""
    starts, sentences = _cached(token.doc, _SENTENCES, lambda: _indexed(token.doc.sents))
    return sentences[bisect_right(starts, token.i) - 1]


def entities_in(span: Span) -> list[Span]:
    """``span.ents``, from the document's entity list built once."""
    starts, entities = _cached(span.doc, _ENTITIES, lambda: _indexed(span.doc.ents))
    out = []
    i = bisect_left(starts, span.start)
    while i < len(entities) and entities[i].start < span.end:
        if entities[i].end <= span.end:
            out.append(entities[i])
        i += 1
    return out


def _indexed(spans: Iterable[Span]) -> tuple[list[int], list[Span]]:
    spans = list(spans)
    return [s.start for s in spans], spans


def _cached(doc: Doc, key: str, build: Callable[[], Any]) -> Any:
    if key not in doc.user_data:
        doc.user_data[key] = build()
    return doc.user_data[key]
