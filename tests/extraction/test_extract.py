import json
import subprocess
import sys

import pytest

from extraction import ExtractionTimeout, Kind, detect_language, extract
from extraction.engine import paragraph_windows
from tests.conftest import REPO


def by_content(text, attributions):
    return {text[a.start : a.end]: a for a in attributions}


def test_direct_quote_over_two_paragraphs_is_putins(seed_text):
    found = by_content(seed_text, extract(seed_text))
    quote = next(a for c, a in found.items() if c.startswith("“These military exercises, drills"))
    assert quote.kind is Kind.DIRECT
    assert quote.speaker == "Vladimir Putin"
    assert seed_text[quote.mention.start : quote.mention.end] == "Mr Putin"
    assert seed_text[quote.end - 10 : quote.end] == "achieved.”"


def test_pronoun_goes_to_the_latest_speaker_not_the_nearest_name(seed_text):
    found = by_content(seed_text, extract(seed_text))
    quote = next(a for c, a in found.items() if "quite soft talking" in c)
    assert quote.kind is Kind.PARTIAL
    assert quote.speaker == "Alexander Lukashenko"


def test_role_and_title_mentions_resolve_to_the_full_name(seed_text, bbc_seed_text):
    first = by_content(seed_text, extract(seed_text))
    assert (
        first["he was going to invade Ukraine following Western leaders"].speaker
        == "Vladimir Putin"
    )
    second = by_content(bbc_seed_text, extract(bbc_seed_text))
    deploying = next(a for c, a in second.items() if c.startswith("Russia was deploying"))
    assert deploying.speaker == "Jens Stoltenberg"


def test_headline_and_document_sources(bbc_seed_text):
    found = by_content(bbc_seed_text, extract(bbc_seed_text))
    assert found["US ignored Russia's security concerns"].speaker == "Vladimir Putin"
    readout = next(a for c, a in found.items() if c.startswith('"US and Nato responses'))
    assert readout.speaker == "Kremlin" and readout.kind is Kind.DIRECT


def test_generic_sources_are_not_forced_onto_a_person(seed_text):
    found = by_content(seed_text, extract(seed_text))
    flags = next(a for c, a in found.items() if c.startswith("‘false flags’"))
    assert flags.speaker is None
    assert seed_text[flags.mention.start : flags.mention.end] == "Western leaders"


def test_uncued_quote_paragraph_goes_to_the_last_person_who_spoke(seed_text):
    found = by_content(seed_text, extract(seed_text))
    quote = next(a for c, a in found.items() if c.startswith("“We’ve also talked"))
    assert quote.cue is None and quote.speaker == "Vladimir Putin"


def test_an_uncued_quote_paragraph_names_its_source_where_the_paragraph_before_did():
    text = (
        "Walter Pembrook said the bridge would open in May.\n\n"
        "“The city will pay for every repair, and nobody else will be asked to pay for it.”\n\n"
        "The council met on Tuesday.\n\n"
        "“We have never seen a winter like this one, and we are not ready for another.”"
    )
    found = extract(text, mode="fast")
    quotes = [a for a in found if a.cue is None]
    assert [a.speaker for a in quotes] == ["Walter Pembrook", "Walter Pembrook"]
    # the paragraph before names him; two paragraphs back is too far to show as the source
    assert text[quotes[0].mention.start : quotes[0].mention.end] == "Walter Pembrook"
    assert quotes[1].mention is None


def test_an_uncued_quote_never_takes_its_source_from_inside_what_someone_else_said():
    text = (
        "Anna Kowalski said Walter Pembrook had promised that he would resign by May.\n\n"
        "“He will not keep his word, and everyone in this town knows it by now.”"
    )
    found = extract(text, mode="fast")
    (quote,) = [a for a in found if a.cue is None]
    contents = [c for a in found if a is not quote for c in a.content]
    assert quote.mention is None or not any(quote.mention.overlaps(c) for c in contents)


@pytest.mark.parametrize(
    "text, cue",
    [
        # someone unnamed asked him: the question is not his statement
        ("Asked about the bridge on Monday, Walter Pembrook said it would open in May.", "Asked"),
        # the writer's impression of him, not something he said
        ("Walter Pembrook seemed to be losing patience with the council.", "seemed"),
    ],
)
def test_a_subject_that_is_not_the_one_speaking_is_no_source(text, cue):
    found = extract(text, mode="fast")
    (impression,) = [a for a in found if text[a.cue.start : a.cue.end] == cue]
    assert impression.mention is None and impression.speaker is None
    assert all(a.speaker == "Walter Pembrook" for a in found if a is not impression)


