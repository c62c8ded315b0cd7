from django.conf import settings
from django.db import models
from django.db.models import Q

from .links import validate_web_link


class Article(models.Model):
    """A news article as it came in, and where its extraction stands."""

    class Status(models.TextChoices):
        FETCHING = "fetching", "Fetching"
        CLEANING = "cleaning", "Cleaning"
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        DUPLICATE = "duplicate", "Duplicate"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    # NULL, not "", when unknown: the uniqueness constraint applies only to known urls
    url = models.URLField(  # noqa: DJ001
        max_length=2000, null=True, blank=True, validators=[validate_web_link]
    )
    published_on = models.DateField(null=True, blank=True)
    raw_text = models.TextField(
        blank=True, help_text="The text exactly as ingested (a web page: its HTML)."
    )
    body = models.TextField(
        blank=True, help_text="The cleaned text; every quote offset refers to it."
    )
    captions = models.TextField(blank=True, help_text="Image and video captions, one a line.")
    # NULL while a page is being fetched or cleaned, and on a duplicate (its duplicate_of has
    # the hash)
    content_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, blank=True, help_text="SHA-256 of the body."
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The article with the same text (a page fetched from another URL).",
    )
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the last extraction failed.")
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the extraction task reached the broker."
    )
    leased_by = models.CharField(
        max_length=64, blank=True, help_text="The task extracting the article (status extracting)."
    )
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When that lease lapses if the task never finishes."
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
                condition=Q(
                    status__in=[
                        "fetching",
                        "cleaning",
                        "queued",
                        "extracting",
                        "done",
                        "failed",
                        "duplicate",
                    ]
                ),
                name="article_status_valid",
            ),
            # only a page not (successfully) fetched or cleaned yet has no text: a url to fetch,
            # or its HTML to clean
            models.CheckConstraint(
                condition=~Q(body="")
                | Q(status__in=["fetching", "failed"], url__isnull=False)
                | (Q(status__in=["cleaning", "failed"]) & ~Q(raw_text="")),
                name="article_body_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__isnull=False) | ~Q(status__in=["queued", "done"]),
                name="article_hash_when_extracted",
            ),
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_blank"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class Fetch(models.Model):
    """One request for a page or a feed, as it went: kept for provenance, never changed."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="fetches"
    )
    feed = models.ForeignKey(
        "Feed", null=True, blank=True, on_delete=models.CASCADE, related_name="fetches"
    )
    url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True, help_text="After redirects.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    content = models.BinaryField(blank=True, help_text="The response body, as received.")
    error = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.status_code or self.error[:40]})"


class Feed(models.Model):
    """An RSS or Atom feed an editor registered; Celery beat polls it for new articles."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True, help_text="Recorded on its articles.")
    active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    polled_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the last poll failed.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url
