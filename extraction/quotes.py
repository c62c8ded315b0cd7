"""Finding quoted passages by their quote marks, as news text really uses them.

News style lets a quotation run over several paragraphs: each paragraph opens with a quote
mark and only the last one closes it. Quote marks are also unbalanced often enough (a missing
closer, an apostrophe that looks like a closing single quote) that the scanner never trusts a
mark beyond its own paragraph unless the next paragraph reopens the quotation.
"""

from __future__ import annotations

import re

from .types import Span

# opening mark -> marks that may close it
PAIRS = {
    "\u201c": ("\u201d", "\u201c", '"'),  # “ ... ” (and the odd “ ... “ or “ ... " typo)
    '"': ('"', "\u201d"),
    "\u2018": ("\u2019",),  # ‘ ... ’
    "'": ("'", "\u2019"),
    "\u00ab": ("\u00bb",),  # « ... »
    "\u201e": ("\u201c", "\u201d"),  # „ ... “
}
SINGLE = {"\u2018", "'"}
# What ends a quotation before a closing mark that a space sets apart: `this, " he said`.
CLOSING_PUNCTUATION = frozenset(",.?!;'\u2019")
# Two apostrophes written for a double quotation mark, and what stands in for the second one
# while the marks are read.
DOUBLED_APOSTROPHES = "''"
FILLER = "\u2063"  # invisible separator
APOSTROPHE_RUN = re.compile(r"'{2,}")
# A quotation that runs on longer than this is a stray mark, not a quote.
MAX_QUOTE_CHARS = 6000
MAX_PARAGRAPHS = 12


def _opens(text: str, i: int) -> bool:
    """A mark at ``i`` can open a quote: it starts a word, not ends one."""
    mark = text[i]
    if mark not in PAIRS:
        return False
    before = text[i - 1] if i else " "
    after = _after(text, i)
    if after.isspace():
        return False
    if mark in SINGLE or mark == '"':
        # an apostrophe or a closing straight quote follows a word character
        return not before.isalnum() and before not in ".,;:!?"
    return True


def _closes(text: str, i: int, opener: str, straight: int = 0) -> bool:
    """Whether the mark at ``i`` closes a quotation opened by ``opener``; ``straight``: how many
    straight double marks the quotation has held so far."""
    mark = text[i]
    if mark not in PAIRS[opener]:
        return False
    after = _after(text, i)
    before = text[i - 1] if i else " "
    if opener == "\u201c" and mark == '"':
        # “ ... ": a curly quotation closed by a straight mark (text pasted between systems),
        # unless the mark opens a straight quotation inside it (“"Fake news" is what he called
        # it”), closes one (“He called it "fake news," and left”) or is an inch mark (6'2")
        return (
            straight % 2 == 0
            and not before.isspace()
            and not before.isdigit()
            and not after.isalnum()
        )
    if opener in SINGLE or opener == '"':
        # "We’ve", "NATO’s": an apostrophe between two letters closes nothing
        if after.isalpha() and before.isalpha():
            return False
        if before.isspace():
            # "... what they call 'a flight to quality,' " he said; "... doing this, " Trump
            # said: a mark set apart from the punctuation that ends the quotation (it cannot
            # open one with a space after it)
            return opener == '"' and text[i - 2 : i - 1] in CLOSING_PUNCTUATION and after.isspace()
    return True


def _after(text: str, i: int) -> str:
    """The character after the mark at ``i`` (after a pair of apostrophes read as one mark),
    or a space at the end of the text."""
    j = i + 1
    if j < len(text) and text[j] == FILLER:
        j += 1
    return text[j] if j < len(text) else " "


def _doubled_marks(text: str) -> str:
    """``text`` with each pair of apostrophes written for a double quotation mark made one
    straight double mark and a :data:`FILLER` (the same length, so the same offsets). Three
    apostrophes are a single and a double mark, the double one outside: after a word they
    close the single quotation, then the double one; before a word they open the double
    quotation, then the single one."""

    def marks(run: re.Match) -> str:
        size = len(run.group())
        pair = '"' + FILLER
        if size == 3:
            closing = run.start() > 0 and not text[run.start() - 1].isspace()
            return "'" + pair if closing else pair + "'"
        if size % 2 == 0:
            return pair * (size // 2)
        return run.group()

    return APOSTROPHE_RUN.sub(marks, text)


def _paragraph_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _next_paragraph_start(text: str, i: int) -> int:
    """Index of the first non-blank character after the newline at ``i``, or len(text)."""
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    return j


def find_quotes(text: str) -> list[Span]:
    """Return the outermost quoted passages of ``text``, marks included, in text order.

    A passage that is not closed in its paragraph continues when the next paragraph opens
    with the same mark (news style); otherwise it ends with its paragraph. Two apostrophes
    (``''It is,'' he said``, as newspaper archives write a double quotation mark) are one
    straight double mark.
    """
    doubled = DOUBLED_APOSTROPHES in text
    if doubled:
        # the same length, so the same offsets: the pair's first character is the mark, its
        # second a filler that is neither a word character nor a space
        text = _doubled_marks(text)
    quotes: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        if not _opens(text, i):
            i += 1
            continue
        opener = text[i]
        start, j, paragraphs, straight = i, i + 1, 1, 0
        end = None
        while j < n and j - start <= MAX_QUOTE_CHARS:
            ch = text[j]
            if ch == "\n":
                k = _next_paragraph_start(text, j)
                if k < n and text[k] == opener and paragraphs < MAX_PARAGRAPHS:
                    paragraphs += 1
                    j = k + 1
                    continue
                end = _trim_end(text, start, j)
                break
            if _closes(text, j, opener, straight):
                end = j + 1
                break
            straight += ch == '"'
            j += 1
        if end is None:
            end = _trim_end(text, start, min(_paragraph_end(text, start), n))
        if doubled and end < n and text[end] == FILLER:
            end += 1  # the closing pair's second apostrophe
        if len(text[start:end].replace(FILLER, "")) > 2:  # not an empty pair of marks
            quotes.append(Span(start, end))
        i = max(end, i + 1)
    return quotes


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
