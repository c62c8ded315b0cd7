"""python manage.py bench_api [JSONL] : API latency at 100,000 quotes against the same SQL run
directly on PostgreSQL, side by side in one run."""

import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.text import text_clean, text_hash
from benchmarks.database import bench_database
from claims.models import Quote, Speaker, SpeakerAlias
from extraction.speakers import normalise

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "polnear" / "polnear_train.jsonl"
SENTENCE = re.compile(r"[^.!?\n]{40,400}[.!?]")
NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]{2,})\b")
OUTLETS = ["Breitbart", "New York Times", "Politico", "Reuters", "Fox News", "The Guardian"]
KINDS = [Quote.Kind.DIRECT, Quote.Kind.PARTIAL, Quote.Kind.INDIRECT]


class Command(BaseCommand):
    help = (
        "Load 100,000 quotes generated from PolNeAR train articles into a PostgreSQL database"
        " of its own, then print median and p95 latency of API requests against their SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--quotes", type=int, default=100_000)
        parser.add_argument("--rounds", type=int, default=60)
        parser.add_argument(
            "--profile",
            default="",
            help="also profile one URL with cProfile ({slug}: the most quoted speaker's slug)",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the benchmark database for the next run, and reuse it if it is there",
        )

    def handle(self, *args, source, quotes, rounds, **options):
        if not source.is_file():
            raise CommandError(f"{source} not found (PolNeAR train is read from ../shared/).")
        records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
        records = list({text_clean(r["text"]): r for r in records}.values())  # one duplicate
        with bench_database("_bench_api", keep=options["keep"]) as reused:
            started = time.perf_counter()
            if not reused:
                self._load(records, quotes)
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"{'reused' if reused else 'loaded'} {Quote.objects.count():,} quotes,"
                f" {Article.objects.count():,} articles, {Speaker.objects.count():,} speakers"
                f" in {time.perf_counter() - started:.0f} s"
            )
            self._measure(rounds)
            if options["profile"]:
                self._profile(options["profile"].replace("{slug}", _most_quoted()))

    def _load(self, records: list[dict], wanted: int) -> None:
        """Articles are PolNeAR train texts (copied under other outlets and dates until there
        are enough sentences); each sentence of 40+ characters becomes a quote, attributed to
        a name the article mentions."""
        rng = random.Random(7)
        speakers: dict[str, Speaker] = {}
        made = 0
        copy = 0
        while made < wanted:
            articles, pending = [], []
            for record in records:
                body = text_clean(record["text"]) + (f"\n\n(Copy {copy}.)" if copy else "")
                day = _date(record["id"]) + dt.timedelta(days=copy * 37)
                articles.append(
                    Article(
                        title=body.split("\n", 1)[0][:200],
                        outlet=OUTLETS[(copy + len(body)) % len(OUTLETS)],
                        published_on=day,
                        raw_text=body,
                        body=body,
                        content_hash=text_hash(body),
                        language="en",
                        status=Article.Status.DONE,
                    )
                )
            Article.objects.bulk_create(articles, batch_size=500)
            for article in articles:
                names = NAME.findall(article.body) or ["Unnamed Source"]
                for match in SENTENCE.finditer(article.body):
                    name = rng.choice(names)
                    speaker = speakers.get(name)
                    if speaker is None:
                        speaker = speakers[name] = Speaker.objects.create(
                            name=name, slug=f"s{len(speakers)}-{name.lower().replace(' ', '-')}"
                        )
                        SpeakerAlias.objects.create(
                            speaker=speaker, name=name, normalised=normalise(name) or name
                        )
                    start, end = match.span()
                    pending.append(
                        Quote(
                            article=article,
                            speaker=speaker,
                            text=article.body[start:end],
                            kind=rng.choice(KINDS),
                            content_start=start,
                            content_end=end,
                            confidence=0.9,
                        )
                    )
                    made += 1
                    if made >= wanted:
                        break
                if made >= wanted:
                    break
            Quote.objects.bulk_create(pending, batch_size=2000)
            copy += 1

    def _profile(self, url: str) -> None:
        import cProfile
        import pstats

        client = Client()
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            client.get(url)
        profile.disable()
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(30)

    def _measure(self, rounds: int) -> None:
        slug = _most_quoted()
        requests = [
            ("quote list, 50 per page", "/api/v1/quotes/?page_size=50", True),
            (
                "filtered: speaker + date range",
                f"/api/v1/quotes/?speaker={slug}&published_after=2015-01-01"
                "&published_before=2016-12-31&page_size=50",
                True,
            ),
            ("full-text search", "/api/v1/quotes/?q=immigration%20reform&page_size=50", True),
            ("speaker's quotes", f"/api/v1/speakers/{slug}/quotes/?page_size=50", True),
            ("speaker page", f"/api/v1/speakers/{slug}/", False),
        ]
        client = Client()
        self.stdout.write(
            f"\n{'request':<32}{'API median':>11}{'p95':>8}{'SQL median':>12}{'p95':>8}"
            f"{'ratio':>7}{'queries':>9}{'SQL in API':>12}"
        )
        failures = []
        for label, url, is_list in requests:
            api, raw, inside, count = _timings(client, url, rounds)
            api_median, raw_median = statistics.median(api), statistics.median(raw)
            ratio = api_median / raw_median
            self.stdout.write(
                f"{label:<32}{api_median:>9.1f}ms{_p95(api):>6.1f}ms{raw_median:>10.1f}ms"
                f"{_p95(raw):>6.1f}ms{ratio:>7.2f}{count:>9}{statistics.median(inside):>10.1f}ms"
            )
            if api_median >= 50:
                failures.append(f"{label}: median {api_median:.1f} ms >= 50 ms")
            if is_list and ratio >= 3:
                failures.append(f"{label}: {ratio:.2f}x the SQL >= 3x")
        self.stdout.write(
            "SQL: the request's statements run again directly, back to back, after each request;"
            "\nSQL in API: the time the request itself spent in those statements' execute calls."
        )
        self.stdout.write(
            "targets (lists under 3x their SQL, every median under 50 ms): "
            + ("met" if not failures else "MISSED: " + "; ".join(failures))
        )


def _timings(
    client: Client, url: str, rounds: int
) -> tuple[list[float], list[float], list[float], int]:
    """Milliseconds of the API request and of its SQL alone, alternately, ``rounds`` each;
    and of the request's own execute calls."""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    statements = [q["sql"] for q in captured.captured_queries]
    for _ in range(3):
        client.get(url)
    api, raw, inside = [], [], []
    spent = [0.0]

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - start

    for _ in range(rounds):
        spent[0] = 0.0
        start = time.perf_counter()
        with connection.execute_wrapper(timed):
            client.get(url)
        api.append((time.perf_counter() - start) * 1000)
        inside.append(spent[0] * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        raw.append((time.perf_counter() - start) * 1000)
    return api, raw, inside, len(statements)


def _most_quoted() -> str:
    top = Quote.objects.values("speaker__slug").annotate(n=Count("id")).order_by("-n").first()
    return top["speaker__slug"]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _date(identifier: str) -> dt.date:
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})", identifier)
    return dt.date(*map(int, found.groups())) if found else dt.date(2016, 1, 1)
