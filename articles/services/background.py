"""Tasks run in a thread of this process when there is no broker (the local defaults,
``TASKS_IN_BACKGROUND``): the request that ingests an article answers at once and the
article's page shows the progress, as with a worker.

One thread runs the tasks one after another, as a worker with one process would; it starts
when there is work and ends when there is none, closing its database connection. It is not a
daemon thread: a process that exits first finishes the articles it was given. A task that
raises fails its article with the reason, its text kept; nothing is left waiting."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import close_old_connections, connection

from ..models import Article
from .extracting import article_mark_failed

logger = logging.getLogger(__name__)

# The steps still under way: a task that stopped on an error leaves its article at one.
UNFINISHED = (
    Article.Status.FETCHING,
    Article.Status.CLEANING,
    Article.Status.QUEUED,
    Article.Status.EXTRACTING,
)

_jobs: queue.SimpleQueue = queue.SimpleQueue()
_lock = threading.Lock()
_runner: threading.Thread | None = None
_here = threading.local()


def task_run_in_background(*, task, article_id: int) -> None:
    """Run ``task`` for the article in the background thread; in that thread itself (the
    next step of an article it is working on) or inside :func:`tasks_in_foreground`, now."""
    global _runner
    if threading.current_thread() is _runner or getattr(_here, "foreground", False):
        _task_run(task, article_id)
        return
    with _lock:
        _jobs.put((task, article_id))
        if _runner is None or not _runner.is_alive():
            _runner = threading.Thread(target=_tasks_run, name="onrecord-tasks", daemon=False)
            _runner.start()


@contextmanager
def tasks_in_foreground() -> Iterator[None]:
    """Tasks queued inside run at once, in the caller's thread (``manage.py ingest``, whose
    progress bar and summary cover the extraction)."""
    _here.foreground = True
    try:
        yield
    finally:
        _here.foreground = False


def tasks_wait(timeout: float | None = None) -> bool:
    """Wait until the background thread has run every task it was given; whether it has."""
    runner = _runner
    if runner is not None:
        runner.join(timeout)
        return not runner.is_alive()
    return True


def _tasks_run() -> None:
    global _runner
    try:
        while True:
            with _lock:
                if _jobs.empty():
                    _runner = None
                    return
                task, article_id = _jobs.get()
            close_old_connections()
            _task_run(task, article_id)
    finally:
        connection.close()


def _task_run(task, article_id: int) -> None:
    try:
        task.delay(article_id)
    except Exception as exc:  # noqa: BLE001 - whatever stops a task, its article records why
        logger.exception("the in-process task %s of article %s failed", task.name, article_id)
        reason = f"Stopped by an error ({type(exc).__name__}: {exc})"
        try:
            unfinished = Article.objects.filter(pk=article_id, status__in=UNFINISHED).first()
            if unfinished is not None:
                article_mark_failed(article=unfinished, reason=reason)
        except Exception:  # noqa: BLE001 - the database is down: the sweep sends it again
            logger.exception("article %s could not be marked failed", article_id)
