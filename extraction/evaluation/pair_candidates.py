"""Candidate pairs of PolNeAR statements for the statement-groups evaluation set (issue 13).

A statement group gathers the reports, in different articles, of one statement by one speaker.
To measure the grouping, ``tests/fixtures/statement_pairs.jsonl`` holds pairs of PolNeAR
attributions labelled by hand as the same statement or not. This script proposes the pairs to
read: two attributions in different articles published at most 14 days apart whose sources
plausibly name the same person, in three strata drawn with a fixed seed:

- ``high``: Jaccard overlap of the two contents' content-word sets of at least ``HIGH``;
- ``medium``: overlap in [``MEDIUM``, ``HIGH``);
- ``random``: any same-speaker pair, whatever its overlap.

The speaker is guessed crudely, on purpose (the labeller checks it): the canonical label of
``polnear_dev_speakers.jsonl`` where there is one, else the surname that ends the source span
("Donald Trump", "Mr. Trump", "Sen. Ted Cruz (R-Texas)"), else a few fixed descriptions ("the
Republican nominee"), else, for a pronoun or "the candidate", the nearest named source before
it in the article when that name is in the article's title (the article is about that person).
Two sources that give different first names ("Bill Clinton", "Hillary Clinton") never match.

Usage, from the repository root. The script itself needs only the standard library; the ``-m``
form imports the ``extraction`` package (and so spaCy), so it runs in the project's virtualenv:

    python3 extraction/evaluation/pair_candidates.py ../shared/polnear/ > candidates.jsonl
    .venv/bin/python -m extraction.evaluation.pair_candidates ../shared/polnear/ > candidates.jsonl

Without PolNeAR at the path given it prints a message and exits with status 0.

One JSON line per candidate: article and attribution ids, stratum, overlap, days apart and the
speaker key. No article text is printed.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

SEED = 13
MAX_DAYS = 14  # the grouping's window (extraction.grouping.WINDOW_DAYS), not imported
HIGH = 0.3
MEDIUM = 0.12
MIN_WORDS = 4  # content words on each side; shorter contents say too little to compare
PER_STRATUM = {"high": 200, "medium": 120, "random": 120}
PER_ARTICLE_PAIR = 3  # at most this many candidates from one pair of articles in a stratum
SPLITS = ("train", "dev")

STOPWORDS = set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just let me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own said same say says she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves going get got one two us told tell like well much many""".split()
)
TITLES = set(
    """mr mrs ms dr sen senator rep representative gov governor president vice former
    gen general secretary attorney judge justice rev speaker leader chairman chairwoman
    candidate nominee sir lord mayor""".split()
)
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "the candidate", "the nominee"}
DESCRIPTIONS = {
    "the republican nominee": "trump",
    "the gop nominee": "trump",
    "the republican presidential nominee": "trump",
    "the billionaire": "trump",
    "the real estate mogul": "trump",
    "the businessman": "trump",
    "the democratic nominee": "clinton",
    "the democratic presidential nominee": "clinton",
    "the former secretary of state": "clinton",
    "the president": "obama",
    "the vermont senator": "sanders",
}
NOT_NAMES = set(
    """they we it i you who which that this some many others officials democrats republicans
    americans voters critics people experts analysts sources aides supporters polls
    conservatives liberals monday tuesday wednesday thursday friday saturday sunday department
    press report service house news times post york committee campaign administration office
    court agency party poll network group council university institute foundation""".split()
)
NAME = re.compile(r"[A-Z][\w.'’-]*")
WORD = re.compile(r"[a-z][a-z'’]+")


