"""Human agreement: PolNeAR's twice-annotated articles scored annotator against annotator."""

import json
import subprocess
import sys

from extraction.evaluation.agreement import agreement, read_ann, statement_type, twice_annotated
from tests.conftest import REPO

TEXT = (
    "Walter Pembrook said the bridge would open in May. "
    "“It will carry ten thousand cars a day,” he added.\n"
)
# the first annotator takes "the bridge would open in May"; the second starts the content
# at "bridge" (a boundary the two disagree on) and both take the quotation
FIRST = (
    "T1\tSource 0 15\tWalter Pembrook\n"
    "T2\tCue 16 20\tsaid\n"
    "T3\tContent 21 49\tthe bridge would open in May\n"
    "T4\tAttribution 16 20\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 51 69;70 91\t“It will carry ten thousand cars a day,”\n"
    "T6\tCue 95 100\tadded\n"
    "T7\tSource 92 94\the\n"
    "T8\tAttribution 95 100\tadded\n"
    "E2\tAttribution:T8 Content:T5 Cue:T6 Source:T7\n"
    "T9\tDiscuss 0 6\tWalter\n"
)
SECOND = FIRST.replace("T3\tContent 21 49", "T3\tContent 25 49")


def brat(tmp_path, second=SECOND):
    for split in ("train", "dev"):
        (tmp_path / split / "text").mkdir(parents=True)
        (tmp_path / split / "attributions").mkdir(parents=True)
    (tmp_path / "dev" / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a1_ann1.ann").write_text(FIRST, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a1_ann2.ann").write_text(second, encoding="utf-8")
    # annotated once: not part of the agreement
    (tmp_path / "dev" / "text" / "a2.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a2_ann1.ann").write_text(FIRST, encoding="utf-8")
    return tmp_path


def test_statement_types_follow_the_quotation_marks():
    assert statement_type(TEXT, [[21, 49]]) == "indirect"
    assert statement_type(TEXT, [[51, 91]]) == "direct"
    assert statement_type("he called it “a farce” today", [[13, 28]]) == "mixed"


def test_brat_attributions_keep_discontinuous_pieces_and_skip_other_events(tmp_path):
    root = brat(tmp_path)
    found = read_ann(root / "dev" / "attributions" / "a1_ann1.ann", TEXT)
    assert [(a["id"], a["content"], a["type"]) for a in found] == [
        ("E1", [[21, 49]], "indirect"),
        ("E2", [[51, 69], [70, 91]], "direct"),
    ]
    assert found[1]["source"] == [[92, 94]]
    assert [a.article for a in twice_annotated(root)] == ["a1"]


def test_the_second_annotator_is_scored_against_the_first(tmp_path):
    result = agreement(brat(tmp_path), mode="fast")
    assert result["articles"] == {"dev": 1, "all": 1}
    human = result["human"]["dev"]
    # one of two contents matches exactly; both overlap enough for a partial match
    assert (human["content_exact"], human["content_partial"]) == (0.5, 1.0)
    assert set(result["extractor"]["dev"]) == {"against the first", "against the second"}
    # two annotators who agree agree fully
    # by the form of the contents: the annotators differ on the reported clause's boundary
    forms = human["by_form"]
    assert forms["quotation"] == {"content_exact": 1.0, "content_partial": 1.0, "n_gold": 1}
    assert forms["clause"] == {"content_exact": 0.0, "content_partial": 1.0, "n_gold": 1}
    assert forms["statements"]["n_gold"] == 2
    same = agreement(brat(tmp_path / "same", second=FIRST), mode="fast")["human"]["dev"]
    assert (same["content_exact"], same["content_partial"], same["e2e"]) == (1.0, 1.0, 1.0)


def test_agreement_on_the_command_line(tmp_path):
    root = brat(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "extraction", "agreement", str(root), "--mode", "fast"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout)["human"]["all"]["content_partial"] == 1.0
