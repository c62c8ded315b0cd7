"""The project's evaluation agrees with the reference scorer on the same predictions."""

import json
import subprocess
import sys

import pytest

from extraction.evaluation.predict import predict
from extraction.evaluation.scoring import read_jsonl, read_speaker_labels, score
from tests.conftest import REPO, SHARED

REFERENCE = SHARED / "eval" / "score.py"
GOLD = REPO / "tests" / "fixtures" / "seeds_gold.jsonl"


# Figures the project adds to the reference scorer's.
OWN = ("speaker_recall", "speaker_gold_n")


def reference_score(gold, pred, *options):
    out = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold), str(pred), *options],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def shared(figures):
    return {k: v for k, v in figures.items() if k not in OWN}


@pytest.fixture
def reference():
    if not REFERENCE.exists():
        pytest.skip(f"the reference scorer is not at {REFERENCE}")
    return REFERENCE


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_agrees_on_the_extractors_predictions(reference, tmp_path):
    articles = read_jsonl(GOLD)
    predictions = predict(articles)
    write(tmp_path / "pred.jsonl", predictions)
    ours = score(articles, {p["id"]: p["quotes"] for p in predictions})
    assert shared(ours) == reference_score(GOLD, tmp_path / "pred.jsonl")


def test_agrees_on_edge_cases(reference, tmp_path):
    """Exact copies of gold, a shifted span, a wrong speaker, an empty source and a miss."""
    articles = read_jsonl(GOLD)
    predictions = []
    for article in articles:
        quotes = []
        for n, a in enumerate(article["attributions"]):
            content = [[s, e] for s, e, _ in a["content"]]
            if n % 5 == 1:
                continue
            if n % 5 == 2:
                content = [[content[0][0] + 5, content[0][1]]]
            quotes.append(
                {
                    "content": content,
                    "source": [] if n % 5 == 3 else [[s, e] for s, e, _ in a["source"]],
                    "speaker": "Somebody Else" if n % 5 == 4 else a.get("speaker"),
                }
            )
        quotes.append({"content": [[0, 10]], "source": [], "speaker": None})
        predictions.append({"id": article["id"], "quotes": quotes})
    write(tmp_path / "pred.jsonl", predictions)
    ours = score(articles, {p["id"]: p["quotes"] for p in predictions})
    assert shared(ours) == reference_score(GOLD, tmp_path / "pred.jsonl")
    assert ours["content_exact"]["F1"] < 1.0


def test_agrees_with_speaker_labels_and_adds_speaker_recall(reference, tmp_path):
    articles = read_jsonl(GOLD)
    predictions = predict(articles)
    write(tmp_path / "pred.jsonl", predictions)
    # labels as polnear_dev_speakers.jsonl gives them: one generic, one ambiguous, one
    # overriding name, one "A; B"
    lines = []
    for n, a in enumerate(a for article in articles for a in article["attributions"]):
        line = {"article": articles[0]["id"], "attribution": a["id"], "generic": False}
        line["canonical"] = [None, None, "Somebody Else", "Vladimir Putin; Nobody"][n % 4]
        line["generic"] = n % 4 == 0
        line["ambiguous"] = n % 4 == 1
        lines.append(line)
    write(tmp_path / "labels.jsonl", lines)
    labels = read_speaker_labels(tmp_path / "labels.jsonl")
    ours = score(articles, {p["id"]: p["quotes"] for p in predictions}, labels)
    theirs = reference_score(GOLD, tmp_path / "pred.jsonl", "--speakers", tmp_path / "labels.jsonl")
    assert shared(ours) == theirs
    assert ours["speaker_gold_n"] >= ours["speaker_n"]
    assert ours["speaker_recall"] <= ours["speaker_acc"]
