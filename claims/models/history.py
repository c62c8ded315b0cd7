"""The append-only history of human decisions on claims, quotes and speakers."""

from django.conf import settings
from django.db import models

from .claims import Claim
from .quotes import Quote
from .speakers import Speaker


class AppendOnly(models.Model):
    """A history row: written once (by :mod:`claims.events` only), never changed or deleted
    (on PostgreSQL a trigger refuses UPDATE and DELETE too), and its subject, protected, is
    never deleted either."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only")


class ClaimEvent(AppendOnly):
    """One change of a claim: created, quotes attached or detached, verdict set; who, when,
    old and new verdict, why."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        QUOTES_ADDED = "quotes_added", "Quotes attached"
        QUOTES_REMOVED = "quotes_removed", "Quotes detached"
        VERDICT = "verdict", "Verdict set"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.VERDICT)
    old_verdict = models.CharField(max_length=20, choices=Claim.Verdict.choices)
    new_verdict = models.CharField(max_length=20, choices=Claim.Verdict.choices)
    summary = models.TextField(blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    quote_ids = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    # the claim's version this change made (None: recorded before versions were counted)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        if self.action == self.Action.VERDICT:
            return f"{self.old_verdict} -> {self.new_verdict}"
        return self.get_action_display()


class QuoteEvent(AppendOnly):
    """One editor's change to a quote (speaker, kind, span, verified, rejected, or its
    creation): who, when, old, new, why."""

    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=32)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    note = models.TextField(blank=True)
    # the quote's version this change made (None: recorded before versions were counted)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"


class SpeakerEvent(AppendOnly):
    """One change to a speaker: an alias added or removed, another speaker merged into it,
    its identity (Wikidata QID, gender) set. ``actor`` is the editor; None for the seed of
    public figures (``manage.py load_speakers``), which names its source in ``data``."""

    class Action(models.TextChoices):
        ALIAS_ADDED = "alias_added", "Alias added"
        ALIAS_REMOVED = "alias_removed", "Alias removed"
        MERGED = "merged", "Speaker merged in"
        IDENTITY = "identity", "Identity set"

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.get_action_display()}"
