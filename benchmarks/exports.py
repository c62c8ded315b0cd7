"""Bulk pulls: a full export over HTTP from the running server against PostgreSQL's own COPY
of the same query, with the memory of the worker that streams it."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass

from django.db import connection

from claims.api.copied import copy_of_query, copy_statement
from claims.filters import QuoteFilter
from claims.selectors import quote_list

from .server import Server, rss_bytes


@dataclass
class Pull:
    rows: int
    megabytes: float
    seconds: float
    peak_rss_mb: float = 0.0  # the streaming worker's
    rss_before_mb: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def http_export(server: Server, path: str) -> Pull:
    """GET ``path`` (an export) whole, counting its rows (lines; CSV has a header), while
    the workers' memory is sampled every 20 ms."""
    workers = server.workers()
    before = {pid: rss_bytes(pid) for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            for pid in workers:
                peak[pid] = max(peak[pid], rss_bytes(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    address = urllib.parse.urlsplit(server.url)
    client = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
    sampler.start()
    started = time.perf_counter()
    client.request("GET", path)
    response = client.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {response.read(500)!r}")
    lines = size = 0
    while chunk := response.read(1 << 20):
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    client.close()
    rows = lines - 1 if path.split("?")[0].endswith(".csv") else lines
    # the worker that grew most (the one streaming), before and at its peak
    grown = max(workers, key=lambda pid: peak[pid] - before[pid])
    return Pull(rows, size / 1e6, seconds, peak[grown] / 2**20, before[grown] / 2**20)


def database_copy(export_format: str = "") -> Pull:
    """COPY (the full export's query) TO STDOUT, read whole by this process; or, given an
    ``export_format``, the COPY statement that export runs (its rows rendered as JSON or
    CSV by the database)."""
    quotes = QuoteFilter.unfiltered(quote_list(rejected=None))
    if export_format:
        statement, params = copy_statement(quotes, quotes.count(), export_format)
    else:
        statement, params = copy_of_query(quotes, quotes.count())
    rows = size = 0
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        for data in copy:
            rows += 1
            size += len(data)
    return Pull(rows, size / 1e6, time.perf_counter() - started)
