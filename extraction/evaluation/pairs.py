"""The statement grouping's precision and recall on hand-labelled PolNeAR pairs.

    python -m extraction pairs tests/fixtures/statement_pairs.jsonl [--polnear ../shared/polnear]

Each pair of the fixture names two PolNeAR attributions (ids only: the texts are read from
PolNeAR) and says whether they are the same statement. The grouping's rule
(:func:`extraction.grouping.same_statement`) is applied to each same-speaker pair, on the
attributions' contents and their articles' publication dates; the figures are given at the
rule's threshold, per stratum of the fixture, and over a range of thresholds.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..embedding import embed
from ..grouping import THRESHOLD, Report, content_words, same_statement
from .scoring import read_jsonl

SWEEP = (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def pairs_evaluate(fixture: Path, polnear: Path) -> dict[str, Any]:
    """Precision, recall and F1 of the grouping on the fixture's same-speaker pairs."""
    pairs = [p for p in read_jsonl(fixture) if "speaker_b" not in p]
    contents, dates = _polnear(polnear, pairs)
    keys = sorted({_key(side) for pair in pairs for side in (pair["a"], pair["b"])})
    vectors = dict(zip(keys, embed([contents[k] for k in keys]), strict=True))
    reports = {k: Report(vectors[k], content_words(contents[k]), dates[k[1]]) for k in keys}

    def scored(threshold: float, chosen: list[dict]) -> dict[str, Any]:
        found = [
            (p["same"], same_statement(reports[_key(p["a"])], reports[_key(p["b"])], threshold))
            for p in chosen
        ]
        return _figures(found)

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
        "sweep": {str(t): scored(t, pairs) for t in SWEEP},
    }


def _key(side: dict) -> tuple[str, str, str]:
    return side["split"], side["article"], side["attribution"]


def _polnear(
    polnear: Path, pairs: list[dict]
) -> tuple[dict[tuple[str, str, str], str], dict[str, dt.date | None]]:
    """The contents of the attributions the pairs name, and their articles' dates."""
    wanted = {_key(side) for pair in pairs for side in (pair["a"], pair["b"])}
    contents = {}
    for split in sorted({k[0] for k in wanted}):
        for article in read_jsonl(polnear / f"polnear_{split}.jsonl"):
            for attribution in article["attributions"]:
                key = (split, article["id"], attribution["id"])
                if key in wanted:
                    contents[key] = " ".join(piece[2] for piece in attribution["content"])
    missing = wanted - set(contents)
    if missing:
        raise ValueError(f"{len(missing)} attributions of the pairs are not in PolNeAR")
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