def word_set(text: str) -> frozenset[str]:
    """The lowercased words of ``text`` that are not stop words."""
    words = (w.replace("’", "'").removesuffix("'s") for w in WORD.findall(text.lower()))
    return frozenset(w for w in words if w not in STOPWORDS and len(w) > 2)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Size of the intersection over the size of the union."""
    return len(a & b) / len(a | b) if a or b else 0.0


def name_of(source: str) -> tuple[str, str] | None:
    """(surname, first name or "") when the source span ends in a person-like name."""
    source = re.sub(r"\s*\([^)]*\)\s*$", "", source.strip()).removesuffix("'s").removesuffix("’s")
    tokens = source.split()
    run: list[str] = []
    for token in reversed(tokens):
        if not NAME.fullmatch(token) or token.rstrip(".").lower() in TITLES:
            break
        run.insert(0, token)
    if not run or len(run) > 4:
        return None
    surname = run[-1].rstrip(".,").lower()
    first = run[0].rstrip(".").lower() if len(run) > 1 and len(run[0]) > 2 else ""
    if len(surname) < 3 or surname in NOT_NAMES:
        return None
    return surname, first


def speakers(
    article: dict[str, Any], title: str, canonical: dict[tuple[str, str], str | None]
) -> dict[str, tuple[str, str]]:
    """Attribution id -> (surname key, first name) for the attributions with a guessed speaker."""
    title_words = {w.lower().removesuffix("'s").removesuffix("’s") for w in title.split()}
    found: dict[str, tuple[str, str]] = {}
    last_named: tuple[str, str] | None = None
    ordered = sorted(article["attributions"], key=lambda a: a["source"][0][0] if a["source"] else 0)
    for attribution in ordered:
        if not attribution["source"]:
            continue
        source = " ".join(piece[2] for piece in attribution["source"])
        key = (article["id"], attribution["id"])
        if key in canonical:
            name = canonical[key]
            guess = (name.split()[-1].lower(), name.split()[0].lower()) if name else None
        elif source.lower() in DESCRIPTIONS:
            guess = (DESCRIPTIONS[source.lower()], "")
        elif source.lower() in PRONOUNS:
            guess = last_named if last_named and last_named[0] in title_words else None
        else:
            guess = name_of(source)
            if guess:
                last_named = guess
        if guess:
            found[attribution["id"]] = guess
    return found


def load(root: Path) -> list[dict[str, Any]]:
    """The statements of the train and dev splits with a guessed speaker and enough words."""
    meta = {
        row["filename"]: row
        for row in csv.DictReader((root / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")
    }
    canonical: dict[tuple[str, str], str | None] = {}
    labels = root / "polnear_dev_speakers.jsonl"
    if labels.exists():
        for line in labels.open(encoding="utf-8"):
            row = json.loads(line)
            name = row["canonical"] if row["kind"] == "person" else None
            canonical[(row["article"], row["attribution"])] = name
    statements = []
    for split in SPLITS:
        for line in (root / f"polnear_{split}.jsonl").open(encoding="utf-8"):
            article = json.loads(line)
            row = meta[article["id"]]
            for attribution_id, (surname, first) in speakers(
                article, row["title"], canonical
            ).items():
                attribution = next(a for a in article["attributions"] if a["id"] == attribution_id)
                words = word_set(" ".join(piece[2] for piece in attribution["content"]))
                if len(words) >= MIN_WORDS:
                    statements.append(
                        {
                            "split": split,
                            "article": article["id"],
                            "attribution": attribution_id,
                            "surname": surname,
                            "first": first,
                            "words": words,
                            "date": date.fromisoformat(row["publication_date"]),
                        }
                    )
    return statements


def pairs(statements: list[dict[str, Any]]) -> list[tuple[float, dict, dict]]:
    """Every pair with the same surname key, different articles, compatible first names and
    dates at most ``MAX_DAYS`` apart, with its overlap."""
    by_surname: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for statement in statements:
        by_surname[statement["surname"]].append(statement)
    found = []
    for group in by_surname.values():
        for a, b in combinations(group, 2):
            if a["article"] == b["article"] or abs((a["date"] - b["date"]).days) > MAX_DAYS:
                continue
            if a["first"] and b["first"] and a["first"] != b["first"]:
                continue
            found.append((jaccard(a["words"], b["words"]), a, b))
    return found


def draw(found: list[tuple[float, dict, dict]], rng: random.Random) -> list[dict[str, Any]]:
    """Up to ``PER_STRATUM`` candidates of each stratum, no pair drawn twice."""
    strata = {
        "high": [p for p in found if p[0] >= HIGH],
        "medium": [p for p in found if MEDIUM <= p[0] < HIGH],
        "random": found,
    }
    taken: set[tuple[str, str, str, str]] = set()
    out = []
    for stratum, pool in strata.items():
        pool = sorted(
            pool,
            key=lambda p: (
                p[1]["article"],
                p[1]["attribution"],
                p[2]["article"],
                p[2]["attribution"],
            ),
        )
        rng.shuffle(pool)
        per_articles: dict[tuple[str, str], int] = defaultdict(int)
        count = 0
        for overlap, a, b in pool:
            ids = (a["article"], a["attribution"], b["article"], b["attribution"])
            articles = (a["article"], b["article"])
            if ids in taken or per_articles[articles] >= PER_ARTICLE_PAIR:
                continue
            taken.add(ids)
            per_articles[articles] += 1
            out.append(
                {
                    "a": {k: a[k] for k in ("split", "article", "attribution")},
                    "b": {k: b[k] for k in ("split", "article", "attribution")},
                    "speaker_key": a["surname"],
                    "stratum": stratum,
                    "overlap": round(overlap, 3),
                    "days": abs((a["date"] - b["date"]).days),
                }
            )
            count += 1
            if count == PER_STRATUM[stratum]:
                break
    return out


def main(argv: list[str]) -> int:
    """Print the candidates for the PolNeAR directory given (or ../shared/polnear/)."""
    root = Path(argv[1] if len(argv) > 1 else "../shared/polnear/")
    if not (root / "polnear_train.jsonl").exists() or not (root / "metadata.tsv").exists():
        print(f"PolNeAR not found in {root}: nothing to do.", file=sys.stderr)
        return 0
    found = pairs(load(root))
    for candidate in draw(found, random.Random(SEED)):
        print(json.dumps(candidate))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
