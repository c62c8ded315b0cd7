"""The figures by the form of what a source is credited with: a quotation, a clause, a phrase.

PolNeAR annotates as an attribution more than what someone said. Besides quotations and
reported clauses (`said the bridge would open in May`), about a fifth of its contents are
phrases with no verb: the topic or the attitude a source is credited with (`complained about
his microphone`, `has been critical of Trump`, `his adulation of Putin`). A fact-checker can
check a quotation or a reported clause; a phrase names what was talked about, not what was
said. The two annotators of PolNeAR's twice-annotated articles agree on the phrases far less
than on the rest (``python -m extraction agreement``), so the overall figures mix a part that
can be learnt with a part where the gold itself is uncertain. This module splits them:

- ``quotation``: the content holds a quotation mark (“ ” " « », or the two apostrophes
  newspaper archives write for one): a direct or a mixed statement;
- ``clause``: no quotation marks, and its words, tagged alone by spaCy, hold a verb or an
  auxiliary (``VERB``/``AUX``): a reported clause, an infinitive (`to stop attacking her`), a
  gerund (`being asleep when the calls came`);
- ``phrase``: no quotation marks and no verb.

Matching is the reference scorer's (:func:`extraction.evaluation.scoring.score`), over all of
an article's statements at once; recall is then counted by the gold statement's form and
precision by the predicted one's. ``statements`` pools quotations and clauses: what the
product calls a statement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .scoring import content_chars, greedy_match

QUOTATION, CLAUSE, PHRASE = "quotation", "clause", "phrase"
FORMS = (QUOTATION, CLAUSE, PHRASE)
STATEMENTS = (QUOTATION, CLAUSE)
VERBS = frozenset({"VERB", "AUX"})
QUOTATION_MARKS = ("\u201c", "\u201d", '"', "\u00ab", "\u00bb", "''")
# The spaCy components that give part-of-speech tags (the parser and the entities are not
# needed): tagging alone is about ten times faster than the whole pipeline.
TAGGING = ("tok2vec", "tagger", "attribute_ruler")

Tagger = Callable[[Sequence[str]], list[bool]]


def spacy_has_verb() -> Tagger:
    """Whether each text holds a verb, by the extractor's spaCy pipeline's tagger."""
    from ..engine import load_pipeline

    nlp = load_pipeline()

    def has_verb(texts: Sequence[str]) -> list[bool]:
        with nlp.select_pipes(enable=[p for p in TAGGING if p in nlp.pipe_names]):
            return [any(t.pos_ in VERBS for t in doc) for doc in nlp.pipe(texts, batch_size=256)]

    return has_verb


def content_text(text: str, pieces: Iterable[Iterable[int]]) -> str:
    """The words of a content's pieces, joined by spaces."""
    return " ".join(text[piece[0] : piece[1]] for piece in (list(p)[:2] for p in pieces)).strip()


def by_form(
    gold_articles: Iterable[dict[str, Any]],
    predictions: dict[str, list[dict]],
    has_verb: Tagger | None = None,
) -> dict[str, Any]:
    """Exact and partial content P/R/F1 for each form (:data:`FORMS`) and for
    :data:`STATEMENTS` pooled, with the number of gold and predicted statements of each.

    Gold articles are in the scorer's GOLD format, ``predictions`` map an article id to its
    quote records (PRED format). Both sides' forms come from their words alone, the same way
    (not from their ``type``: PolNeAR's types ignore archives' two apostrophes)."""
    has_verb = has_verb or spacy_has_verb()
    articles = []
    unquoted: dict[str, bool] = {}
    for article in gold_articles:
        text = article["text"]
        sides = []
        for records in (article["attributions"], predictions.get(article["id"], [])):
            found = []
            for record in records:
                chars = content_chars(text, record.get("content") or [])
                if not chars:
                    continue
                words = content_text(text, record["content"])
                quoted = any(mark in words for mark in QUOTATION_MARKS)
                if not quoted:
                    unquoted[words] = False
                found.append((chars, None if quoted else words))
            sides.append(found)
        articles.append(sides)
    verbs = dict(zip(unquoted, has_verb(list(unquoted)), strict=True))

    def form(words: str | None) -> str:
        if words is None:
            return QUOTATION
        return CLAUSE if verbs[words] else PHRASE

    counts: Counter[tuple[str, str]] = Counter()
    for gold, pred in articles:
        gold_forms = [form(words) for _, words in gold]
        pred_forms = [form(words) for _, words in pred]
        counts.update((f, "gold") for f in gold_forms)
        counts.update((f, "pred") for f in pred_forms)
        left: dict[frozenset[int], list[int]] = {}
        for index, (chars, _) in enumerate(gold):
            left.setdefault(chars, []).append(index)
        for index, (chars, _) in enumerate(pred):
            if left.get(chars):
                counts[(gold_forms[left[chars].pop(0)], "exact_gold")] += 1
                counts[(pred_forms[index], "exact_pred")] += 1
        matched = greedy_match([g[0] for g in gold], [p[0] for p in pred], lambda j, c: j >= 0.5)
        for gi, pi in matched:
            counts[(gold_forms[gi], "partial_gold")] += 1
            counts[(pred_forms[pi], "partial_pred")] += 1
    out: dict[str, Any] = {f: _figures(counts, (f,)) for f in FORMS}
    out["statements"] = _figures(counts, STATEMENTS)
    return out


def _figures(counts: Counter[tuple[str, str]], forms: Sequence[str]) -> dict[str, Any]:
    def total(what: str) -> int:
        return sum(counts[(f, what)] for f in forms)

    gold, pred = total("gold"), total("pred")
    return {
        "n_gold": gold,
        "n_pred": pred,
        "content_exact": _prf(total("exact_pred"), pred, total("exact_gold"), gold),
        "content_partial": _prf(total("partial_pred"), pred, total("partial_gold"), gold),
    }


def _prf(found_pred: int, pred: int, found_gold: int, gold: int) -> dict[str, float]:
    """P/R/F1 where the matched statements are counted on each side by that side's form
    (a match across two forms counts for the gold's form in recall, the prediction's in
    precision)."""
    precision = found_pred / pred if pred else 0.0
    recall = found_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": round(precision, 4), "R": round(recall, 4), "F1": round(f1, 4)}
