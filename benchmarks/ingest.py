"""End-to-end ingest throughput: articles through Redis and real Celery workers into
PostgreSQL, against the bare extraction of the same texts in one process.

Run by ``manage.py bench_ingest``. It works in a database of its own (the configured name
with ``_bench`` appended, created and dropped by the run) and on a queue of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

import extraction
from articles.models import Article
from articles.services import article_ingest
from articles.text import text_clean, text_split_furniture
from claims.models import Quote

from .server import children, rss_bytes

REPO = Path(__file__).resolve().parent.parent
READY_SECONDS = 120


@dataclass
class Run:
    label: str
    articles: int
    seconds: float
    quotes: int
    # the largest RSS of one worker pool process seen during the run (MiB), when measured
    worker_mib: float = 0.0

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds


def bare_extraction(texts: list[str]) -> Run:
    """The extractor alone, in this process, over the bodies ingest makes of ``texts`` (the
    same text twice is one article; model loaded beforehand)."""
    bodies = list(dict.fromkeys(text_split_furniture(text_clean(text))[0] for text in texts))
    mode = settings.EXTRACTION_MODE
    list(extraction.extract_many(["Warm-up. “It works,” she said."], mode=mode))
    start = time.perf_counter()
    found = extraction.extract_many(bodies, mode=mode)
    quotes = sum(len({(a.start, a.end) for a in attributions}) for attributions in found)
    return Run("bare extraction, 1 process", len(bodies), time.perf_counter() - start, quotes)


def use_queue(queue: str) -> None:
    """Send this process's tasks to ``queue`` (before the first is sent)."""
    from config.celery import app

    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app.conf.task_default_queue = queue


def end_to_end(
    texts: list[str],
    workers: int,
    queue: str,
    log: Callable[[str], None],
    *,
    embed: bool = True,
) -> Run:
    """Ingest ``texts`` here while ``workers`` worker processes extract them (and embed their
    statements, unless ``embed`` is false); timed from the first ingest until every article
    is done or failed."""
    _empty_tables()
    peak = 0
    with _worker(queue, workers, log, embed=embed) as worker:
        _warm_up(workers)
        _empty_tables()
        start = time.perf_counter()
        for n, text in enumerate(texts):
            article_ingest(text=text, title=f"bench {n}")
        ingested = time.perf_counter() - start
        log(f"  {len(texts)} articles ingested and queued in {ingested:.1f} s")
        pending = Article.objects.exclude(status__in=[Article.Status.DONE, Article.Status.FAILED])
        while pending.exists():
            peak = max([peak, *(rss_bytes(pid) for pid in children(worker.pid))])
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    failed = Article.objects.filter(status=Article.Status.FAILED).count()
    if failed:
        log(f"  {failed} article(s) failed")
    label = f"end to end, {workers} worker process{'es' if workers > 1 else ''}"
    if not embed:
        label += ", no embedding"
    return Run(label, Article.objects.count(), seconds, Quote.objects.count(), peak / 2**20)


def _empty_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, claims_quote, claims_speaker, claims_speakeralias"
            " RESTART IDENTITY CASCADE"
        )


def _warm_up(workers: int) -> None:
    """One small article per worker process, so that each has connected and loaded its
    model before the clock starts."""
    for n in range(workers * 2):
        article_ingest(text=f"Warm-up {n}. “We are ready,” the minister said on Monday.")
    deadline = time.monotonic() + READY_SECONDS
    while Article.objects.exclude(status=Article.Status.DONE).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the bench workers did not extract the warm-up articles")
        time.sleep(0.2)


@contextmanager
def _worker(
    queue: str, concurrency: int, log: Callable[[str], None], *, embed: bool = True
) -> Iterator[subprocess.Popen]:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{s.get('USER') or 'postgres'}{password}"
        f"@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}",
        "CELERY_QUEUE": queue,
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",  # as deployed: no query log
        "EMBED_STATEMENTS": "true" if embed else "false",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
        f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-Q", queue,
    ]  # fmt: skip
    with tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False) as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
        log(f"  worker started: {concurrency} process(es), queue {queue}, log {out.name}")
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
