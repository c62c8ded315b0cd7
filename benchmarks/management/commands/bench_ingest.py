"""python manage.py bench_ingest [JSONL] : end-to-end ingest throughput with 1 and 2 worker
processes against the bare extraction of the same texts (PolNeAR train by default)."""

import json
import statistics
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks import ingest as bench
from benchmarks.database import bench_database

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "polnear" / "polnear_train.jsonl"


class Command(BaseCommand):
    help = (
        "Ingest articles through Redis and real Celery workers into PostgreSQL with 1 and 2"
        " worker processes, and print articles per second against the bare extraction."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
        parser.add_argument(
            "--no-embedding-run",
            action="store_true",
            help="leave out the run with 1 worker and no embedding (the embedding's cost)",
        )
        parser.add_argument(
            "--embedding-rounds",
            type=int,
            default=1,
            help="measure the embedding's cost this many times (each round after the first: 1"
            " worker without, then with embedding) and judge it on the median",
        )

    def handle(self, *args, source, limit, workers, **options):
        if not source.is_file():
            raise CommandError(f"{source} not found (PolNeAR train is read from ../shared/).")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("The benchmark needs a broker: set CELERY_BROKER_URL (Redis).")
        with source.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
        texts = texts[:limit] if limit else texts
        self.stdout.write(f"{len(texts)} articles from {source}")

        queue = f"onrecord-bench-{uuid.uuid4().hex[:8]}"
        bench.use_queue(queue)
        plain = None  # 1 worker, no embedding
        with bench_database("_bench"):
            runs = [bench.bare_extraction(texts)]
            self.stdout.write(f"  bare extraction: {runs[0].seconds:.1f} s")
            for count in workers:
                runs.append(bench.end_to_end(texts, count, queue, self.stdout.write))
                self.stdout.write(f"  {runs[-1].label}: {runs[-1].seconds:.1f} s")
            if not options["no_embedding_run"]:
                plain = bench.end_to_end(texts, 1, queue, self.stdout.write, embed=False)
                self.stdout.write(f"  {plain.label}: {plain.seconds:.1f} s")
            with_it = dict(zip(workers, runs[1:], strict=True)).get(1)
            rounds = [(with_it, plain)] if with_it and plain else []
            for _ in range(options["embedding_rounds"] - 1 if rounds else 0):
                without = bench.end_to_end(texts, 1, queue, self.stdout.write, embed=False)
                rounds.append((bench.end_to_end(texts, 1, queue, self.stdout.write), without))
                self.stdout.write(
                    f"  another round: {rounds[-1][0].seconds:.1f} s with embedding,"
                    f" {without.seconds:.1f} s without"
                )
        self._report(runs, workers, plain)
        if plain is not None:
            self._embedding(with_it, plain, rounds)

    def _report(self, runs, workers, plain=None):
        bare, *e2e = runs
        self.stdout.write("")
        self.stdout.write(
            f"{'run':<34}{'seconds':>9}{'articles/s':>12}{'quotes':>9}"
            f"{'worker RSS':>12}  (mode {settings.EXTRACTION_MODE})"
        )
        for run in runs:
            memory = f"{run.worker_mib:>8.0f} MiB" if run.worker_mib else ""
            self.stdout.write(
                f"{run.label:<34}{run.seconds:>9.1f}{run.per_second:>12.2f}{run.quotes:>9}"
                f"{memory:>12}"
            )
        by_workers = dict(zip(workers, e2e, strict=True))
        same = all(run.quotes == bare.quotes for run in e2e)
        self.stdout.write(f"quotes stored end to end = quotes of the bare extraction: {same}")
        if 1 in by_workers:
            ratio = by_workers[1].per_second / bare.per_second
            verdict = "met" if ratio >= 0.8 else "MISSED"
            self.stdout.write(f"1 worker / bare extraction: {ratio:.3f} (target >= 0.8: {verdict})")
            if plain is not None:
                ratio = plain.per_second / bare.per_second
                verdict = "met" if ratio >= 0.8 else "MISSED"
                self.stdout.write(
                    f"1 worker with no embedding / bare extraction: {ratio:.3f}"
                    f" (the same work as the bare extraction; target >= 0.8: {verdict})"
                )
        if 1 in by_workers and 2 in by_workers:
            ratio = by_workers[2].per_second / by_workers[1].per_second
            verdict = "met" if ratio >= 1.7 else "MISSED"
            self.stdout.write(f"2 workers / 1 worker: {ratio:.3f} (target >= 1.7: {verdict})")

    def _embedding(self, with_it, without, rounds):
        """What embedding the statements costs end to end: 1 worker with it and without, in
        each of ``rounds`` (pairs of runs), judged on the median."""
        self.stdout.write(
            f"{without.label:<34}{without.seconds:>9.1f}{without.per_second:>12.2f}"
            f"{without.quotes:>9}{without.worker_mib:>8.0f} MiB"
        )
        if not rounds:
            return
        added = [pair[0].seconds / pair[1].seconds - 1 for pair in rounds]
        median = statistics.median(added)
        verdict = "met" if median <= 0.25 else "MISSED"
        each = ", ".join(
            f"{a:+.1%} ({pair[0].seconds:.1f} s against {pair[1].seconds:.1f} s)"
            for a, pair in zip(added, rounds, strict=True)
        )
        self.stdout.write(
            f"embedding the statements adds {median:+.1%} to end-to-end ingest time, 1 worker"
            f" (median of {len(rounds)} round{'s' if len(rounds) > 1 else ''}: {each}; target"
            f" <= 25%: {verdict}); a pool process's peak RSS {with_it.worker_mib:.0f} MiB"
            f" against {without.worker_mib:.0f} MiB"
        )
