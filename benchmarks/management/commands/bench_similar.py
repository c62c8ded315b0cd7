"""python manage.py bench_similar : search by meaning at a million statements.

The load benchmark's database (PolNeAR train sentences as statements, copied under other
outlets and dates), every statement with the real embedding of its text, and the vector
index built over them. Printed, in one run:

- the index: its cells, its build time, the size of the vectors and of the index;
- how many of the exact 20 nearest each number of probed cells finds, and how long the
  search takes in this process, for texts the database does not hold (PolNeAR dev
  sentences), beside the exact search of every vector;
- over HTTP, through the compose stack (nginx before gunicorn), one request after another:
  ``/api/v1/quotes/{id}/similar/`` of random statements (the target: median < 100 ms, p95 <
  250 ms), with a speaker filter, and ``q_meaning=`` on the quote list;
- the memory of the web workers.
"""

import http.client
import json
import random
import statistics
import time
import urllib.parse
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from articles.text import text_clean
from benchmarks.database import bench_database
from benchmarks.dataset import SENTENCE, Sizes, dataset_load
from benchmarks.server import rss_bytes, stack_server
from claims import services
from claims.models import Quote, QuoteEmbedding, VectorIndex
from claims.similarity import quotes_nearest, quotes_nearest_exact
from extraction.embedding import DIMENSIONS, ENCODER, embed, load_encoder

