"""HTTP load with wrk (Debian's package) and the CPU it costs each side.

Two measurements per request kind: the saturation throughput (a closed loop: each connection
sends its next request when the last one is answered) and the latency at a fixed offered rate
(an open loop: requests are due on a schedule, whatever the answers take; see wrk/load.lua)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .server import Server, cpu_seconds, postgres_pids

SCRIPT = Path(__file__).resolve().parent / "wrk" / "load.lua"
THREADS = 2


@dataclass
class Run:
    requests: int
    seconds: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    late: int
    not_200: int
    socket_errors: int
    timeouts: int
    cpu: dict[str, float] = field(default_factory=dict)  # cores: app, postgres, nginx, wrk
    # every latency recorded: (milliseconds, how many requests took it), in order
    histogram: list[tuple[float, int]] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.not_200 + self.socket_errors + self.timeouts


def wrk_missing() -> str | None:
    if shutil.which("wrk") is None:
        return "wrk is not installed: apt-get install wrk (Debian's package)"
    return None


def wrk_run(
    server: Server, paths: list[str], *, connections: int, seconds: float, rate: float = 0
) -> Run:
    """GET ``paths`` in turn for ``seconds`` over ``connections`` connections: as fast as
    answered (``rate`` 0), or ``rate`` requests per second in all, on a schedule."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{max(connections, THREADS)}",
        f"-d{round(seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPT),
        server.url,
        "--",
        listing.name,
        str(rate / THREADS),
    ]
    nginx_before = cpu_seconds(server.nginx_pids())
    app_before = cpu_seconds(server.pids())
    database_before = cpu_seconds(postgres_pids())
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # and the CPU time wrk used
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    os.unlink(listing.name)
    lines = [line for line in output.decode().splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({process.returncode}): {output.decode()[-2000:]}")
    figures = json.loads(lines[-1])
    histogram = [(micros / 1000, count) for micros, count in figures.pop("histogram")]
    run = Run(**figures, histogram=histogram)
    app_after = cpu_seconds(server.pids())
    nginx_after = cpu_seconds(server.nginx_pids())
    database_after = cpu_seconds(postgres_pids())
    run.cpu = {
        "app": _spent(app_before, app_after) / wall,
        "postgres": _spent(database_before, database_after) / wall,
        "nginx": _spent(nginx_before, nginx_after) / wall,
        "wrk": (usage.ru_utime + usage.ru_stime) / wall,
    }
    return run


def machine_check() -> float:
    """Milliseconds of a fixed pure-Python loop in this process, the best of three, with the
    server idle: how fast the machine runs Python now. On this shared 2-core machine the same
    loop took 0.68-0.74 s idle and 0.87-0.92 s after fifteen minutes of load."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(2_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def combined(runs: list[Run]) -> Run:
    """Runs of one request kind as one: requests and time added up, the latency figures those
    of every request of the runs together (their histograms pooled), late and failed
    requests added up, CPU cores the mean."""
    first = runs[0]
    pooled: Counter[float] = Counter()
    for r in runs:
        pooled.update(dict(r.histogram))
    histogram = sorted(pooled.items())
    run = Run(
        requests=sum(r.requests for r in runs),
        seconds=sum(r.seconds for r in runs),
        median_ms=percentile(histogram, 50),
        p95_ms=percentile(histogram, 95),
        p99_ms=percentile(histogram, 99),
        max_ms=max(r.max_ms for r in runs),
        late=sum(r.late for r in runs),
        not_200=sum(r.not_200 for r in runs),
        socket_errors=sum(r.socket_errors for r in runs),
        timeouts=sum(r.timeouts for r in runs),
        histogram=histogram,
    )
    run.cpu = {key: statistics.mean(r.cpu[key] for r in runs) for key in first.cpu}
    return run


def percentile(histogram: list[tuple[float, int]], percent: float) -> float:
    """The latency under which ``percent`` of the requests fall, as wrk computes it: the
    value at rank round(percent / 100 * count + 0.5) of the sorted latencies."""
    total = sum(count for _, count in histogram)
    if not total:
        return 0.0
    rank = min(round(percent / 100 * total + 0.5), total)
    seen = 0
    for value, count in histogram:
        seen += count
        if seen >= rank:
            return value
    return histogram[-1][0]


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the processes used between the two readings: the growth of their total. A
    process that ended meanwhile moved its time into its parent's children's time (read in
    both), and one that started counts from 0."""
    return sum(after.values()) - sum(before.values())
