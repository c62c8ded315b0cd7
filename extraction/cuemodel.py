"""Deciding which verbs introduce statements, and through which dependent: a logistic
regression over parse features, learned from PolNeAR train.

A candidate is a verb with a subject and one of its content-bearing dependents ("said" +
ccomp, "endorsed" + dobj, "called" + oprd, "talked" + prep:about). Its features are the
lemma and relation, what kind of subject it has, how the verb sits in the sentence and what
the content looks like. Rebuild the model with
``python -m extraction train ../shared/polnear/polnear_train.jsonl``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from .cues import PERSON_PRONOUNS, SPEECH_VERBS
from .doccache import doc_text
from .types import Span

MODEL_PATH = Path(__file__).parent / "data" / "cue_model.json"
DEFAULT_THRESHOLD = 0.3
CONTENT_OPENERS = frozenset({"that", "to", "why", "how", "what", "whether", "if", "who", "when"})
PRONOUNS = PERSON_PRONOUNS | {"i", "we", "they", "you", "it", "who", "which", "that"}


def verb_facts(verb: Token) -> tuple[frozenset[str], str]:
    """What every candidate of ``verb`` shares: the relations of its dependents, and its modal
    auxiliary ("" when it has none). Reading them once per verb, not once per candidate, keeps
    a verb the parser gave thousands of dependents (a run of quoted words) from costing the
    square of their number."""
    children = frozenset(c.dep_ for c in verb.children)
    aux = next((c.lower_ for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"), "")
    return children, aux


def candidate_features(
    verb: Token,
    subject: Token,
    relation: str,
    span: Span,
    facts: tuple[frozenset[str], str] | None = None,
) -> list[str]:
    """The features of one candidate: ``relation``'s dependent of ``verb`` giving ``span``;
    ``facts``: :func:`verb_facts` of ``verb``, when the caller has them."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    subject_kind = _subject_kind(subject)
    words = doc_text(doc)[span.start : span.end].split()
    first = words[0].lower().strip("“\"‘'") if words else ""
    opener = first if first in CONTENT_OPENERS else "other"
    size = len(words)
    length = "1" if size <= 1 else "2-3" if size <= 3 else "4-9" if size <= 9 else "10+"
    children, aux = facts or verb_facts(verb)
    quoted = any(ch in '“”"' for ch in doc_text(doc)[span.start : span.end])
    feats = [
        f"lr={lemma}|{relation}",
        f"l={lemma}",
        f"r={relation}",
        f"speech={lemma in SPEECH_VERBS}|{relation}",
        f"sk={subject_kind}",
        f"r|sk={relation}|{subject_kind}",
        f"tag={verb.tag_}",
        f"r|tag={relation}|{verb.tag_}",
        f"dep={verb.dep_}",
        f"r|dep={relation}|{verb.dep_}",
        f"open={opener}",
        f"r|open={relation}|{opener}",
        f"len={length}",
        f"r|len={relation}|{length}",
        f"quoted={quoted}",
    ]
    if "neg" in children:
        feats.append("neg")
    if "auxpass" in children:
        feats.append("passive")
    if aux:
        feats.append(f"modal={aux}")
    if verb.i > subject.i:
        feats.append("subject-before")
    return feats


def _subject_kind(subject: Token) -> str:
    if subject.lower_ in PRONOUNS:
        return f"pron:{subject.lower_}"
    if subject.ent_type_:
        return f"ent:{subject.ent_type_}"
    return f"pos:{subject.pos_}"


@dataclass
class CueModel:
    """Weights of a logistic regression, the verbs it applies to and its decision threshold."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    lemmas: frozenset[str] = frozenset()
    threshold: float = DEFAULT_THRESHOLD

    def may_cue(self, lemma: str) -> bool:
        """True when ``lemma`` was a cue in training, or is a known verb of saying."""
        return lemma in self.lemmas or lemma in SPEECH_VERBS

    def probability(self, features: list[str]) -> float:
        """The estimated probability that a candidate with ``features`` is an attribution."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        """The JSON form written by training."""
        return {
            "threshold": self.threshold,
            "bias": self.bias,
            "lemmas": sorted(self.lemmas),
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: dict) -> CueModel:
        """The model from its JSON form."""
        return cls(
            weights=data["weights"],
            bias=data["bias"],
            lemmas=frozenset(data["lemmas"]),
            threshold=data["threshold"],
        )


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The shipped model, loaded once per process (an empty model when none is shipped)."""
    if not MODEL_PATH.exists():
        return CueModel()
    return CueModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
