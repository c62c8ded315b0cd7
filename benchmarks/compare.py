"""Two runs of ``make bench-load`` compared: each figure's change against the noise of the
machine, measured by the spread of each run's rounds."""

from __future__ import annotations

import math
import statistics

FIGURES = ("saturation_per_s", "median_ms", "p95_ms", "p99_ms")


def comparison(previous: dict, results: dict) -> list[str]:
    """Each figure against the previous run's: its change, and how far it moves by chance on
    this machine (the noise, from the rounds of both runs). A change beyond the noise is a
    real difference between the runs; a change within it is not, whatever its size."""
    lines = [
        "\nagainst the previous run: each figure's change, then (±) the noise: twice the"
        " standard error of the difference of two runs, from the spread of each run's"
        " rounds; '!' marks a change beyond the noise, '>15%' one over 15%"
    ]
    counts = {"figures": 0, "beyond": 0, "over": 0}
    for name, now in results["kinds"].items():
        before = previous.get("kinds", {}).get(name)
        if not before or "rounds" not in before:
            continue
        parts = []
        for key in FIGURES:
            change = now[key] / before[key] - 1
            noise = _noise(before["rounds"], now["rounds"], key)
            beyond, over = abs(change) > noise, abs(change) > 0.15
            counts["figures"] += 1
            counts["beyond"] += beyond
            counts["over"] += over
            marks = ("!" if beyond else "") + (">15%" if over else "")
            parts.append(f"{key.split('_')[0]} {change:+.0%} (±{noise:.0%}){marks}")
        lines.append(f"  {name:<28}" + "  ".join(parts))
    lines.append(
        f"  {counts['beyond']} of {counts['figures']} figures changed beyond the noise;"
        f" {counts['over']} moved more than 15%"
    )
    return lines


def _noise(before: list[dict], now: list[dict], key: str) -> float:
    """Twice the standard error of the relative difference of a figure between two runs,
    each run's from the spread of its rounds (about 95% of chance differences are smaller)."""
    errors = []
    for rounds in (before, now):
        values = [r[key] for r in rounds]
        if len(values) < 2:
            return float("inf")
        errors.append(statistics.stdev(values) / math.sqrt(len(values)) / statistics.mean(values))
    return 2 * math.sqrt(sum(e * e for e in errors))
