"""What a statement means, as a vector: the basis of search by meaning and of statement
groups."""

from django.db import models

from .quotes import Quote


class QuoteEmbedding(models.Model):
    """A quote's text as a unit vector (``extraction.embedding``), computed by the worker after
    extraction, or when an editor writes or corrects a statement. Kept beside the quote, not in
    its row, so that the lists never read it; deleted with the quote, and when its text
    changes (it is then computed again)."""

    quote = models.OneToOneField(
        Quote, primary_key=True, on_delete=models.CASCADE, related_name="embedding"
    )
    encoder = models.CharField(
        max_length=64, help_text="The encoder that made the vector: only equals are compared."
    )
    vector = models.BinaryField(help_text="The unit vector, float16, little-endian.")
    cell = models.IntegerField(
        null=True,
        blank=True,
        help_text="The vector index's cell holding the vector (the number of its nearest"
        " VectorCell), or empty while there is no index.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # One cell's vectors read together from the index alone (PostgreSQL's covering
            # index; other databases index the two keys only).
            models.Index(
                fields=["encoder", "cell"],
                include=["quote", "vector"],
                name="claims_embedding_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"embedding of quote {self.quote_id} ({self.encoder})"


class VectorIndex(models.Model):
    """The current partition of one encoder's vectors into cells (an inverted-file index):
    a search by meaning scores the cells' centres and reads only the vectors of the closest
    cells. Built by ``manage.py index_statements`` or the periodic refresh
    (:mod:`claims.services.vector_index`); at most one per encoder."""

    encoder = models.CharField(max_length=64, unique=True)
    cells = models.PositiveIntegerField(help_text="The number of cells.")
    vectors = models.PositiveIntegerField(help_text="The number of vectors it was built over.")
    built_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long the build took.")

    def __str__(self) -> str:
        return f"vector index of {self.encoder}: {self.cells} cells over {self.vectors} vectors"


class VectorCell(models.Model):
    """One cell of a vector index: its centre, a unit vector (float32, little-endian)."""

    index = models.ForeignKey(VectorIndex, on_delete=models.CASCADE, related_name="centres")
    number = models.PositiveIntegerField()
    centroid = models.BinaryField()
    size = models.PositiveIntegerField(help_text="Vectors in the cell when it was built.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "number"], name="claims_cell_number_unique")
        ]

    def __str__(self) -> str:
        return f"cell {self.number} of {self.index.encoder}"
