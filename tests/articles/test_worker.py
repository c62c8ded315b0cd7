"""Ingest through a real Celery worker process connected to Redis, into PostgreSQL."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.db import connection

from articles.models import Article
from claims.models import Quote
from extraction import extract
from tests.conftest import REPO, SEEDS, service_missing
from tests.worker import ingest_file, run_worker, wait_for_status


@pytest.fixture
def worker(worker_env):
    yield from run_worker(worker_env)


@pytest.mark.django_db(transaction=True)
def test_a_seed_is_extracted_by_a_real_worker_over_redis(worker_env, worker):
    ingest = ingest_file(str(SEEDS / "000_e22fc656f51a6888.txt"), worker_env)
    assert "1 new" in ingest.stdout
    article = Article.objects.get()
    assert article.status in (Article.Status.QUEUED, Article.Status.EXTRACTING, Article.Status.DONE)

    wait_for_status(article, worker)
    assert worker.poll() is None, "the worker process died"
    assert article.status == Article.Status.DONE, article.error
    putin = Quote.objects.filter(article=article, speaker__slug="vladimir-putin")
    assert putin.filter(
        text__startswith="“These military exercises, drills are purely defensive"
    ).exists()
    print(
        f"worker extracted {Quote.objects.filter(article=article).count()} quotes"
        f" via {worker_env['CELERY_BROKER_URL']}"
    )


@pytest.mark.django_db(transaction=True)
def test_an_article_ingested_while_redis_is_down_is_extracted_once_it_is_back(worker_env, worker):
    down = {**worker_env, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
    ingest_file(str(SEEDS / "004_7927713eab849ea4.txt"), down)
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED and article.enqueued_at is None

    sweep = subprocess.run(
        [sys.executable, "manage.py", "enqueue_pending"],
        cwd=REPO,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 article(s) sent" in sweep.stdout, sweep.stderr
    wait_for_status(article, worker)
    assert article.status == Article.Status.DONE, article.error
    assert article.quotes.filter(speaker__slug="vladimir-putin").exists()


@pytest.mark.django_db(transaction=True)
def test_the_web_side_sends_no_time_limits_so_the_workers_govern(worker_env):
    """Celery copies its task_time_limit and task_soft_time_limit settings into every message
    it sends, where they override the limits of the worker that runs the task: the web
    process's settings would decide how long an extraction may take."""
    web_env = {**worker_env, "CELERY_TASK_SOFT_TIME_LIMIT": "20", "CELERY_TASK_TIME_LIMIT": "30"}
    ingest_file(str(SEEDS / "000_e22fc656f51a6888.txt"), web_env)  # no worker: it waits
    broker = redis.Redis.from_url(worker_env["CELERY_BROKER_URL"])
    try:
        (raw,) = broker.lrange(worker_env["CELERY_QUEUE"], 0, -1)
    finally:
        broker.delete(worker_env["CELERY_QUEUE"])
    headers = json.loads(raw)["headers"]
    assert headers["task"] == "articles.tasks.article_extract_task"
    assert headers["timelimit"] == [None, None]


# Pool processes that take 6 s to load the models: longer than Celery's default wait of 4 s
# for a replacement pool process (as on a loaded machine, or with the accurate mode's tagger).
SLOW_PRELOAD = """
import time

import extraction
from celery.__main__ import main

load_models = extraction.load_models


def slow_load_models(mode):
    time.sleep(6)
    load_models(mode)


extraction.load_models = slow_load_models
main()
"""


@pytest.mark.django_db(transaction=True)
def test_a_replacement_pool_process_slow_to_load_the_models_is_waited_for(worker_env):
    env = {k: v for k, v in worker_env.items() if k != "CELERY_WORKER_PROC_ALIVE_TIMEOUT"}
    process = run_worker(env, launcher=("-c", SLOW_PRELOAD))
    worker = next(process)
    try:
        ingest_file(str(SEEDS / "000_e22fc656f51a6888.txt"), env)
        first = Article.objects.get()
        wait_for_status(first, worker)
        assert first.status == Article.Status.DONE, first.error
        for pid in pool_children(worker):  # the worker starts a replacement, which preloads
            os.kill(pid, signal.SIGKILL)
        ingest_file(str(SEEDS / "004_7927713eab849ea4.txt"), env)
        second = Article.objects.exclude(pk=first.pk).get()
        wait_for_status(second, worker)
    finally:
        next(process, None)
    assert second.status == Article.Status.DONE, second.error
    assert "Timed out waiting for UP message" not in worker.log


@pytest.fixture
def impatient_worker(worker_env):
    """A worker whose extractions may run for one second only."""
    yield from run_worker({**worker_env, "EXTRACTION_TIME_LIMIT": "1"})


@pytest.mark.django_db(transaction=True)
def test_an_extraction_over_its_time_limit_fails_with_the_reason(
    worker_env, impatient_worker, tmp_path
):
    long_article = tmp_path / "long.txt"
    seed = (SEEDS / "000_e22fc656f51a6888.txt").read_text(encoding="utf-8")
    long_article.write_text("\n\n".join([seed] * 100), encoding="utf-8")
    ingest_file(str(long_article), worker_env)
    article = Article.objects.get()
    wait_for_status(article, impatient_worker)
    assert article.status == Article.Status.FAILED
    assert "ExtractionTimeout: extraction exceeded its time limit of 1 s" in article.error
    assert article.body.startswith("Russian military drills")