def test_a_participle_of_saying_after_a_reported_clause_is_the_reporters_second_statement():
    # the parser hangs "arguing" inside the reported clause, whose subject is "he"
    text = (
        "Senator Walter Pembrook said he didn't believe those attacks hurt the party in 2012, "
        "arguing that divisions in the caucus were a bigger hurdle."
    )
    found = extract(text, mode="fast")
    first, second = sorted(found, key=lambda a: a.content[0].start)
    assert text[first.content[-1].start : first.content[-1].end] == (
        "he didn't believe those attacks hurt the party in 2012"
    )
    assert text[second.cue.start : second.cue.end] == "arguing"
    assert text[second.mention.start : second.mention.end] == "Senator Walter Pembrook"
    assert second.speaker == "Walter Pembrook"


def test_a_manner_of_speaking_after_a_reported_clause_is_what_its_subject_did():
    text = "Police said the suspect ran into the crowd, shouting that he had a bomb."
    (shouted,) = [
        a
        for a in extract(text, mode="fast")
        if a.cue and "shouting" in text[a.cue.start : a.cue.end]
    ]
    assert text[shouted.mention.start : shouted.mention.end] == "the suspect"


def test_scare_quotes_after_a_partial_quotation_are_the_writers():
    text = (
        "Inflation was “transitory,” Walter Pembrook said. The word “transitory” has since "
        "become a punchline."
    )
    (found,) = extract(text, mode="fast")
    assert [text[c.start : c.end] for c in found.content] == ["Inflation was “transitory,”"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "“Unbalanced quote, he said.\n” and ‘ stray marks “ everywhere",
        "Control\x00characters\x07 and <script>alert('x')</script> markup, she said.",
        '"' * 500,
    ],
)
def test_bad_input_never_raises(text):
    for a in extract(text):
        assert 0 <= a.start < a.end <= len(text)


def test_long_text_is_parsed_in_windows_with_true_offsets(monkeypatch):
    monkeypatch.setattr("extraction.engine.WINDOW_CHARS", 2000)
    paragraph = "The minister said the plan was ready.\n"
    text = paragraph * 200  # 7,600 characters: four windows, cut at paragraph ends
    windows = list(paragraph_windows(text, 2000))
    assert len(windows) == 4 and "".join(w for _, w in windows) == text
    assert all(w.endswith("\n") for _, w in windows)
    found = extract(text)
    assert len(found) == 200
    assert all(text[a.start : a.end] == "the plan was ready" for a in found)


def test_non_english_text_gives_no_attributions():
    german = "Der Minister sagte am Montag, die Regierung werde keine neuen Schulden machen."
    assert extract(german) == []


def test_language_detection():
    assert detect_language("The minister said that the plan was ready and it would work.") == "en"
    assert (
        detect_language("Der Minister sagte, dass der Plan fertig sei und funktionieren werde.")
        == "und"
    )
    assert detect_language("Hi") == ""


def test_command_line_predict_and_evaluate(tmp_path):
    gold = REPO / "tests" / "fixtures" / "seeds_gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    run = [sys.executable, "-m", "extraction"]
    subprocess.run([*run, "predict", str(gold), "-o", str(pred)], check=True, cwd=REPO)
    lines = [json.loads(line) for line in pred.read_text().splitlines()]
    assert {line["id"] for line in lines} == {"000_e22fc656f51a6888", "004_7927713eab849ea4"}
    out = subprocess.run(
        [*run, "evaluate", str(gold)], check=True, cwd=REPO, capture_output=True, text=True
    )
    metrics = json.loads(out.stdout)
    assert metrics["n_gold"] == 29
    assert metrics["content_partial"]["F1"] >= 0.9
    assert metrics["speaker_acc"] >= 0.9
    forms = metrics["by_form"]
    assert sum(forms[f]["n_gold"] for f in ("quotation", "clause", "phrase")) == 29
    assert forms["statements"]["n_gold"] == forms["quotation"]["n_gold"] + forms["clause"]["n_gold"]


def test_a_time_limit_stops_a_long_extraction(monkeypatch):
    monkeypatch.setattr("extraction.engine.WINDOW_CHARS", 2000)
    text = "The minister said the plan was ready.\n" * 200
    with pytest.raises(ExtractionTimeout, match="time limit of 0 s"):
        extract(text, time_limit=0)
    assert len(extract(text, time_limit=600)) == 200


def test_a_quotation_signed_with_a_dash_is_its_signers():
    text = (
        "“The new bridge has made my commute twenty minutes shorter every day.” ― Julie Marsh, "
        "34, Tucson\n\n“Nobody asked the people who live under it what they thought of it.”\n"
        "— Oscar Whitfield"
    )
    found = extract(text, mode="fast")
    assert [(a.speaker, a.rule) for a in found] == [
        ("Julie Marsh", "signed-quote"),
        ("Oscar Whitfield", "signed-quote"),
    ]
    assert all(text[a.cue.start : a.cue.end] in "―—" for a in found)


