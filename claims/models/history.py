"""The append-only history of human decisions on claims, quotes and speakers."""

from django.conf import settings
from django.db import models

from .claims import Claim, Verdict
from .quotes import Quote
from .speakers import Speaker


class AppendOnly(models.Model):
    """A history row, of one shape for claims, quotes and speakers: its subject, ``actor``
    (who), ``created_at`` (when), ``action`` (what), ``old`` and ``new`` (the values it
    changed, by name: ``{"verdict": "false"}``) and ``note`` (why). Written once (by
    :mod:`claims.events` only), never changed or deleted (on PostgreSQL a trigger refuses
    UPDATE and DELETE too), and its subject, protected, is never deleted either."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=32)
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only")


class ClaimEvent(AppendOnly):
    """One change of a claim: created, quotes attached or detached, verdict set, statement
    edited. ``old`` and ``new`` hold the verdict before and after; ``new`` the summary and
    evidence links as they are then; the statements attached (``new``) or detached
    (``old``) as ``quote_ids``; an edit of the claim's text its ``statement``, old and new."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        QUOTES_ADDED = "quotes_added", "Quotes attached"
        QUOTES_REMOVED = "quotes_removed", "Quotes detached"
        VERDICT = "verdict", "Verdict set"
        STATEMENT = "statement", "Statement edited"
        DRAFTED = "drafted", "Verdict drafted"
        RETURNED = "returned", "Draft sent back"
        ASSIGNED = "assigned", "Assigned"
        STATUS = "status", "Status changed"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32, choices=Action.choices)
    # the claim's version this change made (None: recorded before versions were counted)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        if self.action == self.Action.VERDICT:
            return f"{self.old_verdict} -> {self.new_verdict}"
        return self.get_action_display()

    # The API's and the pages' names for what ``old`` and ``new`` hold.
    @property
    def old_verdict(self) -> str:
        return self.old.get("verdict", "")

    @property
    def new_verdict(self) -> str:
        return self.new.get("verdict", "")

    def get_old_verdict_display(self) -> str:
        return str(dict(Verdict.choices).get(self.old_verdict, self.old_verdict))

    def get_new_verdict_display(self) -> str:
        return str(dict(Verdict.choices).get(self.new_verdict, self.new_verdict))

    @property
    def summary(self) -> str:
        return self.new.get("summary", "")

    @property
    def evidence_links(self) -> list[str]:
        return self.new.get("evidence_links", [])

    @property
    def old_statement(self) -> str:
        return self.old.get("statement", "")

    @property
    def new_statement(self) -> str:
        return self.new.get("statement", "")

    @property
    def quote_ids(self) -> list[int]:
        return self.new.get("quote_ids") or self.old.get("quote_ids") or []


class QuoteEvent(AppendOnly):
    """One editor's change to a quote: ``created`` (``new`` holds what it was created with),
    ``edited`` (``old`` and ``new`` hold the fields changed: speaker (its id), kind, span,
    verified, rejected), ``grouped`` (moved into a statement group or out of one: ``old``
    and ``new`` hold the group's id, None for none) or ``assigned`` (``old`` and ``new`` hold
    the assignee's user id, None for nobody)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        GROUPED = "grouped", "Moved between statement groups"
        ASSIGNED = "assigned", "Assigned"

    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32, choices=Action.choices)
    # the quote's version this change made (None: recorded before versions were counted)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action}: {self.old} -> {self.new}"


class SpeakerEvent(AppendOnly):
    """One change to a speaker: an alias added (``new``) or removed (``old``), another
    speaker merged into it (``new``: what moved, by id; ``old``: its identity fields the
    merge filled in) or that merge undone (``new``: what moved back and what stayed), its
    identity (Wikidata QID, gender) set, old to new. ``actor`` is the editor; None for the
    seed of public figures (``manage.py load_speakers``), which names its source in
    ``new``."""

    class Action(models.TextChoices):
        ALIAS_ADDED = "alias_added", "Alias added"
        ALIAS_REMOVED = "alias_removed", "Alias removed"
        MERGED = "merged", "Speaker merged in"
        UNMERGED = "unmerged", "Merge undone"
        IDENTITY = "identity", "Identity set"

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.speaker}: {self.get_action_display()}"
