"""python manage.py embed_statements : compute the embeddings that stored statements lack,
then put those statements in their statement groups (and build the vector index when
there are enough of them: ``index_statements``).

For statements stored before embeddings existed, or whose vectors an older encoder made, or
whose embedding failed at ingest. Idempotent: run it again and it does only what is left.
``--regroup`` also groups every statement that has its vector but is in no group (its
grouping failed after its vector was stored, say): the worker's rules, screened first, so
that the statements with nothing close are passed over at the cost of one read."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from claims.models import Quote
from claims.services import (
    quote_embeddings_fill,
    quotes_unembedded,
    statement_groups_update,
    vector_index_refresh,
)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=256, help="statements per encoder call")
        parser.add_argument(
            "--regroup",
            action="store_true",
            help="group every statement with a vector and no group, not only those embedded now",
        )

    def handle(self, *args, batch, regroup, verbosity, **options):
        left = quotes_unembedded().count()
        stored: list[int] = []
        if not left:
            self.stdout.write("Every statement has its embedding.")
        else:
            started = time.perf_counter()
            with tqdm(total=left, unit="statement", disable=verbosity == 0) as progress:
                stored = quote_embeddings_fill(batch=batch, progress=progress.update)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"Embedded {len(stored):,} statements in {seconds:.1f} s"
                f" ({len(stored) / seconds if seconds else 0:,.0f} a second)."
            )
        grouped = Quote.objects.all() if regroup else Quote.objects.filter(pk__in=stored)
        joined = statement_groups_update(quotes=grouped)
        self.stdout.write(f"{joined:,} statements joined a statement group.")
        index = vector_index_refresh(say=self.stdout.write)
        if index is not None:
            self.stdout.write(f"Vector index built: {index.cells:,} cells over {index.vectors:,}.")
