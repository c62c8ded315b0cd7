"""A database of a million statements for the load benchmark, written with COPY.

Articles are PolNeAR train texts, copied under other outlets and dates until there are enough
sentences; each sentence of 40+ characters becomes a statement with its real offsets. Speakers
follow a Zipf law, as in the news: a few have tens of thousands of statements, most a handful.
Their names are built from the first and last names of the US legislators in ``../shared/kb/``.
A share of statements is verified or rejected, and some are reviewed as claims.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from articles.text import text_clean, text_hash
from extraction.speakers import normalise

SENTENCE = re.compile(r"[^.!?\n]{40,400}[.!?]")
OUTLETS = [
    "Associated Press",
    "Breitbart",
    "CNN",
    "Fox News",
    "New York Times",
    "Politico",
    "Reuters",
    "The Guardian",
    "The Hill",
    "Washington Post",
]
KINDS = ["indirect"] * 5 + ["direct"] * 3 + ["partial"] * 2
VERDICTS = ["unreviewed", "accurate", "mostly_accurate", "mixed", "misleading", "false"]
FIRST_DAY = dt.date(2010, 1, 1)
DAYS = (dt.date(2026, 10, 31) - FIRST_DAY).days
CLAIM_COLUMNS = [
    *("id", "statement", "verdict", "summary", "evidence_links"),
    *("created_at", "updated_at", "speaker_id", "version"),
]
KB = Path(__file__).resolve().parent.parent.parent / "shared" / "kb"


@dataclass
class Sizes:
    quotes: int = 1_000_000
    speakers: int = 40_000
    claims: int = 10_000
    per_article: int = 20  # statements taken from each article copy at most
    zipf: float = 1.07  # the exponent of the speakers' share of statements


def dataset_load(source: Path, sizes: Sizes, *, seed: int = 7, say=print) -> dict[str, int]:
    """Fill the (empty, migrated) current database; returns the number of rows per table."""
    rng = random.Random(seed)
    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    texts = list({text_clean(r["text"]): None for r in records})
    now = timezone.now()
    names = _speaker_names(sizes.speakers, rng)
    weights = list(accumulate(1 / (rank + 1) ** sizes.zipf for rank in range(len(names))))
    with connection.cursor() as cursor:
        _copy(
            cursor,
            "claims_speaker",
            ["id", "name", "slug", "kind", "description", "created_at", "updated_at", "gender"],
            (
                (i + 1, name, f"{slugify(name)}-{i + 1}", "person", "", now, now, "")
                for i, name in enumerate(names)
            ),
        )
        _copy(
            cursor,
            "claims_speakeralias",
            ["id", "name", "normalised", "created_at", "speaker_id"],
            ((i + 1, name, normalise(name) or name, now, i + 1) for i, name in enumerate(names)),
        )
        say(f"  {len(names):,} speakers")
        counts = _articles_and_quotes(cursor, texts, sizes, weights, rng, now)
        say(f"  {counts['articles']:,} articles, {counts['quotes']:,} statements")
        counts["claims"] = _claims(cursor, sizes, rng, now)
        counts["speakers"] = len(names)
        for table in ("claims_speaker", "claims_speakeralias", "articles_article", "claims_quote"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
        for table in ("claims_claim", "claims_claim_quotes"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" greatest(1, (SELECT max(id) FROM {table})))"
            )
    return counts


def _articles_and_quotes(cursor, texts, sizes, weights, rng, now) -> dict[str, int]:
    """Article copies in publication order (ids grow with time, as with a live ingest), each
    with its statements, spoken by two to five speakers drawn by the Zipf weights."""
    sentences = [[m.span() for m in SENTENCE.finditer(text)] for text in texts]
    plan = []  # (text index, copy number, day)
    made, copy = 0, 0
    while made < sizes.quotes:
        for index, spans in enumerate(sentences):
            if made >= sizes.quotes:
                break
            taken = min(len(spans), sizes.per_article, sizes.quotes - made)
            if taken:
                plan.append((index, copy, rng.randrange(DAYS), taken))
                made += taken
        copy += 1
    plan.sort(key=lambda item: item[2])
    article_rows, quote_rows = [], []
    quote_id = 0
    for article_id, (index, copy, day, taken) in enumerate(plan, start=1):
        body = texts[index] + (f"\n\n(Copy {copy}.)" if copy else "")
        published = FIRST_DAY + dt.timedelta(days=day)
        created = timezone.make_aware(dt.datetime.combine(published, dt.time(12)))
        article_rows.append(
            (
                article_id,
                body.split("\n", 1)[0][:200],
                OUTLETS[rng.randrange(len(OUTLETS))],
                f"https://news.example/{article_id}",
                published,
                body,
                body,
                text_hash(body),
                "en",
                "done",
                "",
                "bench",
                created,
                created,
                created,
                "",
                "",
            )
        )
        speakers = [_draw(weights, rng) for _ in range(rng.randint(2, 5))]
        for start, end in rng.sample(sentences[index], taken):
            quote_id += 1
            rejected = rng.random() < 0.01
            quote_rows.append(
                (
                    quote_id,
                    body[start:end],
                    rng.choice(KINDS),
                    start,
                    end,
                    "",
                    "said",
                    round(rng.uniform(0.3, 1.0), 3),
                    "extractor",
                    not rejected and rng.random() < 0.02,
                    rejected,
                    1,
                    created,
                    created,
                    article_id,
                    rng.choice(speakers),
                )
            )
    _copy(
        cursor,
        "articles_article",
        [
            "id",
            "title",
            "outlet",
            "url",
            "published_on",
            "raw_text",
            "body",
            "content_hash",
            "language",
            "status",
            "error",
            "extractor_version",
            "extracted_at",
            "created_at",
            "updated_at",
            "captions",
            "leased_by",
        ],
        article_rows,
    )
    _copy(
        cursor,
        "claims_quote",
        [
            "id",
            "text",
            "kind",
            "content_start",
            "content_end",
            "mention",
            "cue",
            "confidence",
            "origin",
            "verified",
            "rejected",
            "version",
            "created_at",
            "updated_at",
            "article_id",
            "speaker_id",
        ],
        quote_rows,
    )
    return {"articles": len(article_rows), "quotes": len(quote_rows)}


def _claims(cursor, sizes, rng, now) -> int:
    """Claims about statements of the most quoted speakers: each holds one to thirty
    statements of its speaker."""
    cursor.execute(
        "SELECT speaker_id, array_agg(id) FROM claims_quote WHERE NOT rejected"
        " AND speaker_id <= 2000 GROUP BY speaker_id"
    )
    by_speaker = dict(cursor.fetchall())
    speakers = sorted(by_speaker)
    claims, links = [], []
    used: set[int] = set()
    for claim_id in range(1, sizes.claims + 1):
        speaker = speakers[min(int(rng.paretovariate(1.0)) - 1, len(speakers) - 1)]
        pool = by_speaker[speaker]
        quotes = {q for q in rng.sample(pool, min(len(pool), rng.randint(1, 30))) if q not in used}
        if not quotes:
            continue
        used |= quotes
        verdict = rng.choice(VERDICTS)
        claims.append((claim_id, f"Claim {claim_id}", verdict, "", "[]", now, now, speaker, 1))
        links.extend((len(links) + 1, claim_id, quote) for quote in sorted(quotes))
    _copy(
        cursor,
        "claims_claim",
        CLAIM_COLUMNS,
        claims,
    )
    _copy(cursor, "claims_claim_quotes", ["id", "claim_id", "quote_id"], links)
    return len(claims)


def _draw(weights: list[float], rng: random.Random) -> int:
    """A speaker id (1-based rank) drawn by the cumulative ``weights``."""
    return bisect.bisect_left(weights, rng.random() * weights[-1]) + 1


def _speaker_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct names: first and last names of US legislators, combined."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(KB.glob("*.yaml")))
    firsts = sorted(set(re.findall(r"^\s+first: '?([A-Z][a-z]+)'?$", text, re.M)))
    lasts = sorted(set(re.findall(r"^\s+last: '?([A-Z][a-z]+)'?$", text, re.M)))
    if not firsts or not lasts:
        firsts, lasts = ["Alex", "Sam", "Jo"], ["Smith", "Jones", "Brown"]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if len(seen) >= len(firsts) * len(lasts):
            name = f"{name} {len(names)}"
        if normalise(name) not in seen:
            seen.add(normalise(name))
            names.append(name)
    return names


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