def pool_children(worker) -> list[int]:
    """The pool processes of a prefork worker (the processes that run the tasks)."""
    path = f"/proc/{worker.pid}/task/{worker.pid}/children"
    with open(path) as handle:
        return [int(pid) for pid in handle.read().split()]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_extraction_is_redelivered_and_extracts_once(
    worker_env, worker, tmp_path
):
    seed = (SEEDS / "000_e22fc656f51a6888.txt").read_text(encoding="utf-8")
    long_article = tmp_path / "long.txt"
    long_article.write_text("\n\n".join(f"{n}. {seed}" for n in range(100)), encoding="utf-8")
    ingest_file(str(long_article), worker_env)
    article = Article.objects.get()
    wait_for_status(article, worker, statuses=(Article.Status.EXTRACTING,))
    assert article.status == Article.Status.EXTRACTING
    victims = pool_children(worker)
    assert victims
    for pid in victims:
        os.kill(pid, signal.SIGKILL)

    wait_for_status(article, worker)
    assert article.status == Article.Status.DONE, article.error
    spans = list(article.quotes.values_list("content_start", "content_end"))
    assert len(spans) == len(set(spans)) > 100
    assert len(spans) == len({(a.start, a.end) for a in extract(article.body)})


@pytest.mark.django_db(transaction=True)
def test_a_worker_extracts_a_deep_queue_in_batches(worker_env, tmp_path):
    seed = (SEEDS / "000_e22fc656f51a6888.txt").read_text(encoding="utf-8")
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(f"Report {n}.\n\n{seed}", encoding="utf-8")
    ingest_file(str(tmp_path), worker_env)  # no worker yet: six messages wait in Redis
    queued = Article.objects.filter(status=Article.Status.QUEUED, enqueued_at__isnull=False)
    assert queued.count() == 6

    process = run_worker(worker_env)
    worker = next(process)
    try:
        broker = redis.Redis.from_url(worker_env["CELERY_BROKER_URL"])
        # every article done and every message taken (a warm shutdown finishes the last one)
        wait_for_status(
            list(Article.objects.all()),
            worker,
            statuses=(Article.Status.DONE,),
            also=lambda: broker.llen(worker_env["CELERY_QUEUE"]) == 0,
        )
    finally:
        next(process, None)  # stops the worker and prints its log
    assert not Article.objects.exclude(status=Article.Status.DONE).exists()
    counts = {a.pk: a.quotes.count() for a in Article.objects.all()}
    assert len(set(counts.values())) == 1, counts  # the same text gives the same quotes
    # one message took all six articles (one pipe call); the others found theirs done
    assert worker.log.count(": 'done'") == 1, worker.log
    assert worker.log.count(": 'already done'") >= 1


def restart_postgresql() -> None:
    """Restart the local PostgreSQL cluster that holds the test database (fast shutdown:
    every open connection is cut, as in a crash or a failover)."""
    host = connection.settings_dict.get("HOST") or "127.0.0.1"
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if (
        host not in ("127.0.0.1", "localhost", "::1")
        or not clusters
        or not shutil.which("pg_ctlcluster")
    ):
        service_missing(f"cannot restart the PostgreSQL server at {host} from here")
    run = subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            clusters[-1],
            "main",
            "restart",
            "-m",
            "fast",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", host]).returncode == 0:
            break
        time.sleep(0.5)
    connection.close()  # this process's connection was cut too


@pytest.mark.django_db(transaction=True)
def test_postgresql_restarted_under_a_running_worker_the_task_retries_and_succeeds(
    worker_env, tmp_path
):
    seed = (SEEDS / "000_e22fc656f51a6888.txt").read_text(encoding="utf-8")
    long_article = tmp_path / "long.txt"
    long_article.write_text("\n\n".join(f"{n}. {seed}" for n in range(60)), encoding="utf-8")
    process = run_worker(worker_env)
    worker = next(process)
    try:
        ingest_file(str(long_article), worker_env)
        article = Article.objects.get()
        wait_for_status(article, worker, statuses=(Article.Status.EXTRACTING,))
        assert article.status == Article.Status.EXTRACTING

        restart_postgresql()  # while the worker parses, holding its database connection

        wait_for_status(article, worker)
        assert worker.poll() is None, "the worker process died"
    finally:
        next(process, None)
    assert article.status == Article.Status.DONE, article.error
    # the lost connection was retried: by the store (STORE_ATTEMPTS) when the parse was over
    # by then, else by the task (autoretry)
    assert "OperationalError" in worker.log
    assert "retry: Retry in" in worker.log or "trying again" in worker.log
    spans = list(article.quotes.values_list("content_start", "content_end"))
    assert len(spans) == len(set(spans)) == len({(a.start, a.end) for a in extract(article.body)})


@pytest.mark.django_db(transaction=True)
def test_a_url_is_fetched_by_the_worker_then_extracted(worker_env, site):
    url = site.page("/story.html", (REPO / "tests" / "fixtures" / "page.html").read_bytes())
    env = {**worker_env, "FETCH_ALLOWED_HOSTS": site.host}
    process = run_worker(env)
    worker = next(process)
    try:
        ingest = ingest_file(url, env)
        assert "1 URL(s): 1 new" in ingest.stdout
        article = Article.objects.get()
        wait_for_status(article, worker)
    finally:
        next(process, None)
    assert article.status == Article.Status.DONE, article.error
    assert article.title == "Putin says drills are defensive"
    assert article.fetches.get().status_code == 200
    assert article.quotes.filter(speaker__name="Vladimir Putin").exists()
    assert "article_fetch_task" in worker.log
