"""The check-worthiness score measured on the held-out part of the labelled statements.

    python -m extraction checkworthiness [--polnear ../shared/polnear]

The statements of ``tests/fixtures/checkworthiness_labels.jsonl`` marked ``"part": "test"``
(30% of the articles of each outlet; training never reads them) are scored, and checkworthy
is taken as the positive class against factual_minor and opinion. Printed: ROC AUC (with a
bootstrap 95% interval), precision among the top 10% and 20%, the same for two baselines
(contains a digit; longer first), and the mean score of each class.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..checkworthiness import checkworthiness
from .scoring import attribution_contents, read_jsonl

LABELS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "checkworthiness_labels.jsonl"
POSITIVE = "checkworthy"
TOP_SHARES = (0.1, 0.2)
BOOTSTRAP = 2000
SEED = 17


def read_labelled(fixture: Path, polnear: Path) -> list[dict[str, Any]]:
    """The fixture's records, each with the ``text`` of its attribution's content read from
    PolNeAR (the fixture holds ids only)."""
    records = read_jsonl(fixture)
    wanted = {(r["split"], r["article"], r["attribution"]) for r in records}
    texts = attribution_contents(polnear, wanted, what="labelled attributions")
    return [{**r, "text": texts[(r["split"], r["article"], r["attribution"])]} for r in records]


def roc_auc(scores: list[float], positive: list[bool]) -> float:
    """The probability that a positive outscores a negative (ties count one half)."""
    ranks = _ranks(scores)
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    rank_sum = sum(r for r, p in zip(ranks, positive, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def precision_at(scores: list[float], positive: list[bool], share: float) -> float:
    """Precision among the top ``share`` of statements by score; statements tied at the cut
    count in proportion (the expected precision under a random order of the ties)."""
    k = math.ceil(share * len(scores))
    cut = sorted(scores, reverse=True)[k - 1]
    above = [p for s, p in zip(scores, positive, strict=True) if s > cut]
    tied = [p for s, p in zip(scores, positive, strict=True) if s == cut]
    return (sum(above) + (k - len(above)) * sum(tied) / len(tied)) / k


def checkworthiness_evaluate(fixture: Path, polnear: Path) -> dict[str, Any]:
    """The figures of the score and of the baselines on the fixture's test part."""
    test = [r for r in read_labelled(fixture, polnear) if r["part"] == "test"]
    positive = [r["label"] == POSITIVE for r in test]
    scores = [checkworthiness(r["text"]) for r in test]
    rankers = {
        "checkworthiness": scores,
        "baseline_contains_digit": [float(any(c.isdigit() for c in r["text"])) for r in test],
        "baseline_longer_first": [float(len(r["text"].split())) for r in test],
    }
    classes = sorted({r["label"] for r in test})
    by_class = {
        c: [s for s, r in zip(scores, test, strict=True) if r["label"] == c] for c in classes
    }
    return {
        "test_statements": len(test),
        "per_class": {c: sum(r["label"] == c for r in test) for c in classes},
        **{name: _figures(s, positive) for name, s in rankers.items()},
        "mean_score_per_class": {c: round(float(np.mean(s)), 3) for c, s in by_class.items()},
    }


def _figures(scores: list[float], positive: list[bool]) -> dict[str, Any]:
    rng = np.random.default_rng(SEED)
    resampled = []
    while len(resampled) < BOOTSTRAP:
        index = rng.integers(0, len(scores), len(scores))
        chosen = [positive[i] for i in index]
        if 0 < sum(chosen) < len(chosen):
            resampled.append(roc_auc([scores[i] for i in index], chosen))
    low, high = np.percentile(resampled, [2.5, 97.5])
    return {
        "roc_auc": round(roc_auc(scores, positive), 3),
        "roc_auc_95": [round(float(low), 3), round(float(high), 3)],
        **{
            f"precision_top_{round(top * 100)}pct": round(precision_at(scores, positive, top), 3)
            for top in TOP_SHARES
        },
        "base_rate": round(sum(positive) / len(positive), 3),
    }


def _ranks(values: list[float]) -> list[float]:
    """1-based ranks, ties given their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def main_json(fixture: Path, polnear: Path) -> str:
    """The figures as indented JSON, or a message when PolNeAR is not there."""
    if not (polnear / "polnear_train.jsonl").is_file():
        return json.dumps({"skipped": f"PolNeAR not found at {polnear}"})
    return json.dumps(checkworthiness_evaluate(fixture, polnear), indent=1)
