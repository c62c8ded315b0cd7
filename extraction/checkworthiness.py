"""How much a statement is worth checking: a score in [0, 1], highest for checkable factual
claims (figures, comparisons, causes, findings) and lowest for opinion, prediction, promise,
question and procedure.

The score is a logistic regression over a few dozen surface features (regular expressions and
small word lists, in the spirit of ClaimBuster): no parse, so a statement costs under a tenth
of a millisecond. The weights live in ``data/checkworthiness.json``; they are learned from
hand-labelled PolNeAR statements by ``python -m extraction checkworthiness --train`` and
measured by ``python -m extraction checkworthiness``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "checkworthiness.json"


def _words(*phrases: str) -> re.Pattern[str]:
    """A pattern matching any of ``phrases`` as whole words of lower-cased text."""
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


# Each pattern is searched in the lower-cased text; its feature is 1 when it matches.
PRESENCE = {
    "number": re.compile(r"\d"),
    "percent": re.compile(r"%|\bper ?cent|\bpercentage\b"),
    "money": re.compile(r"[$£€]\s?\d|\b(?:dollars?|million|billion|trillion)\b"),
    "year": re.compile(r"\b(?:1[89]|20)\d\d\b"),
    "number_word": _words(
        r"one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?",
        r"half|third|quarter|majority|minority|twice|none|every|single|all|most",
    ),
    "comparative": _words(
        r"more than|less than|fewer|than|higher|lower|larger|smaller|bigger|greater",
        r"compared|doubled?|tripled?|increased?|decreased?|rose|risen|fell|fallen|dropped",
        r"grew|grown|declined?|surged?|lead|leads|leading|trailing|trailed|ahead|behind",
    ),
    "superlative": _words(
        r"highest|lowest|largest|biggest|smallest|fastest|worst|first time|record|only",
        r"ever|never|most|least|first|last",
    ),
    "causal": _words(
        r"because|due to|led to|lead to|leads to|caused?|causing|result(?:ed|s)? in",
        r"as a result|thanks to|blamed?|responsible for|inspired|contributed|helped",
        r"so that|therefore|since|reduced|cost",
    ),
    "statistic": _words(
        r"polls?|polling|survey\w*|data|rates?|average\w*|estimates?d?|analysis|study",
        r"studies|report(?:ed|s)?|records?|statistics?|figures?|respondents|delegates",
        r"votes?|voters|points?|budget|deficits?|debt|tax(?:es)?|jobs|wages?|income",
        r"unemployment|economy|spending|funds?|donations?|percent",
    ),
    "finding": _words(
        r"found|shows?|showed|shown|revealed|according|confirmed|documents?|records",
        r"evidence|investigation|emails?|classified|contradicts?|lawsuits?",
    ),
    "past_fact": _words(r"was|were|had|did|has been|have been|wasn't|weren't|didn't"),
    "opinion": _words(
        r"i think|i believe|i feel|believes?|think|thinks|feel|feels|hope[sd]?|wish",
        r"great|terrible|horrible|wonderful|amazing|disgusting|stupid|incompetent",
        r"unfair|wrong|disaster|disastrous|dangerous|ridiculous|love|hate|proud|sorry",
        r"best|good|bad|worse|unfit|qualified|strong|weak|sad|shame\w*|outrage\w*",
        r"brilliant|smart|crazy|nasty|pathetic|fantastic|incredible|deserves?",
    ),
    "obligation": _words(r"should|must|need to|needs to|ought|have to|has to|got to"),
    "future": _words(
        r"will|would|could|might|may|going to|gonna|plans?|planning|expects?|expected",
        r"promised?|vow\w*|intends?|wants? to|would like|if",
    ),
    "first_person": _words(r"i|i'm|i've|i'd|me|my|we|we're|we've|our|us"),
    "second_person": _words(r"you|you're|your"),
    "procedure": _words(
        r"declined?|comment\w*|statement|announce\w*|meet|meeting|met|hearing|schedul\w*",
        r"conference|spokes\w+|endorse\w*|visit\w*|campaign\w*|interview|attend\w*",
        r"asked|respond\w*|speech|rally|convention|debate",
    ),
    "intensifier": _words(r"very|really|so|totally|absolutely|truly|extremely|just"),
    "question": re.compile(r"\?|^(?:whether|if|how|what|why|who|when)\b"),
    "exclamation": re.compile(r"!"),
    "quoted": re.compile(r"[\"“”]|''"),  # '' as newspaper archives write a double mark
    "verb": _words(
        r"is|are|was|were|be|been|has|have|had|do|does|did|can|will|would|could|may",
        r"might|should|must|[a-z]+ed",
    ),
    "opens_with_that": re.compile(r"^\W*that\b"),
    "opens_with_determiner": re.compile(r"^\W*(?:the|a|an|his|her|their|its|this|these|those)\b"),
}
FEATURES = (*PRESENCE, "capitalised", "length")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def features(text: str) -> list[float]:
    """The feature values of ``text``, in the order of :data:`FEATURES`."""
    lower = text.lower().replace("’", "'")
    values = [1.0 if pattern.search(lower) else 0.0 for pattern in PRESENCE.values()]
    words = WORD.findall(text)
    # Capitalised words past the first: names of people, places, bodies (named-entity-ish).
    names = sum(1 for w in words[1:] if w[0].isupper())
    values.append(min(names / len(words), 0.5) * 2 if words else 0.0)
    values.append(min(math.log1p(len(words)) / math.log1p(60), 1.0))
    return values


@cache
def _model() -> tuple[list[float], float]:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH} was trained on other features; retrain it")
    return model["weights"], model["bias"]


def checkworthiness(text: str) -> float:
    """How much ``text`` (a statement's content) is worth checking, in [0, 1].

    Deterministic and cheap (no parse). Empty or word-less text scores 0.
    """
    if not WORD.search(text):
        return 0.0
    weights, bias = _model()
    z = bias + sum(w * x for w, x in zip(weights, features(text), strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def checkworthiness_many(texts: Iterable[str]) -> list[float]:
    """:func:`checkworthiness` of each text, in order."""
    return [checkworthiness(text) for text in texts]
