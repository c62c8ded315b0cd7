"""python manage.py embed_statements : compute the embeddings that stored statements lack,
then put those statements in their statement groups (and build the vector index when
there are enough of them: ``index_statements``).

For statements stored before embeddings existed, or whose vectors an older encoder made, or
whose embedding failed at ingest. Idempotent: run it again and it does only what is left."""

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

    def handle(self, *args, batch, verbosity, **options):
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
        joined = statement_groups_update(quotes=Quote.objects.filter(pk__in=stored))
        self.stdout.write(f"{joined:,} statements joined a statement group.")
        index = vector_index_refresh(say=self.stdout.write)
        if index is not None:
            self.stdout.write(f"Vector index built: {index.cells:,} cells over {index.vectors:,}.")
