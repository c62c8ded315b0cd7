"""Learning the cue model from gold attributions (PolNeAR train).

Every verb with a subject is an occasion; each of its content-bearing dependents is a
candidate. A candidate is positive when a gold attribution's cue covers the verb and its
content matches the candidate's (character Jaccard >= 0.5, as the scorer's partial match).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .cuemodel import DEFAULT_THRESHOLD, CueModel
from .engine import load_pipeline
from .rules import _phrase, _subject, content_candidates
from .scoring import content_chars

MATCH = 0.5
# Pairs seen fewer times than this carry no evidence worth shipping.
MIN_POSITIVE = 2


def train(articles: Iterable[dict[str, Any]], batch_size: int = 32) -> CueModel:
    """Count, over gold-format ``articles``, how often each (lemma, relation) was content."""
    articles = list(articles)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    nlp = load_pipeline()
    docs = nlp.pipe((a["text"] for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        text = article["text"]
        gold = [
            (
                {i for s, e, *_ in a["cue"] for i in range(s, e)},
                content_chars(text, a["content"]),
            )
            for a in article["attributions"]
            if a["content"]
        ]
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            subject = _subject(verb)
            if subject is None:
                continue
            lemma = verb.lemma_.lower()
            cues = [content for cue, content in gold if verb.idx in cue]
            for relation, span in content_candidates(verb, _phrase(subject)):
                chars = content_chars(text, [[span.start, span.end]])
                hit = any(
                    chars and len(chars & g) / len(chars | g) >= MATCH for g in cues if g
                )
                counts[lemma][relation][0] += hit
                counts[lemma][relation][1] += 1
                totals[relation][0] += hit
                totals[relation][1] += 1
    prior = {r: round(p / n, 4) for r, (p, n) in totals.items() if n}
    kept = {
        lemma: {r: c for r, c in relations.items() if c[0] >= MIN_POSITIVE}
        for lemma, relations in counts.items()
    }
    kept = {lemma: relations for lemma, relations in kept.items() if relations}
    return CueModel(counts=kept, prior=prior, threshold=DEFAULT_THRESHOLD)
