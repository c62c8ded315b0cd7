"""How far the figures can go: PolNeAR's annotators scored against each other.

Some PolNeAR articles were annotated twice, by two people working from the same guidelines
(two ``<article>_<annotator>.ann`` files in BRAT). Scoring the second annotator's attributions
against the first's, with the reference scorer's metrics, measures how well two humans agree
on the same task: the ceiling a model trained and scored on one annotator per article can be
expected to approach. The extractor is scored against each of the two annotators on the same
articles, side by side (on train articles it has learnt from, so its figures there flatter it).
Each set of figures is also split by the form of the contents (``by_form``: quotations,
clauses, verbless phrases; :mod:`.forms`), where the annotators agree on the first two far more
than on the third.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .forms import by_form
from .predict import predict
from .scoring import score

ATTRIBUTION_EVENTS = ("Attribution", "Attribution-no-source")
OPENING_MARKS = '"“«'
CLOSING_MARKS = '"”»'
EDGES = " \t\n,.;:—–-"
METRICS = ("content_exact", "content_partial", "e2e")
FORM_METRICS = ("content_exact", "content_partial")


@dataclass
class TwiceAnnotated:
    """One article of a split with the attributions of its first and second annotators
    (alphabetically, as ``polnear_*.jsonl`` takes the first), in the gold format."""

    split: str
    article: str
    text: str
    first: list[dict[str, Any]]
    second: list[dict[str, Any]]


def statement_type(text: str, pieces: list[list[int]]) -> str:
    """ "direct" (the content is one quotation), "mixed" (it holds quotation marks) or
    "indirect", from the quotation marks alone, as PolNeAR's JSONL types its attributions
    (this rule gives the type ``polnear_dev.jsonl`` has for 2,181 of its 2,193)."""
    content = " ".join(text[start:end] for start, end in pieces).strip(EDGES)
    if not any(c in OPENING_MARKS + CLOSING_MARKS for c in content):
        return "indirect"
    if content[:1] in OPENING_MARKS and content[-1:] in CLOSING_MARKS:
        return "direct"
    return "mixed"


def read_ann(path: Path, text: str) -> list[dict[str, Any]]:
    """The attributions of one BRAT file that have a content, in the gold format."""
    spans: dict[str, list[list[int]]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, middle = line.split("\t")[:2]
            _, offsets = middle.split(" ", 1)
            spans[tid] = [[int(x) for x in piece.split()] for piece in offsets.split(";")]
        elif line.startswith("E"):
            eid, arguments = line.split("\t")[:2]
            events.append((eid, dict(a.split(":", 1) for a in arguments.split())))
    found = []
    for eid, arguments in events:
        role = next(iter(arguments)).rstrip("0123456789")
        content = spans.get(arguments.get("Content", ""), [])
        if role not in ATTRIBUTION_EVENTS or not content:
            continue
        found.append(
            {
                "id": eid,
                "content": content,
                "source": spans.get(arguments.get("Source", ""), []),
                "cue": spans.get(arguments.get("Cue", ""), []),
                "type": statement_type(text, content),
            }
        )
    return found


def twice_annotated(brat: Path) -> list[TwiceAnnotated]:
    """The articles of ``brat/{train,dev}`` that two annotators annotated."""
    found = []
    for split in ("train", "dev"):
        files: dict[str, list[Path]] = defaultdict(list)
        for path in sorted((brat / split / "attributions").glob("*.ann")):
            files[path.stem.rsplit("_", 1)[0]].append(path)
        for article, paths in sorted(files.items()):
            if len(paths) < 2:
                continue
            text = (brat / split / "text" / f"{article}.txt").read_text(encoding="utf-8")
            first, second = (read_ann(p, text) for p in paths[:2])
            found.append(TwiceAnnotated(split, article, text, first, second))
    return found


def _as_gold(articles: list[TwiceAnnotated], which: str) -> list[dict[str, Any]]:
    return [{"id": a.article, "text": a.text, "attributions": getattr(a, which)} for a in articles]


def _figures(result: dict[str, Any], forms: dict[str, Any]) -> dict[str, Any]:
    figures = {m: result[m]["F1"] for m in METRICS}
    figures["recall_by_type"] = result["recall_by_type"]
    figures["n_gold"], figures["n_pred"] = result["n_gold"], result["n_pred"]
    figures["by_form"] = {
        form: {m: found[m]["F1"] for m in FORM_METRICS} | {"n_gold": found["n_gold"]}
        for form, found in forms.items()
    }
    return figures


def _scored(gold: list[dict[str, Any]], predicted: dict[str, list[dict]]) -> dict[str, Any]:
    return _figures(score(gold, predicted), by_form(gold, predicted))


def agreement(brat: Path, mode: str) -> dict[str, Any]:
    """Human agreement on the twice-annotated articles of ``brat`` (the second annotator
    scored against the first), and the extractor in ``mode`` against each annotator."""
    articles = twice_annotated(brat)
    out: dict[str, Any] = {"articles": {}, "human": {}, "extractor": {}}
    for split in ("train", "dev", "all"):
        chosen = [a for a in articles if split in ("all", a.split)]
        if not chosen:
            continue
        out["articles"][split] = len(chosen)
        second = {a.article: a.second for a in chosen}
        out["human"][split] = _scored(_as_gold(chosen, "first"), second)
        if split == "all":
            continue
        predicted = {r["id"]: r["quotes"] for r in predict(_as_gold(chosen, "first"), mode)}
        out["extractor"][split] = {
            f"against the {which}": _scored(_as_gold(chosen, which), predicted)
            for which in ("first", "second")
        }
    out["mode"] = mode
    return out
