"""Speed and memory of each extraction mode against the bare spaCy parse of the same texts."""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

import spacy

from ..engine import BATCH_SIZE, MODEL, MODES, extract_many, paragraph_windows

ROUNDS = 3


# The texts are timed in about this many slices, each slice by every contender in turn: a
# shared machine's speed drifts over minutes, and slices a few seconds long put the contenders
# side by side under the same drift.
SLICES = 8


def benchmark(texts: list[str], rounds: int = ROUNDS) -> dict[str, Any]:
    """Tokens per second of the bare parse (spaCy's pipeline as shipped, ``nlp.pipe`` over the
    same windows) and of each extraction mode, and the peak memory of a process that only
    extracts in that mode, as a worker does.

    The texts are cut into :data:`SLICES` slices. In each of ``rounds`` rounds every slice is
    timed under each contender, one after another, the order turning from slice to slice; a
    contender's time is the sum over slices of its best round on each. The ratio of each mode to
    the parse is also given per slice and round, as quartiles."""
    bare_nlp = spacy.load(MODEL)
    size = max(1, -(-len(texts) // SLICES))
    slices = [texts[i : i + size] for i in range(0, len(texts), size)]
    windows = [[w for text in part for _, w in paragraph_windows(text)] for part in slices]
    tokens = sum(len(doc) for part in windows for doc in bare_nlp.pipe(part, batch_size=BATCH_SIZE))

    def bare(number: int) -> None:
        for _ in bare_nlp.pipe(windows[number], batch_size=BATCH_SIZE):
            pass

    def mode_run(mode: str) -> Callable[[int], None]:
        def run(number: int) -> None:
            for _ in extract_many(slices[number], mode=mode):
                pass

        return run

    runs = {"bare_parse": bare} | {mode: mode_run(mode) for mode in MODES}
    for mode in MODES:
        runs[mode](0)  # load each mode's models outside the timings
    names = list(runs)
    best: dict[str, list[float]] = {name: [float("inf")] * len(slices) for name in names}
    side_by_side: dict[str, list[float]] = {mode: [] for mode in MODES}
    for round_ in range(rounds):
        for number in range(len(slices)):
            turn = (round_ + number) % len(names)
            now: dict[str, float] = {}
            for name in names[turn:] + names[:turn]:
                now[name] = _timed(lambda name=name, number=number: runs[name](number))
                best[name][number] = min(best[name][number], now[name])
            for mode in MODES:
                side_by_side[mode].append(now["bare_parse"] / now[mode])
    rates = {name: tokens / sum(times) for name, times in best.items()}
    return {
        "texts": len(texts),
        "tokens": tokens,
        "rounds": rounds,
        "slices": len(slices),
        "tokens_per_s": {name: round(rate) for name, rate in rates.items()},
        "over_bare_parse": {mode: round(rates[mode] / rates["bare_parse"], 3) for mode in MODES},
        # the same ratio slice by slice, each from timings seconds apart: its quartiles show
        # how far the machine's drift moves it
        "over_bare_parse_quartiles": {
            mode: [round(q, 3) for q in statistics.quantiles(ratios, n=4)]
            if len(ratios) > 1
            else [round(ratios[0], 3)] * 3
            for mode, ratios in side_by_side.items()
        },
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
