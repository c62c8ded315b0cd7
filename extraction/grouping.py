"""Whether two reports of one speaker are the same statement, and whether quoted words differ.

A statement group gathers the reports, in different articles, of one statement by one
speaker: the same words, a partial quotation of them, or a close paraphrase, published within
a few days of each other. :func:`same_statement` decides it from the statements' embeddings
(:mod:`extraction.embedding`), the word sequences they share, and their dates. Its thresholds
were chosen on hand-labelled PolNeAR pairs (``tests/fixtures/statement_pairs.md``), for a
precision of 0.9 with the most recall; ``python -m extraction pairs`` prints the figures.

:func:`misquote` compares the words two reports put inside quotation marks: differences beyond
punctuation, case and marked omissions (an ellipsis) within the stretch both quote are a
possible misquotation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

# Reports published further apart than this are different occasions.
WINDOW_DAYS = 14
# Two reports are one statement when their vectors are this close, whatever their words...
THRESHOLD = 0.75
# ... or when they are this close and share this much of their word sequences: runs of three
# content words, as a share of the shorter's (a partial quotation, a paraphrase that keeps
# the key phrase)
CLOSE = 0.5
SHARED_RUNS = 0.3
FUNCTION_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its no"
    " not of on or our s said say says she that the their they this to was we were will with"
    " would you".split()
)

OMISSION = "…"
# “…”, "…", ‘…’, and two apostrophes as newspaper archives write a double mark: ''…''
QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"|‘([^’]*)’|''((?:(?!'').)*)''")
WORD = re.compile(r"…|\.\.\.|[\w'’-]+")
RUN_WORD = re.compile(r"[\w'’]+")
# Quoted stretches this short are words in scare quotes, not quotations.
MIN_QUOTED_WORDS = 3
# Two quotations are of the same words when their common words make at least this share of
# the shorter one (otherwise they quote different parts of what was said).
MIN_SHARED = 0.5


@dataclass(frozen=True)
class Report:
    """One statement as a group sees it: its vector, its content words in order
    (:func:`content_words`), its article's date."""

    vector: np.ndarray
    words: tuple[str, ...] = ()
    published_on: dt.date | None = None


def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order, lowercased, without function words."""
    found = (w.replace("’", "'").strip("'") for w in RUN_WORD.findall(text.lower()))
    return tuple(w for w in found if w and w not in FUNCTION_WORDS)


def shared_runs(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The share of the shorter's runs of three content words that the other has too."""
    runs_a = {a[i : i + 3] for i in range(len(a) - 2)}
    runs_b = {b[i : i + 3] for i in range(len(b) - 2)}
    if not runs_a or not runs_b:
        return 0.0
    return len(runs_a & runs_b) / min(len(runs_a), len(runs_b))


def similarity(a: Report, b: Report) -> float:
    """Cosine similarity of the two reports' unit vectors."""
    return float(a.vector @ b.vector)


def within_window(a: dt.date | None, b: dt.date | None) -> bool:
    """Published within :data:`WINDOW_DAYS` of each other (an unknown date is let through)."""
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


def same_statement(
    a: Report,
    b: Report,
    threshold: float = THRESHOLD,
    close: float | None = CLOSE,
    shared: float = SHARED_RUNS,
) -> bool:
    """Whether two reports of one speaker, in different articles, are the same statement:
    published within the window, and either very close in meaning (``threshold``) or close
    (``close``; None: never enough) and sharing runs of words (``shared``)."""
    if not within_window(a.published_on, b.published_on):
        return False
    score = similarity(a, b)
    if score >= threshold:
        return True
    return close is not None and score >= close and shared_runs(a.words, b.words) >= shared


@dataclass(frozen=True)
class Change:
    """One difference between two quotations: words of the first replaced by words of the
    second (either side may be empty: words left out or added)."""

    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Misquote:
    """Two quotations of the same words that differ: the words each quotes, and the changes."""

    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    changes: tuple[Change, ...]


def quoted_words(text: str, direct: bool = False) -> list[str]:
    """The words of ``text`` inside quotation marks, lowercased, without punctuation; an
    ellipsis stays as "…" (words were left out there). ``direct``: the whole text is a
    quotation when it has no quotation marks (a direct quote's content without its marks)."""
    stretches = [next(g for g in m.groups() if g is not None) for m in QUOTED.finditer(text)]
    if not stretches and direct:
        stretches = [text]
    words: list[str] = []
    for stretch in stretches:
        found = [_normal(w) for w in WORD.findall(stretch)]
        found = [w for w in found if w]
        if sum(w != OMISSION for w in found) >= MIN_QUOTED_WORDS:
            words += found
    return words


def _normal(word: str) -> str:
    if word in ("…", "..."):
        return OMISSION
    return word.replace("’", "'").strip("'-").lower()


def misquote(a: list[str], b: list[str]) -> Misquote | None:
    """The differences between two quotations' words (:func:`quoted_words`) within the
    stretch both quote, or None: when they quote different parts of what was said (too few
    words in common), one quotes part of the other, or they differ only where one marks an
    omission."""
    marked = misquote_marks(a, b)
    if marked is None:
        return None
    changes = tuple(Change(tuple(before), tuple(after)) for before, after in marked[2])
    return Misquote(tuple(a), tuple(b), changes) if changes else None


def misquote_marks(
    a: list[str], b: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[list, list]]] | None:
    """Each quotation's words marked for display, ``(word, mark)`` with mark "del" for a word
    of ``a`` the other changed, "ins" for a word of ``b`` that replaced or added to them, ""
    otherwise, and the changes as ``(words of a, words of b)``; only within the stretch both
    quote (a word outside it, or a marked omission, is never a change). None when the two do
    not quote the same words (see :func:`misquote`)."""
    real_a, real_b = [w for w in a if w != OMISSION], [w for w in b if w != OMISSION]
    if not real_a or not real_b:
        return None
    blocks = [
        m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size
    ]
    shared = sum(m.size for m in blocks)
    if not blocks or shared < MIN_SHARED * min(len(real_a), len(real_b)):
        return None
    first, last = blocks[0], blocks[-1]
    start_a, end_a = first.a, last.a + last.size
    start_b, end_b = first.b, last.b + last.size
    marks_a = [(w, "") for w in a[:start_a]]
    marks_b = [(w, "") for w in b[:start_b]]
    changes = []
    opcodes = SequenceMatcher(None, a[start_a:end_a], b[start_b:end_b], autojunk=False)
    for tag, i1, i2, j1, j2 in opcodes.get_opcodes():
        before, after = a[start_a + i1 : start_a + i2], b[start_b + j1 : start_b + j2]
        changed = tag != "equal" and OMISSION not in before and OMISSION not in after
        if changed:
            changes.append((before, after))
        marks_a += [(w, "del" if changed else "") for w in before]
        marks_b += [(w, "ins" if changed else "") for w in after]
    marks_a += [(w, "") for w in a[end_a:]]
    marks_b += [(w, "") for w in b[end_b:]]
    return marks_a, marks_b, changes
