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


class Claim(models.Model):
    """A checkable statement made by a speaker, grouping the quotes that make it."""

    Verdict = Verdict

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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["verdict", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="claim_verdict_valid"
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
        ]

    def __str__(self) -> str:
        return self.statement[:80]
