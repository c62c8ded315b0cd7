"""Quotes: the statements attributed to speakers in articles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .speakers import Speaker


class Quote(models.Model):
    """An attributed statement: exact character ranges of its article's body."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        PARTIAL = "partial", "Partial"
        INDIRECT = "indirect", "Indirect"

    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", "Extractor"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    text = models.TextField(
        help_text="The content: the article body from content_start to content_end."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()
    mention = models.CharField(
        max_length=500, blank=True, help_text="The speaker as the text names them."
    )
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(default=1.0)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EXTRACTOR)
    verified = models.BooleanField(default=False)
    rejected = models.BooleanField(
        default=False, help_text="An editor found it is not a statement; hidden, kept."
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the recorded changes: an edit made from an older version is refused.",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_quotes",
        help_text="Who checks it, while it waits in the review queue.",
    )
    checkworthiness = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        help_text="How much it is a checkable factual claim, 0 to 1 (extraction.checkworthiness).",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The article's publication date, kept here by the database (triggers of"
        " migration 0018): a speaker's statements in a date range are read from one index.",
    )
    change_xid = models.BigIntegerField(
        null=True,
        editable=False,
        help_text="The transaction that last wrote the row, set by the database (triggers of"
        " migration 0019; never read from a just-saved instance): the API's change feed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "content_start", "id"]
        indexes = [
            # a speaker's statements newest first, in a date range or not, and their number:
            # the date is checked in the index, not in the table (partial: lists leave the
            # rejected out)
            models.Index(
                fields=["speaker", "-id", "published_on"],
                condition=Q(rejected=False),
                name="quote_speaker_listed",
            ),
            models.Index(fields=["article", "content_start"]),
            # the change feed, oldest change first (claims.changes)
            models.Index(fields=["change_xid", "id"], name="quote_changes"),
        ]
        # and, on PostgreSQL, a stored search vector of the text with its GIN index
        # (search_vector, migration 0018)
        constraints = [
            models.CheckConstraint(
                condition=Q(content_start__lt=F("content_end")), name="quote_content_span_valid"
            ),
            models.CheckConstraint(
                condition=(Q(mention_start__isnull=True) & Q(mention_end__isnull=True))
                | Q(mention_start__lt=F("mention_end")),
                name="quote_mention_span_valid",
            ),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | Q(cue_start__lt=F("cue_end")),
                name="quote_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="quote_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["direct", "partial", "indirect"]), name="quote_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["extractor", "editor"]), name="quote_origin_valid"
            ),
            models.CheckConstraint(
                condition=~(Q(verified=True) & Q(rejected=True)),
                name="quote_not_verified_and_rejected",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        body = self.article.body
        if self.content_end > len(body) or body[self.content_start : self.content_end] != self.text:
            raise ValidationError(
                {"text": "The text must be the article body between the offsets."}
            )


class QuoteDeletion(models.Model):
    """A quote deleted from the database (with its article, or by a re-extraction), written
    by the database itself (a trigger of migration 0019), so that the change feed tells API
    clients to drop it. No foreign key: the quote is gone."""

    quote_id = models.BigIntegerField()
    change_xid = models.BigIntegerField(help_text="The transaction that deleted the quote.")
    deleted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["change_xid", "quote_id"], name="quote_deletion_changes")]

    def __str__(self) -> str:
        return f"quote {self.quote_id} deleted"
