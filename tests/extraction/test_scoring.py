"""The project's evaluation agrees with the reference scorer on the same predictions."""

import json
import subprocess
import sys

import pytest

from extraction.evaluation.predict import predict
from extraction.evaluation.scoring import read_jsonl, score
from tests.conftest import REPO, SHARED

REFERENCE = SHARED / "eval" / "score.py"
GOLD = REPO / "tests" / "fixtures" / "seeds_gold.jsonl"


def reference_score(gold, pred):
    out = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold), str(pred)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


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
    assert ours == reference_score(GOLD, tmp_path / "pred.jsonl")


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
    assert ours == reference_score(GOLD, tmp_path / "pred.jsonl")
    assert ours["content_exact"]["F1"] < 1.0
