"""Texts built to be slow to parse, and how long the extractor takes on them.

spaCy's tokenizer is quadratic in a run of characters without white space that begins or ends
with punctuation, and the parser pays per token, so runs of punctuation, words with no spaces
and deep nesting of quotation marks and brackets are the worst inputs per kilobyte. The engine
bounds them (``engine.bounded_runs``); this module measures that it does.
"""

from __future__ import annotations

import time
from typing import Any

from ..engine import DEFAULT_MODE, extract

# A sentence around the poison, so that the parse and the rules have work to do.
FRAME = "Mayor Walter Pembrook said the bridge was {} safe. “It will open in May,” he added."
# Each class of character a run can be made of, and patterns that defeat a simple run check.
PATTERNS = {
    "opening brackets": "(",
    "closing brackets": ")",
    "straight quotes": '"',
    "curly quotes": "“",
    "mixed quotes and brackets": "([{“‘",
    "nested quote and bracket pairs": "“(‘[",
    "dots": ".",
    "dashes": "—",
    "letters, no spaces": "a",
    "letter and quote": "a“",
    "letter and bracket": "a(",
    "quoted words": '"a ',
    "apostrophes": "'",
    "words in apostrophe pairs": "''a'' ",
    "words in brackets": "(a) ",
}


def pathological_text(pattern: str, length: int) -> str:
    """``pattern`` repeated to ``length`` characters, inside a sentence with statements."""
    run = (pattern * (length // len(pattern) + 1))[:length]
    return FRAME.format(run)


def worst_cases(length: int = 50_000, mode: str = DEFAULT_MODE) -> dict[str, Any]:
    """Seconds and kilobytes per second of extracting each pathological text of about
    ``length`` characters, with the slowest named; a plain news-like text of the same length
    is measured beside them for comparison."""
    plain = (FRAME.format("certainly") + " ") * (length // len(FRAME) + 1)
    texts = {"plain sentences": plain[:length]}
    texts.update({name: pathological_text(p, length) for name, p in PATTERNS.items()})
    extract("warm-up: the pipeline is loaded once.", mode=mode)
    cases = {}
    for name, text in texts.items():
        started = time.perf_counter()
        extract(text, mode=mode)
        seconds = time.perf_counter() - started
        cases[name] = {
            "chars": len(text),
            "seconds": round(seconds, 3),
            "kb_per_s": round(len(text) / 1000 / seconds, 1),
        }
    worst = max((n for n in cases if n != "plain sentences"), key=lambda n: cases[n]["seconds"])
    return {
        "mode": mode,
        "cases": cases,
        "worst": worst,
        "worst_seconds_per_kb": round(cases[worst]["seconds"] / (cases[worst]["chars"] / 1000), 4),
    }
