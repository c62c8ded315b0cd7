"""Per-document lookups that spaCy recomputes on every access (``doc.text`` rebuilds the
string, ``token.sent`` and ``span.ents`` rescan the document), computed once and kept on the
Doc."""

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

_TEXT = "onrecord.text"
_SENTENCES = "onrecord.sentences"
_ENTITIES = "onrecord.entities"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentence_of(token: Token) -> Span:
    """``token.sent``, with the sentence list built once per document."""
    doc = token.doc
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        sentences = list(doc.sents)
        cached = doc.user_data[_SENTENCES] = ([s.start for s in sentences], sentences)
    starts, sentences = cached
    return sentences[bisect_right(starts, token.i) - 1]


def entities_in(span: Span) -> list[Span]:
    """``span.ents``, from the document's entity list built once."""
    doc = span.doc
    cached = doc.user_data.get(_ENTITIES)
    if cached is None:
        entities = list(doc.ents)
        cached = doc.user_data[_ENTITIES] = ([e.start for e in entities], entities)
    starts, entities = cached
    i = bisect_left(starts, span.start)
    out = []
    while i < len(entities) and entities[i].start < span.end:
        if entities[i].end <= span.end:
            out.append(entities[i])
        i += 1
    return out
