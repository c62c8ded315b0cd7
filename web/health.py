"""What /healthz reports: each dependency of the web process, checked at once with every
wait bounded, so that the check answers within ``DEADLINE`` whatever is down or hangs.

- ``database``, required: no page and no API call works without it; down, /healthz answers
  503 (and so do pages and the API, ``web.errors.server_error``).
- ``broker``, not required: ingest stores an article as ``queued`` when the broker cannot be
  reached, and Celery beat (or ``manage.py enqueue_pending``) sends it once it is back. With no
  broker configured (tasks run in the web process) it is ``off``.
- ``cache``, not required: throttles, export budgets and sign-in limits fail open without it.

Each check runs in a thread of its own, with its client's connect and read timeouts set to
``CHECK_TIMEOUT``; a check that has still not answered at the deadline is reported down (its
thread ends on its client's timeout, after the answer has gone). A reason is the first line
of the client's error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from math import ceil

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from config.celery import app

CHECK_TIMEOUT = 2.0  # seconds (libpq waits at least 2 s to connect)
DEADLINE = CHECK_TIMEOUT + 0.5  # the clients' own timeouts say more: let them answer first
ERROR_CHARS = 200

OK, DOWN, OFF = "ok", "down", "off"


def health() -> tuple[dict, bool]:
    """Each dependency's status (``ok``, ``down`` with the error, or ``off``), whether it is
    required and how long its check took; the overall status (``ok``, ``degraded``: a
    dependency not required is down, ``down``: a required one is); and whether the web
    process can serve (every required dependency up)."""
    # this thread's connection and cache, for their settings and clients in other threads
    database, cache = connections["default"], caches["default"]
    checks: dict[str, tuple[bool, Callable[[], str | None]]] = {
        "database": (True, lambda: _database(database)),
        "broker": (False, _broker),
        "cache": (False, lambda: _cache(cache)),
    }
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="healthz")
    started = time.monotonic()
    running = {name: pool.submit(_timed, check) for name, (_, check) in checks.items()}
    report = {}
    for name, future in running.items():
        try:
            report[name] = future.result(timeout=max(0.0, started + DEADLINE - time.monotonic()))
        except FutureTimeout:
            report[name] = {
                "status": DOWN,
                "error": f"no answer within {DEADLINE:g} s",
                "ms": round((time.monotonic() - started) * 1000, 1),
            }
        report[name]["required"] = checks[name][0]
    pool.shutdown(wait=False, cancel_futures=True)
    serving = all(r["status"] != DOWN for r in report.values() if r["required"])
    degraded = any(r["status"] == DOWN for r in report.values())
    status = OK if not degraded else "degraded" if serving else DOWN
    return {"status": status, "checks": report}, serving


def _timed(check: Callable[[], str | None]) -> dict:
    """Run ``check``: ``ok``; ``off`` with the reason it gives when the dependency is not
    used; ``down`` with the error it raised. And its time, in milliseconds."""
    started = time.monotonic()
    try:
        unused = check()
    except Exception as exc:  # whatever a client raises, the dependency is down
        reason = next(iter(str(exc).splitlines()), "")
        result = {"status": DOWN, "error": f"{type(exc).__name__}: {reason}"[:ERROR_CHARS]}
    else:
        result = {"status": OK} if unused is None else {"status": OFF, "detail": unused}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database(connection) -> None:
    """A new connection with the settings of ``connection`` answers a query (and is closed:
    the probe's thread is not a request's, so nothing else would close it)."""
    probe = connection.copy()
    if probe.vendor == "postgresql":
        probe.settings_dict.setdefault("OPTIONS", {})["connect_timeout"] = ceil(CHECK_TIMEOUT)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        probe.close()


def _broker() -> str | None:
    """The broker the web process publishes to accepts a connection (None), or why the web
    process uses none."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "no broker: tasks run in the web process"
    with app.connection_for_write(
        url=settings.CELERY_BROKER_URL,
        connect_timeout=CHECK_TIMEOUT,
        transport_options={"socket_timeout": CHECK_TIMEOUT},
    ) as connection:
        connection.ensure_connection(max_retries=0)
    return None


def _cache(cache) -> None:
    """The cache answers a read (a Redis cache has 1 s timeouts: config.settings)."""
    cache.get("healthz")
