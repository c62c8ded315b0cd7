"""python manage.py bench_load : the API under real HTTP load at a million statements.

gunicorn as the compose stack runs it, wrk on each request kind (saturation throughput, then
latency at a fixed offered rate), the CPU split between the app and PostgreSQL, each request
kind's query plans, and full exports against COPY. Figures are saved, and a second run on the
kept database (--keep) is compared with the first."""

import json
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from articles.models import Article
from benchmarks.compare import comparison
from benchmarks.database import bench_database
from benchmarks.dataset import Sizes, dataset_load
from benchmarks.exports import database_copy, http_export
from benchmarks.loadgen import combined, machine_check, wrk_missing, wrk_run
from benchmarks.paths import Kind, other_lists, request_kinds
from benchmarks.plans import request_plans
from benchmarks.server import stack_arguments, stack_server
from claims.models import Quote

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "polnear" / "polnear_train.jsonl"
RESULTS = Path(settings.BASE_DIR) / ".bench" / "bench_load.json"
# Statements of one request taking longer than this are marked (not failed: the load says
# whether they matter).
SLOW_PLAN_MS = 50
TARGETS = (
    "p99 < 100 ms and median < 30 ms at the offered rate; quote list >= 200/s; export >= 0.5x COPY"
)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--quotes", type=int, default=1_000_000)
        parser.add_argument("--keep", action="store_true", help="keep the database, reuse it")
        parser.add_argument("--rounds", type=int, default=5, help="over every request kind")
        parser.add_argument(
            "--saturation-seconds", type=float, default=5, help="per kind and round"
        )
        parser.add_argument("--seconds", type=float, default=15, help="at the rate, per round")
        parser.add_argument("--rate", type=float, default=100, help="offered requests/s")
        parser.add_argument("--connections", type=int, default=16, help="for the saturation")
        parser.add_argument("--workers", type=int, help="gunicorn workers (the stack's: 3)")
        parser.add_argument("--threads", type=int, help="gunicorn threads per worker")
        parser.add_argument("--only", default="", help="kinds whose name has one of these: a,b")
        parser.add_argument("--no-exports", action="store_true", help="leave the exports out")

    def handle(self, *args, source, quotes, keep, **options):
        if missing := wrk_missing():
            raise CommandError(missing)
        if not source.is_file():
            raise CommandError(f"{source} not found (PolNeAR train is read from ../shared/).")
        with bench_database("_bench_load", keep=keep) as reused:
            started = time.perf_counter()
            if not reused:
                self.stdout.write(f"loading {quotes:,} statements with COPY ...")
                dataset_load(source, Sizes(quotes=quotes), say=self.stdout.write)
                connection.close()
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"{'reused' if reused else 'built'}: {Quote.objects.count():,} statements,"
                f" {Article.objects.count():,} articles in {time.perf_counter() - started:.0f} s"
            )
            results, failures = self._measure(options)
        self._compare(results)
        if failures:
            raise CommandError("MISSED: " + "; ".join(failures))
        self.stdout.write(f"targets ({TARGETS}): met")

    def _measure(self, options) -> tuple[dict, list[str]]:
        every = request_kinds(Client())
        wanted = options["only"].split(",")
        kinds = [kind for kind in every if any(part in kind.name for part in wanted)]
        failures = self._plans([*kinds, *(Kind(path, [path]) for path in other_lists(every))])
        results: dict = {"kinds": {}}
        self.stdout.write(
            f"\nnginx (deploy/nginx.conf) before gunicorn"
            f" {' '.join(stack_arguments(workers=options['workers'], threads=options['threads']))}"
        )
        self.stdout.write(
            f"wrk, 2 threads, {options['rounds']} rounds over the request kinds, each on a stack"
            f" started afresh: saturation with {options['connections']} connections (closed"
            f" loop, {options['saturation_seconds']:.0f} s), then {options['rate']:.0f}"
            f" requests/s offered (open loop, {options['seconds']:.0f} s); saturation the"
            " rounds' median, latencies those of every paced request of the rounds together;"
            " nothing else was started by this command"
        )
        self.stdout.write(
            f"\n{'request':<30}{'saturation':>11}{'median':>9}{'p95':>8}{'p99':>8}{'max':>8}"
            f"{'late':>6}  CPU cores at the rate: app / PostgreSQL / nginx / wrk"
        )
        for kind, (full, paced, rounds, paced_rounds) in zip(
            kinds, self._load(kinds, options), strict=True
        ):
            cpu = paced.cpu
            saturation = statistics.median(run.per_second for run in rounds)
            per_round = "/".join(f"{run.per_second:.0f}" for run in rounds)
            self.stdout.write(
                f"{kind.name:<30}{saturation:>9.0f}/s{paced.median_ms:>7.1f}ms"
                f"{paced.p95_ms:>6.1f}ms{paced.p99_ms:>6.1f}ms{paced.max_ms:>6.0f}ms"
                f"{paced.late:>6}  {cpu['app']:.2f} / {cpu['postgres']:.2f}"
                f" / {cpu['nginx']:.2f} / {cpu['wrk']:.2f}"
                f"   (saturated: {full.cpu['app']:.2f} / {full.cpu['postgres']:.2f};"
                f" rounds {per_round}/s)"
            )
            results["kinds"][kind.name] = {
                "saturation_per_s": saturation,
                "median_ms": paced.median_ms,
                "p95_ms": paced.p95_ms,
                "p99_ms": paced.p99_ms,
                "achieved_per_s": paced.per_second,
                "rounds": [
                    {
                        "saturation_per_s": run.per_second,
                        "median_ms": at_rate.median_ms,
                        "p95_ms": at_rate.p95_ms,
                        "p99_ms": at_rate.p99_ms,
                    }
                    for run, at_rate in zip(rounds, paced_rounds, strict=True)
                ],
            }
            failures += _missed(kind.name, saturation, full, paced, options["rate"])
        results["machine_ms"] = self.machine_ms
        if not options["no_exports"]:
            with stack_server(workers=options["workers"], threads=options["threads"]) as server:
                failures += self._exports(server, results)
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else None
        results["previous"] = previous and {k: v for k, v in previous.items() if k != "previous"}
        if not options["only"] and not options["no_exports"]:  # a whole run: kept
            RESULTS.parent.mkdir(exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=1))
        return results, failures

    def _load(self, kinds, options) -> list:
        """Each kind's (saturation, paced, saturation rounds, paced rounds) figures: ``rounds``
        rounds over every kind, each on a stack started afresh and warmed up, and each starting
        one kind further on, so that a slow spell of the machine falls on all of them and on no
        kind always at the same place. A kind's saturation is its rounds' median, its latencies
        those of its paced requests pooled.

        A fresh stack per round: two runs back to back, each on one stack, differed in their
        p99s by up to 23% while the rounds within each run agreed, as if a set of server
        processes had a speed of its own; a run now samples several."""
        runs = [([], []) for _ in kinds]
        checks = []
        for round_number in range(options["rounds"]):
            checks.append(machine_check())
            with stack_server(workers=options["workers"], threads=options["threads"]) as server:
                for kind in kinds:
                    wrk_run(server, kind.paths, connections=4, seconds=1)  # warm up
                shift = round_number % len(kinds)
                for index in [*range(shift, len(kinds)), *range(shift)]:
                    kind, (full, paced) = kinds[index], runs[index]
                    full.append(
                        wrk_run(
                            server,
                            kind.paths,
                            connections=options["connections"],
                            seconds=options["saturation_seconds"],
                        )
                    )
                    paced.append(
                        wrk_run(
                            server,
                            kind.paths,
                            connections=options["connections"],
                            seconds=options["seconds"],
                            rate=options["rate"],
                        )
                    )
        checks.append(machine_check())
        self.machine_ms = statistics.mean(checks)
        self.stdout.write(
            "machine check (a fixed Python loop, before each round and after the last): "
            + " / ".join(f"{ms:.0f}" for ms in checks)
            + " ms"
        )
        return [(combined(full), combined(paced), full, paced) for full, paced in runs]

    def _plans(self, kinds) -> list[str]:
        """Each request kind's statements, explained: a sequential scan of a big table fails."""
        self.stdout.write("\nquery plans (EXPLAIN ANALYZE of each statement of one request):")
        failures = []
        client = Client()
        for kind in kinds:
            plans = request_plans(client, kind.paths[0])
            slowest = max(plans, key=lambda plan: plan.milliseconds)
            total = sum(plan.milliseconds for plan in plans)
            slow = "  <- slow" if total > SLOW_PLAN_MS else ""
            self.stdout.write(
                f"  {kind.name[:60]:<60}{len(plans):>2} statements {total:6.1f} ms{slow};"
                f" slowest: {slowest.summary}"
            )
            for plan in plans:
                for table in plan.big_scans:
                    failures.append(f"{kind.name}: sequential scan of {table}")
        return failures

    def _exports(self, server, results) -> list[str]:
        """Full exports (every statement) against COPY of the same query, alternately."""
        self.stdout.write("\nbulk pulls, every statement (alternately, twice each):")
        bare = "COPY (same query) TO STDOUT"
        json_copy, csv_copy = "  COPY of its JSON statement", "  COPY of its CSV statement"
        pulls: dict[str, list] = {bare: [], "export.jsonl": [], json_copy: []}
        pulls |= {"export.csv": [], csv_copy: []}
        for _ in range(2):
            pulls[bare].append(database_copy())
            pulls["export.jsonl"].append(http_export(server, "/api/v1/quotes/export.jsonl"))
            pulls["export.csv"].append(http_export(server, "/api/v1/quotes/export.csv"))
            pulls[json_copy].append(database_copy("jsonl"))
            pulls[csv_copy].append(database_copy("csv"))
        copy_rate = statistics.median(p.rows_per_second for p in pulls[bare])
        failures = []
        for name, runs in pulls.items():
            rate = statistics.median(p.rows_per_second for p in runs)
            memory = (
                f"; worker RSS {runs[0].rss_before_mb:.0f} MB before, peak"
                f" {max(p.peak_rss_mb for p in runs):.0f} MB"
                if runs[0].peak_rss_mb
                else ""
            )
            self.stdout.write(
                f"  {name:<30}{runs[0].rows:>10,} rows {runs[0].megabytes:>6.0f} MB"
                f"{rate:>10,.0f} rows/s  {rate / copy_rate:.2f}x COPY{memory}"
            )
            results.setdefault("exports", {})[name] = rate
            if runs[0].peak_rss_mb and rate < 0.5 * copy_rate:
                failures.append(f"{name}: {rate / copy_rate:.2f}x COPY < 0.5x")
        return failures

    def _compare(self, results) -> None:
        if not results.get("previous"):
            self.stdout.write(f"\nfigures saved in {RESULTS}: the next run compares with them")
            return
        for line in comparison(results["previous"], results):
            self.stdout.write(line)


def _missed(name: str, saturation: float, full, paced, rate: float) -> list[str]:
    failures = []
    if full.failed or paced.failed:
        failures.append(f"{name}: {full.failed + paced.failed} failed requests")
    if paced.median_ms >= 30 or paced.p99_ms >= 100:
        failures.append(f"{name}: median {paced.median_ms:.1f} ms, p99 {paced.p99_ms:.1f} ms")
    if paced.late:
        failures.append(f"{name}: {paced.late} requests sent late at {rate:.0f}/s")
    if name == "quote list" and saturation < 200:
        failures.append(f"{name}: saturation {saturation:.0f}/s < 200/s")
    return failures
