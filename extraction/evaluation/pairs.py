"""The statement grouping's precision and recall on hand-labelled PolNeAR pairs.

    python -m extraction pairs tests/fixtures/statement_pairs.jsonl [--polnear ../shared/polnear]

Each pair of the fixture names two PolNeAR attributions (ids only: the texts are read from
PolNeAR) and says whether they are the same statement. The grouping's rule
(:func:`extraction.grouping.same_statement`) is applied to each same-speaker pair, on the
attributions' contents and their articles' publication dates. Printed: the figures of the
rule as shipped, per stratum of the fixture, of the cosine alone over a range of thresholds,
and of the rule with its three thresholds chosen by 5-fold cross-validation (chosen on four
fifths of the pairs, for a precision of at least 0.9 with the most recall, and scored on the
fifth left out: the estimate of how the rule does on pairs it was not tuned on).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..embedding import embed
from ..grouping import THRESHOLD, Report, content_words, same_statement
from .scoring import attribution_contents, read_jsonl

SWEEP = (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
# The thresholds the cross-validation chooses from: (alone, close, shared runs).
GRID = list(
    itertools.product((0.7, 0.75, 0.8, 0.85), (0.45, 0.5, 0.55, 0.6, 0.65), (0.2, 0.3, 0.4, 0.5))
)
FOLDS = 5
SEED = 13
PRECISION_WANTED = 0.9


def pairs_evaluate(fixture: Path, polnear: Path) -> dict[str, Any]:
    """Precision, recall and F1 of the grouping on the fixture's same-speaker pairs."""
    pairs = [p for p in read_jsonl(fixture) if "speaker_b" not in p]
    contents, dates = _polnear(polnear, pairs)
    keys = sorted({_key(side) for pair in pairs for side in (pair["a"], pair["b"])})
    vectors = dict(zip(keys, embed([contents[k] for k in keys]), strict=True))
    reports = {k: Report(vectors[k], content_words(contents[k]), dates[k[1]]) for k in keys}

    def guess(pair: dict, *thresholds: Any) -> bool:
        return same_statement(reports[_key(pair["a"])], reports[_key(pair["b"])], *thresholds)

    def scored(threshold: float, chosen: list[dict], **rule: Any) -> dict[str, Any]:
        return _figures([(p["same"], guess(p, threshold, *rule.values())) for p in chosen])

    strata: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs:
        strata[pair["stratum"]].append(pair)
    unambiguous = [p for p in pairs if not p.get("ambiguous")]
    return {
        "pairs": len(pairs),
        "same": sum(p["same"] for p in pairs),
        "threshold": THRESHOLD,
        "all": scored(THRESHOLD, pairs),
        "unambiguous": scored(THRESHOLD, unambiguous),
        "strata": {name: scored(THRESHOLD, chosen) for name, chosen in sorted(strata.items())},
        "cosine_alone": {str(t): scored(t, pairs, close=None) for t in SWEEP},
        "cross_validated": _cross_validated(pairs, guess),
    }


def _cross_validated(pairs: list[dict], guess) -> dict[str, Any]:
    """The rule's thresholds chosen on four fifths of the pairs and scored on the fifth left
    out, five times; the held-out guesses pooled."""
    folds = [index % FOLDS for index in random.Random(SEED).sample(range(len(pairs)), len(pairs))]
    held_out: list[tuple[bool, bool]] = []
    chosen = []
    for fold in range(FOLDS):
        tuning = [p for p, f in zip(pairs, folds, strict=True) if f != fold]
        thresholds = max(GRID, key=lambda t: _merit([(p["same"], guess(p, *t)) for p in tuning]))
        chosen.append(thresholds)
        left_out = [p for p, f in zip(pairs, folds, strict=True) if f == fold]
        held_out += [(p["same"], guess(p, *thresholds)) for p in left_out]
    return {**_figures(held_out), "thresholds_chosen": chosen}


def _merit(found: list[tuple[bool, bool]]) -> tuple[bool, float]:
    """Precision of at least PRECISION_WANTED first, then the most recall (below it, the
    most precision)."""
    figures = _figures(found)
    good = figures["precision"] >= PRECISION_WANTED
    return good, figures["recall"] if good else figures["precision"]


def _key(side: dict) -> tuple[str, str, str]:
    return side["split"], side["article"], side["attribution"]


def _polnear(
    polnear: Path, pairs: list[dict]
) -> tuple[dict[tuple[str, str, str], str], dict[str, dt.date | None]]:
    """The contents of the attributions the pairs name, and their articles' dates."""
    wanted = {_key(side) for pair in pairs for side in (pair["a"], pair["b"])}
    contents = attribution_contents(polnear, wanted, what="attributions of the pairs")
    dates: dict[str, dt.date | None] = {}
    with open(polnear / "metadata.tsv", encoding="utf-8") as metadata:
        for row in csv.DictReader(metadata, delimiter="\t"):
            day = row["publication_date"]
            dates[row["filename"]] = dt.date.fromisoformat(day) if day[:1].isdigit() else None
    return contents, dates


def _figures(found: list[tuple[bool, bool]]) -> dict[str, Any]:
    true_positive = sum(gold and guess for gold, guess in found)
    guessed = sum(guess for _, guess in found)
    gold = sum(gold for gold, _ in found)
    precision = true_positive / guessed if guessed else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(found),
        "same": gold,
        "found_same": guessed,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def main_json(fixture: Path, polnear: Path) -> str:
    """The figures as indented JSON, or a message when PolNeAR is not there."""
    if not (polnear / "polnear_train.jsonl").is_file():
        return json.dumps({"skipped": f"PolNeAR not found at {polnear}"})
    return json.dumps(pairs_evaluate(fixture, polnear), indent=1)
