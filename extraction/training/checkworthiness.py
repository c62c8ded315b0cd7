"""Learning the check-worthiness weights from the hand-labelled PolNeAR statements.

    python -m extraction checkworthiness --train [--polnear ../shared/polnear]

The labelled set (``tests/fixtures/checkworthiness_labels.jsonl``) names PolNeAR train
attributions by id; their contents are read from PolNeAR. :func:`draw` is how the statements
to label were chosen. The weights are fitted on the ``train`` part only (the ``test`` part is
for :mod:`extraction.evaluation.checkworthiness`), by a logistic regression of checkworthy
against the other two classes, solved by Newton's method. Its L2 penalty is the one of
L2_CHOICES with the best ROC AUC in a 5-fold cross-validation on the train part. No
randomness: the same labels give the same weights.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..checkworthiness import FEATURES, features
from ..evaluation.checkworthiness import POSITIVE, read_labelled, roc_auc
from ..evaluation.scoring import read_jsonl

SEED = 17
PER_OUTLET = 63
MIN_WORDS = 5
TEST_SHARE = 0.3
L2_CHOICES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
FOLDS = 5
NEWTON_STEPS = 25


def draw(polnear: Path) -> list[dict[str, str]]:
    """The statements to label: one attribution of at least MIN_WORDS words from each of
    PER_OUTLET articles of each outlet of PolNeAR train, chosen with a fixed seed; the first
    TEST_SHARE of each outlet's articles form the held-out ``test`` part."""
    rng = random.Random(SEED)
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for article in read_jsonl(polnear / "polnear_train.jsonl"):
        by_outlet[article["id"].split("_")[0]].append(article)
    drawn = []
    for outlet in sorted(by_outlet):
        articles = sorted(by_outlet[outlet], key=lambda a: a["id"])
        rng.shuffle(articles)
        chosen = [a for a in articles if _long_enough(a)][:PER_OUTLET]
        for rank, article in enumerate(chosen):
            attribution = rng.choice([t for t in article["attributions"] if _words(t) >= MIN_WORDS])
            part = "test" if rank < round(TEST_SHARE * PER_OUTLET) else "train"
            drawn.append(
                {
                    "split": "train",
                    "article": article["id"],
                    "attribution": attribution["id"],
                    "part": part,
                }
            )
    return drawn


def content(attribution: dict) -> str:
    """An attribution's content, its pieces joined by spaces."""
    return " ".join(piece[2] for piece in attribution["content"])


def _words(attribution: dict) -> int:
    return len(content(attribution).split())


def _long_enough(article: dict) -> bool:
    return any(_words(t) >= MIN_WORDS for t in article["attributions"])


def train(fixture: Path, polnear: Path) -> dict[str, Any]:
    """The model file's content: weights fitted on the fixture's ``train`` part."""
    training = [r for r in read_labelled(fixture, polnear) if r["part"] == "train"]
    rows = np.array([[1.0, *features(r["text"])] for r in training])
    targets = np.array([float(r["label"] == POSITIVE) for r in training])
    validated = {l2: _cross_validated_auc(rows, targets, l2) for l2 in L2_CHOICES}
    l2 = max(L2_CHOICES, key=validated.__getitem__)
    coefficients = _fit(rows, targets, l2)
    return {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in coefficients[1:]],
        "bias": round(float(coefficients[0]), 6),
        "trained_on": {"statements": len(training), "checkworthy": int(targets.sum())},
        "l2": l2,
        "cross_validated_auc": {str(k): round(v, 3) for k, v in validated.items()},
    }


def _cross_validated_auc(rows: np.ndarray, targets: np.ndarray, l2: float) -> float:
    """ROC AUC of the held-out scores, each fifth scored by a fit on the other four."""
    folds = np.arange(len(rows)) % FOLDS
    scores = np.zeros(len(rows))
    for fold in range(FOLDS):
        coefficients = _fit(rows[folds != fold], targets[folds != fold], l2)
        scores[folds == fold] = rows[folds == fold] @ coefficients
    return roc_auc(scores.tolist(), [bool(t) for t in targets])


def _fit(rows: np.ndarray, targets: np.ndarray, l2: float) -> np.ndarray:
    """L2-penalised logistic regression (the bias, column 0, unpenalised) by Newton steps."""
    penalty = np.full(rows.shape[1], l2)
    penalty[0] = 0.0
    coefficients = np.zeros(rows.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-rows @ coefficients))
        gradient = rows.T @ (p - targets) + penalty * coefficients
        hessian = (rows * (p * (1 - p))[:, None]).T @ rows + np.diag(penalty)
        coefficients = coefficients - np.linalg.solve(hessian, gradient)
    return coefficients
