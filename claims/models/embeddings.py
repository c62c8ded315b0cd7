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
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"embedding of quote {self.quote_id} ({self.encoder})"