def test_transcript_turns_are_their_labelled_speakers():
    text = (
        "Radio host Dana Orwell interviewed Mayor Walter Pembrook on Sunday.\n\n"
        '"ORWELL: Will the bridge reopen before the winter, Mayor?\n\n'
        '"PEMBROOK: Well, look, the repairs will be finished by the end of November."\n\n'
        "CLARIFICATION: An earlier version of this article misstated the date."
    )
    found = by_content(text, extract(text))
    assert found["Will the bridge reopen before the winter, Mayor?"].speaker == "Dana Orwell"
    turn = found["Well, look, the repairs will be finished by the end of November"]
    assert turn.speaker == "Walter Pembrook"
    assert turn.kind is Kind.DIRECT
    assert not any(c.startswith("An earlier version") for c in found)


def test_the_source_after_a_dateline_is_the_person_not_the_city():
    text = (
        "The bridge is open.\n\n"
        "SPRINGFIELD -- Mayor Walter Pembrook, opening the bridge on Saturday, said it would "
        "carry ten thousand cars a day."
    )
    (found,) = extract(text)
    assert text[found.mention.start : found.mention.end] == "Mayor Walter Pembrook"
    assert found.speaker == "Walter Pembrook"


def test_a_quotation_ending_the_paragraph_before_is_not_the_next_subjects():
    text = (
        "Walter Pembrook spoke to reporters on Monday.\n\n"
        "“This is a different time,” he said. “I am sure the city will pay for the repairs.”\n\n"
        "The Acme Corporation did not immediately respond to requests for comment."
    )
    found = extract(text, mode="fast")
    assert [a.speaker for a in found] == ["Walter Pembrook"]
    # "“A,” he said. “B.”": both parts are one statement of his
    assert [text[c.start : c.end] for c in found[0].content] == [
        "“This is a different time,”",
        "“I am sure the city will pay for the repairs.”",
    ]


@pytest.mark.parametrize("mark", ['"', "''"])
def test_a_name_inside_a_quotation_does_not_take_the_speakers_pronoun(mark):
    text = (
        "Walter Pembrook spoke to reporters on Monday.\n\n"
        f"Pembrook said the council was wrong. {mark}I met Tom Reyes yesterday and Reyes "
        f"agreed with me,{mark} he said.\n\nHe added that the bridge would open in May."
    )
    found = extract(text, mode="fast")
    assert [a.speaker for a in found] == ["Walter Pembrook"] * 3


@pytest.mark.parametrize(
    "sentence, pieces",
    [
        (
            "The new bridge is expected to open to traffic in May.",
            ["The new bridge", "to open to traffic in May"],
        ),
        (
            "The birth of the mayor's second child is expected to coincide with the vote.",
            ["The birth of the mayor's second child", "to coincide with the vote"],
        ),
        (
            "Walter Pembrook appeared to dismiss the council's report.",
            ["Walter Pembrook", "to dismiss the council's report"],
        ),
    ],
)
def test_an_impression_or_an_expectation_is_its_subject_and_its_complement(sentence, pieces):
    # no one is named as holding it: no source; the verb stands between the two pieces
    text = "Walter Pembrook spoke to reporters on Monday.\n\n" + sentence
    found = [a for a in extract(text, mode="fast") if a.cue and a.cue.start > 48]
    assert [[text[c.start : c.end] for c in a.content] for a in found] == [pieces]
    assert found[0].mention is None and found[0].speaker is None


RESUMED = [
    (
        "The council achieved “far too little this year,” Pembrook said. “The bridge is still "
        "closed and nobody has paid for the repairs.”",
        [
            "The council achieved “far too little this year,”",
            "“The bridge is still closed and nobody has paid for the repairs.”",
        ],
        Kind.PARTIAL,
    ),
    (
        # newspaper archives write a double quotation mark as two apostrophes
        "''The business community would be up in arms over this, but I have not heard a "
        "peep,'' said Mr. Pembrook. ''The focus on personalities has driven it off the radar.''",
        [
            "''The business community would be up in arms over this, but I have not heard a "
            "peep,''",
            "''The focus on personalities has driven it off the radar.''",
        ],
        Kind.DIRECT,
    ),
]


@pytest.mark.parametrize("mode", ["fast", "accurate"])
@pytest.mark.parametrize("paragraph, pieces, kind", RESUMED)
def test_a_quotation_resuming_after_its_source_is_the_same_statement(mode, paragraph, pieces, kind):
    # after a partial quotation and its cue, or a full one in archives' marks
    text = "Walter Pembrook spoke to reporters on Monday.\n\n" + paragraph
    found = [a for a in extract(text, mode=mode) if a.speaker == "Walter Pembrook"]
    assert [[text[c.start : c.end] for c in a.content] for a in found] == [pieces]
    assert found[0].kind is kind


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Walter Pembrook called the mayor a coward in an interview with the Gazette.",
            "the mayor a coward",
        ),
        ("Walter Pembrook cited the figure at a rally in Ohio.", "the figure"),
    ],
)
def test_where_something_was_said_is_not_what_was_said(text, content):
    (found,) = extract(text, mode="fast")
    assert text[found.content[0].start : found.content[-1].end] == content
    assert found.speaker == "Walter Pembrook"


