"""The evaluation metrics of ``shared/eval/score.py``, computed in-process.

The definitions (and so the figures) are the reference scorer's; a test runs both on the same
predictions and checks that they agree.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

STRIP = set(string.whitespace + string.punctuation + "“”‘’—–")
GENERIC = "generic"


def content_chars(text: str, pieces: Iterable[Iterable[int]]) -> frozenset[int]:
    """The non-space characters of ``pieces``, each trimmed of edge punctuation and quote marks."""
    out: set[int] = set()
    for piece in pieces:
        a, b = list(piece)[:2]
        while a < b and text[a] in STRIP:
            a += 1
        while b > a and text[b - 1] in STRIP:
            b -= 1
        out.update(i for i in range(a, b) if not text[i].isspace())
    return frozenset(out)


def normalise_name(name: str | None) -> str:
    """Casefold, drop punctuation and a leading "the"."""
    if not name:
        return ""
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1, rounded to four places."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4)}


def greedy_match(
    gold: list[frozenset[int]], pred: list[frozenset[int]], admit: Callable[[float, float], bool]
) -> list[tuple[int, int]]:
    """One-to-one matching, best Jaccard first; ``admit(jaccard, cover)`` accepts a pair."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            both = len(g & p)
            if both:
                pairs.append((both / len(g | p), both / len(g), gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for jaccard, cover, gi, pi in pairs:
        if gi in used_g or pi in used_p or not admit(jaccard, cover):
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def read_speaker_labels(path: str | Path) -> dict[tuple[str, str], set[str] | str | None]:
    """Canonical speaker labels (``polnear_dev_speakers.jsonl``): (article, attribution) ->
    accepted names, ``GENERIC``, or None for a line left out of speaker scoring."""
    labels: dict[tuple[str, str], set[str] | str | None] = {}
    for r in read_jsonl(path):
        key = (r["article"], r["attribution"])
        if r.get("ambiguous"):
            labels[key] = None
        elif r.get("generic"):
            labels[key] = GENERIC
        elif r.get("canonical"):
            labels[key] = {normalise_name(n) for n in r["canonical"].split(";")}
        else:
            labels[key] = None
    return labels


def _gold_names(attribution: dict[str, Any]) -> set[str] | str | None:
    if "speaker" not in attribution:
        return None
    if not attribution["speaker"]:
        return GENERIC
    names = {normalise_name(attribution["speaker"])}
    names.update(normalise_name(x) for x in attribution.get("speaker_aliases", []))
    return names


def score(
    gold_articles: Iterable[dict[str, Any]],
    predictions: dict[str, list[dict]],
    labels: dict[tuple[str, str], set[str] | str | None] | None = None,
) -> dict:
    """Score ``predictions`` (article id -> predicted quotes) against gold articles;
    ``labels`` (see :func:`read_speaker_labels`) give or override canonical speakers."""
    labels = labels or {}
    c: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_type_tp: Counter[str] = Counter()
    for article in gold_articles:
        text = article["text"]
        gold = []
        for a in article["attributions"]:
            content = content_chars(text, a["content"])
            if content:
                key = (article["id"], a["id"])
                names = labels[key] if key in labels else _gold_names(a)
                gold.append((content, content_chars(text, a["source"]), a["type"], names))
        pred = []
        for q in predictions.get(article["id"], []):
            content = content_chars(text, q.get("content") or [])
            if content:
                source = content_chars(text, q.get("source") or [])
                pred.append((content, source, normalise_name(q.get("speaker"))))
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["named_gold"] += sum(1 for g in gold if g[3] and g[3] != GENERIC)
        by_type.update(g[2] for g in gold)
        left = Counter(g[0] for g in gold)
        for p in pred:
            if left[p[0]] > 0:
                left[p[0]] -= 1
                c["exact"] += 1
        gold_sets, pred_sets = [g[0] for g in gold], [p[0] for p in pred]
        c["cover30"] += len(greedy_match(gold_sets, pred_sets, lambda j, cov: cov >= 0.3))
        for gi, pi in greedy_match(gold_sets, pred_sets, lambda j, cov: j >= 0.5):
            g, p = gold[gi], pred[pi]
            c["partial"] += 1
            by_type_tp[g[2]] += 1
            if (not g[1] and not p[1]) or (g[1] & p[1]):
                c["source_ok"] += 1
            if g[3] == GENERIC:
                c["generic"] += 1
                c["generic_ok"] += not p[2]
            elif g[3]:
                c["named"] += 1
                c["speaker_ok"] += p[2] in g[3]
    return {
        "n_gold": c["gold"],
        "n_pred": c["pred"],
        "content_exact": prf(c["exact"], c["pred"], c["gold"]),
        "content_partial": prf(c["partial"], c["pred"], c["gold"]),
        "content_cover30": prf(c["cover30"], c["pred"], c["gold"]),
        "source_acc": round(c["source_ok"] / c["partial"], 4) if c["partial"] else 0.0,
        "e2e": prf(c["source_ok"], c["pred"], c["gold"]),
        "speaker_acc": round(c["speaker_ok"] / c["named"], 4) if c["named"] else None,
        "speaker_n": c["named"],
        # not in the reference scorer: named statements found with the right speaker, over all
        # the named statements of the gold (speaker_acc counts only the statements found)
        "speaker_recall": round(c["speaker_ok"] / c["named_gold"], 4) if c["named_gold"] else None,
        "speaker_gold_n": c["named_gold"],
        "generic_acc": round(c["generic_ok"] / c["generic"], 4) if c["generic"] else None,
        "generic_n": c["generic"],
        "recall_by_type": {t: round(by_type_tp[t] / by_type[t], 4) for t in sorted(by_type)},
    }


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def attribution_contents(
    polnear: Path, wanted: set[tuple[str, str, str]], *, what: str = "attributions"
) -> dict[tuple[str, str, str], str]:
    """The content text of each attribution ``wanted`` names as (split, article id,
    attribution id), read from ``polnear``'s JSONL files (the labelled sets hold ids only);
    ValueError naming ``what`` when some are not there."""
    contents = {}
    for split in sorted({key[0] for key in wanted}):
        for article in read_jsonl(Path(polnear) / f"polnear_{split}.jsonl"):
            for attribution in article["attributions"]:
                key = (split, article["id"], attribution["id"])
                if key in wanted:
                    contents[key] = " ".join(piece[2] for piece in attribution["content"])
    missing = wanted - set(contents)
    if missing:
        raise ValueError(f"{len(missing)} {what} are not in PolNeAR")
    return contents