SHARED = Path(settings.BASE_DIR).parent / "shared" / "polnear"
TARGET_MEDIAN_MS, TARGET_P95_MS = 100, 250
NEAREST = 20


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SHARED / "polnear_train.jsonl")
        parser.add_argument("--queries", type=Path, default=SHARED / "polnear_dev.jsonl")
        parser.add_argument("--quotes", type=int, default=1_000_000)
        parser.add_argument("--keep", action="store_true", help="keep the database, reuse it")
        parser.add_argument("--requests", type=int, default=300, help="per request kind")
        parser.add_argument("--probes", default="4,8,16,32,64", help="cells probed, compared")
        parser.add_argument("--recall-queries", type=int, default=30)

    def handle(self, *args, source, queries, quotes, keep, **options):
        for path in (source, queries):
            if not path.is_file():
                raise CommandError(f"{path} not found (PolNeAR is read from ../shared/).")
        with bench_database("_bench_similar", keep=keep) as reused:
            self._build(source, quotes, reused)
            texts = _query_texts(queries, options["recall_queries"])
            self._recall(texts, [int(p) for p in options["probes"].split(",")])
            failures = self._http(texts, options["requests"])
        if failures:
            raise CommandError("MISSED: " + "; ".join(failures))
        self.stdout.write(
            f"targets (similar/ median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms): met"
        )

    def _build(self, source: Path, quotes: int, reused: bool) -> None:
        say = self.stdout.write
        started = time.perf_counter()
        if not reused:
            say(f"loading {quotes:,} statements with COPY ...")
            dataset_load(source, Sizes(quotes=quotes, per_article=1000), say=say)
        if not QuoteEmbedding.objects.exists():
            _embed_all(say)
        if not VectorIndex.objects.filter(encoder=ENCODER).exists():
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            services.vector_index_build(say=say)
            connection.close()
            with connection.cursor() as cursor:  # index-only scans need the visibility map
                cursor.execute("VACUUM ANALYZE claims_quoteembedding")
        index = VectorIndex.objects.get(encoder=ENCODER)
        distinct = Quote.objects.values("text").distinct().count()
        say(
            f"{'reused' if reused else 'built'} in {time.perf_counter() - started:.0f} s:"
            f" {Quote.objects.count():,} statements ({distinct:,} distinct texts, each"
            f" reported by several outlets), {QuoteEmbedding.objects.count():,} vectors"
        )
        sizes = QuoteEmbedding.objects.values("cell").annotate(n=Count("pk")).order_by("-n")
        counts = [row["n"] for row in sizes]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_table_size('claims_quoteembedding'),"
                " pg_relation_size('claims_embedding_cell')"
            )
            table, cells_index = cursor.fetchone()
        say(
            f"vector index: {index.cells:,} cells built in {index.seconds:.0f} s; vectors per"
            f" cell median {statistics.median(counts):.0f}, largest {counts[0]:,};"
            f" vectors {table / 2**20:,.0f} MiB, their cell index (with the vectors, read"
            f" without the table) {cells_index / 2**20:,.0f} MiB"
        )

    def _recall(self, texts: list[str], probes: list[int]) -> None:
        say = self.stdout.write
        vectors = embed(texts)
        candidates = Quote.objects.filter(rejected=False)
        exact, exact_ms = [], []
        for vector in vectors:
            started = time.perf_counter()
            exact.append(
                quotes_nearest_exact(vector, candidates=candidates, limit=NEAREST, min_score=-1)
            )
            exact_ms.append((time.perf_counter() - started) * 1000)
        say(
            f"\n{len(texts)} searches for PolNeAR dev sentences (texts the database does not"
            f" hold), the {NEAREST} nearest of every statement not rejected, in this process:"
        )
        say(f"{'cells probed':<16}{'found of exact':>15}{'median':>10}{'p95':>9}")
        say(
            f"{'all (exact)':<16}{'1.000':>15}{statistics.median(exact_ms):>8.0f}ms"
            f"{_p95(exact_ms):>7.0f}ms"
        )
        default = settings.VECTOR_INDEX_PROBE
        for probe in probes:
            settings.VECTOR_INDEX_PROBE = probe
            found, spent = [], []
            for vector, reference in zip(vectors, exact, strict=True):
                started = time.perf_counter()
                matches = quotes_nearest(vector, candidates=candidates, limit=NEAREST, min_score=-1)
                spent.append((time.perf_counter() - started) * 1000)
                found.append(_found(matches, reference))
            marker = "  (the setting)" if probe == default else ""
            say(
                f"{probe:<16}{statistics.mean(found):>15.3f}{statistics.median(spent):>8.0f}ms"
                f"{_p95(spent):>7.0f}ms{marker}"
            )
        settings.VECTOR_INDEX_PROBE = default

    def _http(self, texts: list[str], requests: int) -> list[str]:
        say = self.stdout.write
        rng = random.Random(11)
        top = Quote.objects.values("speaker_id").annotate(n=Count("pk")).order_by("-n")[0]
        last = Quote.objects.order_by("-pk").values_list("pk", flat=True)[0]
        ids = [rng.randrange(1, last + 1) for _ in range(requests)]
        kinds = {
            "similar/": [f"/api/v1/quotes/{pk}/similar/" for pk in ids],
            f"similar/ of a speaker of {top['n']:,}": [
                f"/api/v1/quotes/{pk}/similar/?speaker={top['speaker_id']}" for pk in ids
            ],
            "q_meaning= (list)": [
                "/api/v1/quotes/?" + urllib.parse.urlencode({"q_meaning": text})
                for text in (texts * (requests // len(texts) + 1))[:requests]
            ],
        }
        say(
            f"\nover HTTP, nginx before gunicorn (the compose stack's), {requests} requests of"
            f" each kind one after another, after 20 to warm up; nothing else running but"
            f" PostgreSQL (started {timezone.now():%H:%M})"
        )
        say(f"{'request':<36}{'median':>9}{'p95':>9}{'max':>9}")
        failures = []
        with stack_server() as server:
            netloc = urllib.parse.urlsplit(server.url).netloc
            for name, paths in kinds.items():
                spent = _timed(netloc, paths[:20])
                spent = _timed(netloc, paths)
                median, p95 = statistics.median(spent), _p95(spent)
                say(f"{name:<36}{median:>7.1f}ms{p95:>7.1f}ms{max(spent):>7.0f}ms")
                if name == "similar/" and (median >= TARGET_MEDIAN_MS or p95 >= TARGET_P95_MS):
                    failures.append(f"{name} median {median:.0f} ms, p95 {p95:.0f} ms")
            rss = [rss_bytes(pid) / 2**20 for pid in server.workers()]
        say(
            f"web workers: {len(rss)}, RSS {min(rss):.0f}-{max(rss):.0f} MiB each after the"
            f" requests (the index's centres: {_centres_mib():.1f} MiB of it)"
        )
        return failures


def _embed_all(say) -> None:
    """Every statement's vector: one per distinct text, computed here, written with COPY."""
    started = time.perf_counter()
    rows = list(Quote.objects.values_list("pk", "text").iterator(chunk_size=50_000))
    texts = list(dict.fromkeys(text for _, text in rows))
    load_encoder()
    say(f"embedding {len(texts):,} distinct texts of {len(rows):,} statements ...")
    vectors = {}
    for first in range(0, len(texts), 1000):
        chunk = texts[first : first + 1000]
        vectors.update(zip(chunk, embed(chunk), strict=True))
    say(f"  embedded in {time.perf_counter() - started:.0f} s")
    blobs = {text: np.asarray(v, dtype="<f2").tobytes() for text, v in vectors.items()}
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY claims_quoteembedding (quote_id, encoder, vector, created_at) FROM STDIN"
        ) as copy,
    ):
        for pk, text in rows:
            copy.write_row((pk, ENCODER, blobs[text], now))
    say(f"  {len(rows):,} vectors stored in {time.perf_counter() - started:.0f} s")


def _query_texts(path: Path, count: int) -> list[str]:
    """``count`` sentences of PolNeAR dev, spread over its articles."""
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    sentences = [
        match.group().strip()
        for record in records
        for match in SENTENCE.finditer(text_clean(record["text"]))
    ]
    return random.Random(5).sample(sentences, count)


def _found(matches, reference) -> float:
    """The share of the exact nearest that ``matches`` found: a statement scoring as high as
    the exact answer's last counts (copies of one text score alike)."""
    if not reference:
        return 1.0
    floor = reference[-1].score - 1e-4
    return min(1.0, sum(1 for match in matches if match.score >= floor) / len(reference))


def _timed(netloc: str, paths: list[str]) -> list[float]:
    spent = []
    client = http.client.HTTPConnection(netloc, timeout=60)
    for path in paths:
        started = time.perf_counter()
        client.request("GET", path, headers={"Accept": "application/json"})
        response = client.getresponse()
        response.read()
        spent.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise CommandError(f"{path}: HTTP {response.status}")
    client.close()
    return spent


def _p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def _centres_mib() -> float:
    index = VectorIndex.objects.get(encoder=ENCODER)
    return index.cells * DIMENSIONS * 4 / 2**20
