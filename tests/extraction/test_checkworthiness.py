import json
import re

import pytest

from extraction.checkworthiness import (
    FEATURES,
    MODEL_PATH,
    checkworthiness,
    checkworthiness_many,
    features,
)
from extraction.evaluation.checkworthiness import LABELS, precision_at, read_labelled, roc_auc
from extraction.training.checkworthiness import draw, train
from tests.conftest import SHARED

POLNEAR = SHARED / "polnear"
CLASSES = {"checkworthy", "factual_minor", "opinion"}

FIGURES = "Unemployment fell to 4.1 percent last year, the lowest since 2001, the bureau found."
COMPARISON = "The state spent twice as much on prisons as on universities in 2014."
CAUSE = "The plant closed because the company lost $40 million in contracts."
OPINION = "I think she is a wonderful leader and we should all be proud of her."
PROMISE = "We will win this election and we are going to make the country great."
PROCEDURE = "The committee will meet next week and the spokesman declined to comment."
QUESTION = "Why would anyone vote for him?"


@pytest.fixture
def polnear():
    if not (POLNEAR / "polnear_train.jsonl").is_file():
        pytest.skip(f"PolNeAR not found at {POLNEAR}: the labels cannot be checked against it")
    return POLNEAR


@pytest.mark.parametrize("claim", [FIGURES, COMPARISON, CAUSE])
@pytest.mark.parametrize("other", [OPINION, PROMISE, PROCEDURE, QUESTION])
def test_a_checkable_claim_outranks_opinion_promise_procedure_and_question(claim, other):
    assert checkworthiness(claim) > checkworthiness(other)


@pytest.mark.parametrize(
    "text",
    [
        FIGURES,
        OPINION,
        "",
        " ",
        "…!?",
        "Der Haushalt stieg um 3 Prozent.",
        "xq zv 99 ¤",
        "a" * 5000,
    ],
)
def test_the_score_is_between_zero_and_one(text):
    assert 0.0 <= checkworthiness(text) <= 1.0


def test_text_without_words_scores_zero():
    assert checkworthiness("") == 0.0
    assert checkworthiness(" — ?! ") == 0.0


def test_the_batch_form_gives_the_single_scores_in_order():
    texts = [OPINION, FIGURES, ""]
    assert checkworthiness_many(texts) == [checkworthiness(t) for t in texts]


def test_features_have_one_value_each():
    assert len(features(FIGURES)) == len(FEATURES)
    assert features("") == features("") and len(features("")) == len(FEATURES)


def test_roc_auc_counts_ties_as_one_half():
    assert roc_auc([0.9, 0.1], [True, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5


def test_precision_at_shares_the_tied_cut_in_proportion():
    # Top 50% of four statements: two slots, three tied at 1.0 of which one is positive.
    found = precision_at([1.0, 1.0, 1.0, 0.0], [True, False, False, True], 0.5)
    assert found == pytest.approx(1 / 3)


def labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]


def test_the_labels_are_references_with_a_class_a_part_and_a_note():
    records = labels()
    assert len(records) >= 400
    for record in records:
        assert set(record) == {"split", "article", "attribution", "part", "label", "note"}
        assert record["label"] in CLASSES and record["part"] in {"train", "test"}
        assert record["note"].strip()
    parts = {}
    for record in records:
        assert parts.setdefault(record["article"], record["part"]) == record["part"]


def test_the_labels_name_attributions_that_exist_and_quote_none(polnear):
    for record in read_labelled(LABELS, polnear):
        # The notes are the labeller's words: no run of five words of the statement.
        words = re.findall(r"\w+", record["text"].lower())
        runs = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
        note = " ".join(re.findall(r"\w+", record["note"].lower()))
        assert not any(run in note for run in runs), record["note"]


def test_the_labelled_statements_are_the_documented_draw(polnear):
    drawn = [{k: r[k] for k in ("split", "article", "attribution", "part")} for r in labels()]
    assert draw(polnear) == drawn


def test_the_shipped_weights_are_what_training_gives(polnear):
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert train(LABELS, polnear) == shipped


def test_two_apostrophes_count_as_quotation_marks():
    # newspaper archives write a double quotation mark as two apostrophes
    at = FEATURES.index("quoted")
    assert features("He called it ''a farce'' on Monday")[at] == 1.0
    assert features('He called it "a farce" on Monday')[at] == 1.0
    assert features("He called it a farce on Monday")[at] == 0.0
