"""Predictions in the reference scorer's format, and their evaluation against gold."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..engine import DEFAULT_MODE, extract_many
from ..language import detect_language
from ..registry import Registry
from ..types import Attribution, Kind
from .forms import by_form
from .scoring import score

# The scorer's names for the kinds of statement.
SCORER_TYPES = {Kind.DIRECT: "direct", Kind.PARTIAL: "mixed", Kind.INDIRECT: "indirect"}


def as_prediction(attribution: Attribution) -> dict[str, Any]:
    """One attribution as a quote record of the scorer's PRED format."""
    return {
        "content": [[s.start, s.end] for s in attribution.content],
        "source": [[attribution.mention.start, attribution.mention.end]]
        if attribution.mention
        else [],
        "cue": [[attribution.cue.start, attribution.cue.end]] if attribution.cue else [],
        "speaker": attribution.speaker,
        "speaker_kind": attribution.speaker_kind,
        "speaker_qid": attribution.speaker_qid,
        "type": SCORER_TYPES[attribution.kind],
        "confidence": attribution.confidence,
        "rule": attribution.rule,
    }


def predict(articles: Iterable[dict[str, Any]], mode: str = DEFAULT_MODE) -> list[dict[str, Any]]:
    """Run the extractor over gold-format articles (only ``id`` and ``text`` are read).

    One registry (the shipped public figures) is built across the articles in order, as
    ingesting them would: what one article names in full resolves a later bare surname.
    """
    articles = list(articles)
    registry = Registry.default()
    found = extract_many((a["text"] for a in articles), mode=mode, registry=registry)
    return [
        {
            "id": article["id"],
            "language": detect_language(article["text"]),
            "quotes": [as_prediction(a) for a in attributions],
        }
        for article, attributions in zip(articles, found, strict=True)
    ]


def evaluate(
    articles: list[dict[str, Any]],
    mode: str = DEFAULT_MODE,
    labels: dict[tuple[str, str], set[str] | str | None] | None = None,
) -> dict[str, Any]:
    """Predict on ``articles`` and score the predictions against their gold attributions
    (and canonical speaker ``labels`` when given), with the figures by the form of the
    contents (``by_form``: quotations, clauses, phrases; see :mod:`.forms`), which the
    reference scorer does not print."""
    predictions = {p["id"]: p["quotes"] for p in predict(articles, mode)}
    return {**score(articles, predictions, labels), "by_form": by_form(articles, predictions)}
