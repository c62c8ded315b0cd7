"""The rules of statement groups (issue 13): which quoted words differ, and when."""

import datetime as dt

import numpy as np

from extraction.grouping import (
    WINDOW_DAYS,
    Report,
    content_words,
    misquote,
    quoted_words,
    same_statement,
    shared_runs,
)


def test_quoted_words_are_the_words_inside_quotation_marks():
    text = "The minister said: “These drills are purely DEFENSIVE,” and left."
    assert quoted_words(text) == ["these", "drills", "are", "purely", "defensive"]
    assert quoted_words('He called it "fake" and said "we will never, ever give in"') == [
        "we",
        "will",
        "never",
        "ever",
        "give",
        "in",
    ]  # one word in quotation marks is a scare quote, not a quotation
    assert quoted_words("These drills are purely defensive") == []
    # two apostrophes, as newspaper archives write a double mark
    assert quoted_words("He called the plan ''a total farce, frankly'' on Monday") == [
        "a",
        "total",
        "farce",
        "frankly",
    ]
    assert quoted_words("These drills are purely defensive", direct=True) == [
        "these",
        "drills",
        "are",
        "purely",
        "defensive",
    ]


def test_one_word_changed_inside_the_quotation_is_a_misquote():
    found = misquote(
        quoted_words("“These drills are purely defensive”"),
        quoted_words("“These drills are entirely defensive”"),
    )
    assert found is not None
    assert [(c.before, c.after) for c in found.changes] == [(("purely",), ("entirely",))]


def test_punctuation_case_partial_quotes_and_omissions_are_not_misquotes():
    full = quoted_words("“These drills, I repeat, are purely defensive.”")
    assert misquote(full, quoted_words("“these drills I repeat are purely defensive”")) is None
    assert misquote(full, quoted_words("“are purely defensive”")) is None  # a part of it
    assert misquote(full, quoted_words("“These drills … are purely defensive”")) is None
    # different parts of one speech quoted by two outlets: not the same words
    assert misquote(full, quoted_words("“We will talk to our neighbours about it”")) is None


def test_words_added_inside_the_quotation_are_a_misquote():
    found = misquote(
        quoted_words("“These drills are defensive”"),
        quoted_words("“These drills are not defensive”"),
    )
    assert found is not None and found.changes[0].after == ("not",)


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_same_statement_needs_close_vectors_within_the_window():
    day = dt.date(2024, 3, 1)
    a = Report(unit(1, 0, 0), (), day)
    close = Report(unit(1, 0.1, 0), (), day + dt.timedelta(days=WINDOW_DAYS))
    far_in_time = Report(unit(1, 0.1, 0), (), day + dt.timedelta(days=WINDOW_DAYS + 1))
    other = Report(unit(0, 1, 0), (), day)
    assert same_statement(a, close)
    assert not same_statement(a, far_in_time)
    assert not same_statement(a, other)
    assert same_statement(a, Report(unit(1, 0.1, 0), (), None))  # an undated article


def test_less_close_vectors_need_shared_runs_of_words():
    words = content_words("The drills are purely defensive and threaten no one")
    assert words == ("drills", "purely", "defensive", "threaten", "one")
    paraphrase = content_words("the drills were purely defensive, officials said")
    assert shared_runs(words, paraphrase) == 1 / 2
    a = Report(unit(1, 0, 0), words)
    somewhat_close = unit(1, 1.2, 0)  # cosine 0.64
    assert same_statement(a, Report(somewhat_close, paraphrase))
    assert not same_statement(a, Report(somewhat_close, content_words("we cut taxes today")))
