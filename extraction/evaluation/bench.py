"""Speed and memory of each extraction mode against the bare spaCy parse of the same texts."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from typing import Any

import spacy

from ..engine import BATCH_SIZE, MODEL, MODES, extract_many, paragraph_windows

ROUNDS = 3


def benchmark(texts: list[str], rounds: int = ROUNDS) -> dict[str, Any]:
    """Tokens per second of the bare parse (spaCy's pipeline as shipped, ``nlp.pipe`` over the
    same windows) and of each extraction mode, measured alternately in one process, best of
    ``rounds`` each; and the peak memory of a process that only extracts in that mode, as a
    worker does."""
    bare_nlp = spacy.load(MODEL)
    windows = [w for text in texts for _, w in paragraph_windows(text)]
    tokens = sum(len(doc) for doc in bare_nlp.pipe(windows, batch_size=BATCH_SIZE))

    def bare() -> None:
        for _ in bare_nlp.pipe(windows, batch_size=BATCH_SIZE):
            pass

    def mode_run(mode: str) -> Callable[[], None]:
        def run() -> None:
            for _ in extract_many(texts, mode=mode):
                pass

        return run

    runs = {"bare_parse": bare} | {mode: mode_run(mode) for mode in MODES}
    for mode in MODES:
        runs[mode]()  # load each mode's models outside the timings
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            seconds[name].append(_timed(run))
    rates = {name: tokens / min(times) for name, times in seconds.items()}
    return {
        "texts": len(texts),
        "tokens": tokens,
        "rounds": rounds,
        "tokens_per_s": {name: round(rate) for name, rate in rates.items()},
        "over_bare_parse": {mode: round(rates[mode] / rates["bare_parse"], 3) for mode in MODES},
        "worker_peak_rss_mib": {mode: _worker_peak_rss(texts, mode) for mode in MODES},
    }


def _timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _worker_peak_rss(texts: list[str], mode: str) -> float:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_extract_and_measure, (texts, mode))


def _extract_and_measure(texts: list[str], mode: str) -> float:
    for _ in extract_many(texts, mode=mode):
        pass
    return peak_rss_mib()


def peak_rss_mib() -> float:
    """This process's peak resident memory. ``VmHWM`` is used where there is one: Linux's
    ``ru_maxrss`` survives ``exec``, so a spawned child would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
