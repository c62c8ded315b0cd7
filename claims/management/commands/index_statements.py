"""python manage.py index_statements : build (or rebuild) the vector index that search by
meaning reads at scale, over every stored statement's vector.

The periodic refresh does this by itself once there are VECTOR_INDEX_MIN vectors and again
each time their number doubles; this command is for doing it now (after a large back-fill,
say), with another number of cells, or for dropping the index (searches then read every
vector)."""

from django.core.management.base import BaseCommand

from claims.services import vector_index_build, vector_index_drop


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--cells",
            type=int,
            help="the number of cells (default: the square root of the vectors)",
        )
        parser.add_argument("--drop", action="store_true", help="drop the index instead")

    def handle(self, *args, cells, drop, **options):
        if drop:
            vector_index_drop()
            self.stdout.write("No vector index: search by meaning reads every vector.")
            return
        index = vector_index_build(cells=cells, say=self.stdout.write)
        if index is None:
            self.stdout.write("No statement has a vector yet: no index.")
        else:
            self.stdout.write(
                f"Vector index built: {index.cells:,} cells over {index.vectors:,} vectors"
                f" in {index.seconds:.1f} s."
            )
