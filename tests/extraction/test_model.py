"""The cue model: training on gold, round trip through JSON, and the benchmark command."""

import json

from extraction import extract
from extraction.cuemodel import CueModel, cue_model
from extraction.engine import load_pipeline
from extraction.evaluation.bench import benchmark
from extraction.evaluation.scoring import read_jsonl
from extraction.training.cues import examples_of, train
from tests.conftest import REPO

GOLD = REPO / "tests" / "fixtures" / "seeds_gold.jsonl"


def test_training_learns_verbs_of_saying_and_round_trips():
    messages = []
    model = train(read_jsonl(GOLD), log=messages.append)
    assert "say" in model.lemmas
    assert messages and "held-out" in messages[0]
    again = CueModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model


def test_training_asks_only_about_the_verbs_the_rules_ask_about():
    # a verb inside a quotation is never a cue at run time (rules.find_statements skips it),
    # so training leaves its candidates out too: "think" is learned from outside quotations
    def lemmas(text):
        article = {"text": text, "attributions": []}
        return {example.lemma for example in examples_of(article, load_pipeline()(text))}

    assert lemmas('"I think the bridge is safe," the mayor said.') == {"say"}
    assert {"say", "think"} <= lemmas("The engineer thinks the bridge is not safe, the mayor said.")


def test_the_shipped_model_tells_saying_from_doing():
    assert len(extract("The minister said the sandwich was cold.")) == 1
    assert extract("The minister ate the sandwich in the garden.") == []
    model = cue_model()
    assert "say" in model.lemmas and "eat" not in model.lemmas


def test_benchmark_reports_each_mode_against_the_bare_parse():
    texts = [line["text"] for line in read_jsonl(GOLD)]
    figures = benchmark(texts, rounds=1)
    assert figures["tokens"] > 500
    assert set(figures["tokens_per_s"]) == {"bare_parse", "fast", "accurate"}
    assert all(rate > 0 for rate in figures["tokens_per_s"].values())
    assert set(figures["over_bare_parse"]) == {"fast", "accurate"}
    assert all(rss > 50 for rss in figures["worker_peak_rss_mib"].values())
    assert figures["slices"] == len(texts)  # fewer texts than slices: a slice each
    assert all(len(q) == 3 for q in figures["over_bare_parse_quartiles"].values())


def test_a_verbs_facts_are_read_once_per_verb_not_once_per_candidate(monkeypatch):
    # a run of quoted words hangs thousands of dependents on one verb, each a candidate:
    # reading the verb's dependents for each of them cost the square of their number
    import extraction.rules as rules
    from extraction.cuemodel import candidate_features, verb_facts
    from extraction.engine import load_pipeline
    from extraction.evaluation.pathological import pathological_text

    calls = []

    def counted(verb):
        calls.append(verb.i)
        return verb_facts(verb)

    monkeypatch.setattr(rules, "verb_facts", counted)
    text = pathological_text("''a'' ", 3000)
    extract(text, mode="fast")
    assert calls and len(calls) == len(set(calls))
    # the facts change nothing: the same features with them as without
    doc = load_pipeline()("Mayor Walter Pembrook said the bridge would not open in May.")
    verb = doc[3]
    subject = doc[2]
    span = rules.content_candidates(verb, doc[0:3])[0][1]
    assert candidate_features(verb, subject, "ccomp", span, verb_facts(verb)) == (
        candidate_features(verb, subject, "ccomp", span)
    )
