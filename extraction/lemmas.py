"""spaCy's English rule lemmatizer, with every answer remembered.

A rule lemma is a function of three things: the word's text, its part of speech and its
morphology (``EnglishLemmatizer.rule_lemmatize`` and ``is_base_form`` read nothing else). spaCy
remembers the lemmas its suffix rules build, but not the commoner base forms (a singular noun, a
verb's infinitive), and it walks every token in Python either way. This component asks spaCy's
own lemmatizer once per (text, part of speech, morphology) a process meets and writes the lemmas
of a whole document at once, so the lemmas are the same and the parse costs less.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

NAME = "remembered_lemmatizer"
# The most answers kept: a worker meets new words for as long as it runs, so past this many
# (25 MiB of Python objects) it starts over. PolNeAR dev's 84 articles hold 10,668.
MOST_KNOWN = 100_000
_KEYS = [ORTH, POS, MORPH, LEMMA]


class RememberedLemmatizer:
    """Wraps a loaded rule :class:`~spacy.pipeline.Lemmatizer`; sets only the lemmas that are
    still unset, as spaCy's does (the attribute ruler sets some before it)."""

    def __init__(self, lemmatizer: Lemmatizer):
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise ValueError("only a rule lemmatizer that keeps earlier lemmas can be wrapped")
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_KEYS)
        lemmas = rows[:, 3].copy()
        unset = np.flatnonzero(lemmas == 0)
        if not len(unset):
            return doc
        known, strings = self.known, doc.vocab.strings
        for i, key in zip(unset.tolist(), map(tuple, rows[unset, :3].tolist()), strict=True):
            lemma = known.get(key)
            if lemma is None:
                if len(known) >= MOST_KNOWN:
                    known.clear()
                lemma = known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory(NAME)
def make_remembered_lemmatizer(nlp: Language, name: str) -> RememberedLemmatizer:
    return RememberedLemmatizer(nlp.get_pipe("lemmatizer"))


def remember_lemmas(nlp: Language) -> Language:
    """``nlp`` with its rule lemmatizer replaced by the remembering one, in the same place."""
    nlp.add_pipe(NAME, after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    return nlp
