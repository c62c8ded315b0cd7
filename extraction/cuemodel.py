"""Which verbs introduce statements, and through which dependent, learned from PolNeAR train.

For each (verb lemma, relation) pair -- "say"/"ccomp", "support"/"dobj", "call"/"oprd",
"talk"/"prep:about" -- the model holds how often that dependent of that verb was the content
of a human-annotated attribution in PolNeAR train, out of how often it occurred with a subject.
Rebuild it with ``python -m extraction train ../shared/polnear/polnear_train.jsonl``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .cues import SPEECH_VERBS

MODEL_PATH = Path(__file__).parent / "data" / "cue_model.json"
# Pseudo-count pulling a rarely seen pair towards the relation's overall rate.
SMOOTHING = 3.0
DEFAULT_THRESHOLD = 0.2


@dataclass
class CueModel:
    """Counts per (lemma, relation): ``counts[lemma][relation] = [positive, seen]``."""

    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    prior: dict[str, float] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD

    def may_cue(self, lemma: str) -> bool:
        """True when ``lemma`` was ever a cue in training, or is a known verb of saying."""
        return lemma in self.counts or lemma in SPEECH_VERBS

    def probability(self, lemma: str, relation: str) -> float:
        """Smoothed estimate that ``relation``'s dependent of ``lemma`` is reported content."""
        prior = self.prior.get(relation, 0.0)
        positive, seen = self.counts.get(lemma, {}).get(relation, (0, 0))
        if not seen:
            return 0.0 if lemma not in SPEECH_VERBS else prior
        return (positive + SMOOTHING * prior) / (seen + SMOOTHING)

    def to_json(self) -> dict:
        """The JSON form written by training."""
        return {"threshold": self.threshold, "prior": self.prior, "counts": self.counts}

    @classmethod
    def from_json(cls, data: dict) -> CueModel:
        """The model from its JSON form."""
        return cls(counts=data["counts"], prior=data["prior"], threshold=data["threshold"])


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The shipped model, loaded once per process (an empty model when none is shipped)."""
    if not MODEL_PATH.exists():
        return CueModel()
    return CueModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
