"""Claims: statements under review, with a verdict."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.links import validate_evidence_links

from .quotes import Quote
from .speakers import Speaker


class Verdict(models.TextChoices):
    """How a claim holds up, as a fact-checker judged it."""

    UNREVIEWED = "unreviewed", "Unreviewed"
    ACCURATE = "accurate", "Accurate"
    MOSTLY_ACCURATE = "mostly_accurate", "Mostly accurate"
    MIXED = "mixed", "Mixed"
    MISLEADING = "misleading", "Misleading"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Status(models.TextChoices):
    """Where a claim is in the desk's review: new, being checked, its verdict waiting for a
    second fact-checker's approval, published (its verdict public)."""

    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    SECOND_REVIEW = "second_review", "Needs second review"
    PUBLISHED = "published", "Published"


# The statuses a fact-checker sets by hand: a claim is published by its verdict.
STATUS_SETTABLE = (Status.NEW, Status.IN_PROGRESS, Status.SECOND_REVIEW)


class Claim(models.Model):
    """A checkable statement made by a speaker, grouping the quotes that make it. ``verdict``
    (with ``summary`` and ``evidence_links``) is the published verdict, the one ClaimReview
    and the public pages show; a verdict waiting for a second fact-checker is a draft
    (``draft_verdict`` and the fields beside it), seen by the newsroom only."""

    Verdict = Verdict
    Status = Status

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims")
    statement = models.TextField()
    quotes = models.ManyToManyField(Quote, related_name="claims", blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.UNREVIEWED)
    summary = models.TextField(blank=True)
    evidence_links = models.JSONField(
        default=list, blank=True, validators=[validate_evidence_links]
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the recorded changes: an edit made from an older version is refused.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    draft_verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        help_text="A verdict waiting for a second fact-checker's approval; empty: none.",
    )
    draft_summary = models.TextField(blank=True)
    draft_evidence_links = models.JSONField(
        default=list, blank=True, validators=[validate_evidence_links]
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True, blank=True)
    # What the queue shows and sorts on, kept by the services that attach and detach quotes
    # (claims.services.claims): read from the claim's row, a queue of 10,000 claims sorts in
    # the database without joining every quote.
    first_seen = models.DateField(
        null=True, blank=True, editable=False, help_text="The earliest of its articles' dates."
    )
    outlet = models.CharField(
        max_length=200, blank=True, editable=False, help_text="The outlet that carried it first."
    )
    checkworthiness = models.FloatField(
        null=True, blank=True, editable=False, help_text="The highest of its statements'."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["verdict", "-updated_at"]),
            models.Index(fields=["status", "created_at"], name="claim_queue"),
            models.Index(fields=["assignee", "status"], name="claim_assignee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="claim_verdict_valid"
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(draft_verdict="") | Q(draft_verdict__in=Verdict.values),
                name="claim_draft_verdict_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]
