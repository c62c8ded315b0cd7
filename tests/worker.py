"""The one way tests run a real Celery worker and wait on it: a worker process of their own
(on their own queue), ``manage.py ingest`` run as a user would, and a wait until articles
settle."""

import signal
import subprocess
import sys
import time

from articles.models import Article
from tests.conftest import REPO

WAIT_SECONDS = 90


def ingest_file(path, env) -> subprocess.CompletedProcess:
    """``manage.py ingest PATH`` in its own process, as a user would run it; must succeed."""
    run = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run


def run_worker(worker_env, launcher=("-m", "celery")):
    process = subprocess.Popen(
        [
            sys.executable,
            *launcher,
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            worker_env["CELERY_QUEUE"],
        ],
        cwd=REPO,
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        log, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        log, _ = process.communicate()
    process.log = log
    print("---- worker log ----\n" + log[-4000:])


SETTLED = (Article.Status.DONE, Article.Status.FAILED, Article.Status.DUPLICATE)


def wait_for_status(articles, worker, statuses=SETTLED, also=None) -> None:
    """The one way the worker tests wait: until the article (or every one of a list) is in
    one of ``statuses`` (and ``also()`` is true, when given), the worker process exits, or
    WAIT_SECONDS pass."""
    articles = articles if isinstance(articles, list) else [articles]
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and worker.poll() is None:
        for article in articles:
            article.refresh_from_db()
        if all(article.status in statuses for article in articles) and (also is None or also()):
            return
        time.sleep(0.5)
