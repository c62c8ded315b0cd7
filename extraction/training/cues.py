"""Learning the cue model from gold attributions (PolNeAR train).

Every verb with a subject is an occasion, each of its content-bearing dependents a candidate.
A candidate is positive when a gold attribution's cue covers the verb and its content matches
the candidate's (character Jaccard >= 0.5, the scorer's partial match). A logistic regression
is fitted on most articles; the decision threshold is the one that gives the best partial F1
on the rest, scored end to end; then the model is refitted on all of them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..cuemodel import DEFAULT_THRESHOLD, CueModel, candidate_features
from ..cues import SPEECH_VERBS
from ..engine import load_pipeline
from ..evaluation.predict import as_prediction
from ..evaluation.scoring import content_chars, score
from ..quotes import find_quotes
from ..rules import (
    content_candidates,
    find_attributions,
    noun_phrase,
    quoted_characters,
    subject_of,
)

MATCH = 0.5
# A lemma is a possible cue when it was one at least this often in training.
MIN_CUE_COUNT = 2
HELD_OUT = 0.15
EPOCHS = 8
LEARNING_RATE = 0.2
L2 = 1e-5
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SEED = 13


@dataclass
class Example:
    """One labelled candidate: its features, whether it was a gold attribution, its verb."""

    features: list[str]
    label: bool
    lemma: str


def train(
    articles: list[dict[str, Any]], log: Callable[[str], None] = print, batch_size: int = 32
) -> CueModel:
    """Fit the cue model on gold-format ``articles`` and choose its threshold."""
    nlp = load_pipeline()
    docs = list(nlp.pipe((a["text"] for a in articles), batch_size=batch_size))
    examples = [examples_of(a, d) for a, d in zip(articles, docs, strict=True)]
    cut = int(len(articles) * (1 - HELD_OUT))
    model = fit([e for doc_examples in examples[:cut] for e in doc_examples])
    held_out = articles[cut:]
    best = max(
        (
            (_partial_f1(model, held_out, docs[cut:], threshold), threshold)
            for threshold in THRESHOLDS
        ),
    )
    log(f"threshold {best[1]}: partial F1 {best[0]:.4f} on {len(held_out)} held-out articles")
    final = fit([e for doc_examples in examples for e in doc_examples])
    final.threshold = best[1]
    return final


def examples_of(article: dict[str, Any], doc: Doc) -> list[Example]:
    """The labelled candidates of one article: those of the verbs the rules ask the model
    about, which leaves out the verbs inside a quotation (``rules.find_statements`` never
    takes one for a cue: `"I think we will win," he said`)."""
    text = article["text"]
    quoted = quoted_characters(len(text), find_quotes(text))
    gold = [
        ({i for s, e, *_ in a["cue"] for i in range(s, e)}, content_chars(text, a["content"]))
        for a in article["attributions"]
        if a["content"]
    ]
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or quoted[verb.idx]:
            continue
        subject = subject_of(verb)
        if subject is None:
            continue
        contents = [content for cue, content in gold if verb.idx in cue and content]
        for relation, span in content_candidates(verb, noun_phrase(subject)):
            chars = content_chars(text, [[span.start, span.end]])
            label = bool(chars) and any(len(chars & g) / len(chars | g) >= MATCH for g in contents)
            features = candidate_features(verb, subject, relation, span)
            out.append(Example(features, label, verb.lemma_.lower()))
    return out


def fit(examples: list[Example]) -> CueModel:
    """Logistic regression by AdaGrad over the examples of cue lemmas."""
    cue_counts = Counter(e.lemma for e in examples if e.label)
    lemmas = frozenset(lemma for lemma, n in cue_counts.items() if n >= MIN_CUE_COUNT)
    usable = [e for e in examples if e.lemma in lemmas or e.lemma in SPEECH_VERBS]
    index: dict[str, int] = {}
    rows = [np.array([index.setdefault(f, len(index)) for f in e.features]) for e in usable]
    labels = np.array([e.label for e in usable], dtype=float)
    weights = np.zeros(len(index))
    squares = np.full(len(index), 1e-8)
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(usable)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            row = rows[i]
            z = bias + weights[row].sum()
            error = 1.0 / (1.0 + np.exp(-z)) - labels[i]
            gradient = error + L2 * weights[row]
            squares[row] += gradient**2
            weights[row] -= LEARNING_RATE * gradient / np.sqrt(squares[row])
            bias_square += error**2
            bias -= LEARNING_RATE * error / np.sqrt(bias_square)
    names = {i: f for f, i in index.items()}
    kept = {names[i]: round(float(w), 4) for i, w in enumerate(weights) if abs(w) >= 1e-3}
    return CueModel(
        weights=kept, bias=round(float(bias), 4), lemmas=lemmas, threshold=DEFAULT_THRESHOLD
    )


def _partial_f1(model: CueModel, articles: list[dict], docs: list[Doc], threshold: float) -> float:
    model.threshold = threshold
    predictions = {
        a["id"]: [as_prediction(x) for x in find_attributions(d, find_quotes(d.text), model)]
        for a, d in zip(articles, docs, strict=True)
    }
    return score(articles, predictions)["content_partial"]["F1"]
