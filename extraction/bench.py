"""Speed and memory of the extractor against the bare spaCy parse of the same texts."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from typing import Any

import spacy

from .engine import BATCH_SIZE, MODEL, extract_many, paragraph_windows

ROUNDS = 3


def benchmark(texts: list[str], rounds: int = ROUNDS) -> dict[str, Any]:
    """Tokens per second of the bare parse (spaCy's pipeline as shipped, ``nlp.pipe`` over the
    same windows) and of the full extraction, measured alternately in one process, best of
    ``rounds`` each; and the peak memory of a process that only extracts, as a worker does."""
    bare_nlp = spacy.load(MODEL)
    windows = [w for text in texts for _, w in paragraph_windows(text)]
    tokens = sum(len(doc) for doc in bare_nlp.pipe(windows, batch_size=BATCH_SIZE))

    def bare() -> None:
        for _ in bare_nlp.pipe(windows, batch_size=BATCH_SIZE):
            pass

    def full() -> None:
        for _ in extract_many(texts):
            pass

    full()  # load the extractor's pipeline and cue model outside the timings
    parse_seconds, extract_seconds = [], []
    for _ in range(rounds):
        parse_seconds.append(_timed(bare))
        extract_seconds.append(_timed(full))
    parse_rate = tokens / min(parse_seconds)
    extract_rate = tokens / min(extract_seconds)
    return {
        "texts": len(texts),
        "tokens": tokens,
        "bare_parse_tokens_per_s": round(parse_rate),
        "extraction_tokens_per_s": round(extract_rate),
        "extraction_over_parse": round(extract_rate / parse_rate, 3),
        "worker_peak_rss_mib": _worker_peak_rss(texts),
    }


def _timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _worker_peak_rss(texts: list[str]) -> float:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_extract_and_measure, (texts,))


def _extract_and_measure(texts: list[str]) -> float:
    for _ in extract_many(texts):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
