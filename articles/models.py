from django.db import models
from django.db.models import Q


class Article(models.Model):
    """A news article as it came in, and where its extraction stands."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    # NULL, not "", when unknown: the uniqueness constraint applies only to known urls
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    published_on = models.DateField(null=True, blank=True)
    raw_text = models.TextField(help_text="The text exactly as ingested.")
    body = models.TextField(help_text="The cleaned text; every quote offset refers to it.")
    captions = models.TextField(blank=True, help_text="Image and video captions, one a line.")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the body.")
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the last extraction failed.")
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the extraction task reached the broker."
    )
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="The task extracting the article (status extracting)."
    )
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="When that claim lapses if the task never finishes."
    )
    extractor_version = models.CharField(max_length=32, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["-published_on", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="article_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "extracting", "done", "failed"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_blank"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"