@pytest.mark.parametrize(
    "text, content",
    [
        ("Walter Pembrook described the mayor as a coward.", "the mayor as a coward"),
        # "as" says something of the object even before a noun that names an occasion
        ("Walter Pembrook described the attack as a call to arms.", "the attack as a call to arms"),
        (
            "Walter Pembrook praised the mayor for her handling of the floods.",
            "the mayor for her handling of the floods",
        ),
        ("Walter Pembrook asked voters to reject the measure.", "voters to reject the measure"),
        # the person told is not what was said
        ("Walter Pembrook told reporters about the plan.", "the plan"),
    ],
)
def test_what_is_said_of_an_object_takes_the_object(text, content):
    (found,) = extract(text, mode="fast")
    assert text[found.content[0].start : found.content[-1].end] == content


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Walter Pembrook said the bridge would open in May, and that the city would pay "
            "for every repair.",
            "the bridge would open in May, and that the city would pay for every repair",
        ),
        (
            "Walter Pembrook said the bridge would open in May, although repairs could take "
            "longer.",
            "the bridge would open in May, although repairs could take longer",
        ),
    ],
)
def test_a_clause_joined_after_a_comma_is_part_of_what_was_said(text, content):
    (found,) = extract(text, mode="fast")
    assert text[found.content[0].start : found.content[-1].end] == content


def test_a_verb_followed_by_a_colon_and_a_quotation_reports_speech():
    text = (
        "Walter Pembrook spoke to reporters on Monday.\n\n"
        "Pembrook continued: “The bridge will open in May, and the city will pay for every "
        "repair.”"
    )
    (found,) = extract(text, mode="fast")
    assert found.speaker == "Walter Pembrook"
    assert text[found.cue.start : found.cue.end] == "continued"
    assert text[found.content[0].start : found.content[0].end].startswith("“The bridge")


def test_the_extractor_and_its_tests_run_without_django():
    # Django made unimportable: the library, its evaluation tools and the tests' shared
    # fixtures load all the same (so `pytest tests/extraction -p no:django` runs)
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import extraction, extraction.evaluation.agreement, extraction.evaluation.pathological\n"
        "import tests.conftest\n"
        "found = extraction.extract('Mayor Walter Pembrook said the bridge would open in May.')\n"
        "print(found[0].speaker)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "Walter Pembrook"


def test_the_object_before_a_participle_of_saying_is_not_its_subject():
    # "reporters" hangs on "briefed" as "saying" does: the one saying is the mayor
    text = "Mayor Ruth Okafor briefed reporters saying the bridge would open in May."
    found = extract(text, mode="fast")
    assert [(a.speaker, text[a.mention.start : a.mention.end]) for a in found] == [
        ("Ruth Okafor", "Mayor Ruth Okafor")
    ]


@pytest.mark.parametrize("mark", ['"', "''"])
def test_a_quoted_transcript_turn_is_its_labelled_speakers(mark):
    text = (
        f"{mark}PENCE: Well, look, the senator is wrong about the tax plan and he knows it.{mark}"
    )
    (found,) = extract(text, mode="fast")
    assert found.rule == "transcript-label"
    assert text[found.mention.start : found.mention.end] == "PENCE"


def test_a_quotation_in_one_piece_of_an_expectation_makes_it_partial():
    text = (
        'The new bridge is expected "to open to traffic in May." '
        '"The mayor" appeared to dismiss the report. "It is a farce and nobody believes it."'
    )
    found = [a for a in extract(text, mode="fast") if a.rule == "cue-verb"]
    assert [(a.kind, [text[c.start : c.end] for c in a.content]) for a in found] == [
        (Kind.PARTIAL, ["The new bridge", '"to open to traffic in May."']),
        # the next quotation is not joined to it: the cue stands between its pieces
        (Kind.PARTIAL, ['"The mayor"', "to dismiss the report"]),
    ]


def test_a_that_the_parser_took_for_a_relative_pronoun_subject_stays_in_the_content():
    text = (
        "Walter Pembrook spoke to reporters on Monday.\n\n"
        "Pembrook warned that could happen next year."
    )
    found = [a for a in extract(text, mode="fast") if a.speaker == "Walter Pembrook"]
    assert [[text[c.start : c.end] for c in a.content] for a in found] == [
        ["that could happen next year"]
    ]
