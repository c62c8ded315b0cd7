"""A statement's cue keeps the words that turn it around: a denial or a negated verb is never
shown as a plain "said" (issue 16, point 9)."""

import pytest

from extraction import extract


def cues(text: str) -> list[tuple[str, str]]:
    return [
        (text[a.cue.start : a.cue.end], text[a.content[0].start : a.content[0].end])
        for a in extract(text, mode="fast")
        if a.cue is not None
    ]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Mr Putin did not say that Russia would invade Ukraine.", "did not say"),
        ("Mr Putin has never said that the drills were offensive.", "has never said"),
        ("The minister didn't confirm that the plan was ready.", "didn't confirm"),
        ("Mr Putin denied that Russia was going to invade Ukraine.", "denied"),
        ("Mr Stoltenberg said Russia was deploying troops.", "said"),
        ("Mr Stoltenberg has said Russia was deploying troops.", "said"),
    ],
)
def test_the_cue_carries_its_negation(text, cue):
    assert [c for c, _ in cues(text)] == [cue]


def test_the_negation_never_swallows_the_source_or_the_content():
    text = "Did Mr Putin not say that the drills were defensive?"
    for cue, content in cues(text):
        assert "Putin" not in cue and not set(cue.split()) & set(content.split())
