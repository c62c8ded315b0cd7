"""python manage.py bench_queue : the review queue's server time at 10,000 claims.

Builds a database of its own (``--claims`` claims over twice as many statements, 2,000
articles of 12 outlets, 400 speakers, 6 fact-checkers), signs a fact-checker in, and renders
each queue page ``--rounds`` times in-process (Django's test client: the server's whole
work, middleware, queries and template, without the network). Prints the median and p95 of
each page and its number of queries: a full page of 50 rows and the last, short, page must
cost the same."""

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.permissions import FACT_CHECKERS
from articles.models import Article
from articles.text import text_hash
from benchmarks.database import bench_database
from claims.models import Claim, Quote, Speaker, Status, Verdict
from claims.services import claims_checkworthiness_update
from claims.views.common import PAGE_SIZE
from extraction.checkworthiness import checkworthiness

OUTLETS = [f"Outlet {i}" for i in range(12)]
# statement shapes from procedure to figures, so that the scores spread as they do in news
SHAPES = [
    "We will meet again next week to discuss the {topic}.",
    "I think the {topic} plan is a disgrace and voters know it.",
    "The {topic} budget rose by {n}% last year, the highest since {year}.",
    "Because of the {topic} cuts, {n},000 families lost their benefits in {year}.",
    "He declined to comment on the {topic} hearing.",
    "Unemployment in the {topic} sector fell to {n} percent, half the rate of {year}.",
]
TOPICS = ["health", "border", "tax", "energy", "housing", "trade", "school", "defence"]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=10_007)
        parser.add_argument("--rounds", type=int, default=30)
        parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")

    def handle(self, *args, claims, rounds, keep, **options):
        with bench_database("_bench_queue", keep=keep) as reused:
            started = time.perf_counter()
            if not reused:
                self._load(claims)
            self.stdout.write(
                f"{'reused' if reused else 'built'}: {Claim.objects.count():,} claims,"
                f" {Quote.objects.count():,} statements, {Article.objects.count():,} articles"
                f" in {time.perf_counter() - started:.0f} s"
            )
            self._measure(rounds)

    def _load(self, wanted: int) -> None:
        rng = random.Random(17)
        users = get_user_model().objects
        group = Group.objects.get_or_create(name=FACT_CHECKERS)[0]
        people = [users.create_user(f"checker{i}", password="bench-pass-1") for i in range(6)]
        group.user_set.add(*people)
        speakers = Speaker.objects.bulk_create(
            Speaker(name=f"Speaker {i}", slug=f"speaker-{i}") for i in range(400)
        )
        articles = []
        for i in range(2000):
            body = f"Article {i}. " + " ".join(_sentence(rng) for _ in range(12))
            articles.append(
                Article(
                    title=f"Article {i}",
                    body=body,
                    raw_text=body,
                    content_hash=text_hash(body),
                    outlet=rng.choice(OUTLETS),
                    status=Article.Status.DONE,
                    language="en",
                    published_on=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                )
            )
        articles = Article.objects.bulk_create(articles)
        quotes = []
        for n in range(2 * wanted):
            article = articles[n % len(articles)]
            text = _sentence(rng)
            start = len(article.body) + 1 + n  # past the body: no span check on bulk_create
            quotes.append(
                Quote(
                    article=article,
                    speaker=rng.choice(speakers),
                    text=text,
                    kind=Quote.Kind.INDIRECT,
                    content_start=start,
                    content_end=start + len(text),
                    confidence=rng.random(),
                    checkworthiness=checkworthiness(text),
                    published_on=article.published_on,
                )
            )
        quotes = Quote.objects.bulk_create(quotes, batch_size=5000)
        statuses = [Status.NEW, Status.IN_PROGRESS, Status.SECOND_REVIEW, Status.PUBLISHED]
        made = []
        for n in range(wanted):
            first = quotes[2 * n]
            status = rng.choice(statuses)
            made.append(
                Claim(
                    speaker=first.speaker,
                    statement=first.text,
                    status=status,
                    verdict=rng.choice(Verdict.values[1:])
                    if status == Status.PUBLISHED
                    else "unreviewed",
                    draft_verdict="false" if status == Status.SECOND_REVIEW else "",
                    drafted_by=rng.choice(people) if status == Status.SECOND_REVIEW else None,
                    assignee=rng.choice([None, *people]),
                    first_seen=first.article.published_on,
                    outlet=first.article.outlet,
                )
            )
        made = Claim.objects.bulk_create(made, batch_size=5000)
        through = Claim.quotes.through
        links = [through(claim=c, quote=quotes[2 * i]) for i, c in enumerate(made)]
        links += [through(claim=c, quote=quotes[2 * i + 1]) for i, c in enumerate(made) if i % 2]
        through.objects.bulk_create(links, batch_size=5000)
        claims_checkworthiness_update()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def _measure(self, rounds: int) -> None:
        client = Client()
        client.force_login(get_user_model().objects.get(username="checker0"))
        last = -(-Claim.objects.exclude(status=Status.PUBLISHED).count() // PAGE_SIZE)
        pages = [
            ("queue, by check-worthiness", "/review/"),
            ("queue, last page", f"/review/?page={last}"),
            ("queue, by speaker", "/review/?sort=speaker"),
            ("queue, first seen, any status", "/review/?status=any&sort=first_seen"),
            ("my queue", "/review/?assignee=me"),
            ("queue, one outlet, by age", "/review/?outlet=Outlet+3&sort=age"),
            ("queue, published false", "/review/?status=any&verdict=false"),
            ("statements to check", "/review/statements/"),
        ]
        self.stdout.write(f"{'page':34} {'rows':>5} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
        for label, url in pages:
            client.get(url)  # warm: the session, the template cache
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            # read now: the log is emptied at each later request
            queried = len(queries)
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(rounds):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
            self.stdout.write(
                f"{label:34} {response.content.count(b'<tr data-item'):>5}"
                f" {queried:>7} {statistics.median(timings):>10.1f} {p95:>8.1f}"
            )


def _sentence(rng: random.Random) -> str:
    return rng.choice(SHAPES).format(
        topic=rng.choice(TOPICS), n=rng.randint(2, 90), year=rng.randint(1990, 2020)
    )
