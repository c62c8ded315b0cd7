"""Statement groups: one statement of one speaker as every outlet reported it, and the
quotations in a group whose words differ (possible misquotes)."""

from django.conf import settings
from django.db import models

from .quotes import Quote
from .speakers import Speaker


class StatementGroup(models.Model):
    """The reports, in different articles, of one statement by one speaker. The worker groups
    statements as articles arrive (``claims.services.groups``); editors move statements in and
    out, and the machine never undoes what they did."""

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="groups")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"statement group {self.pk} of {self.speaker}"


class GroupMember(models.Model):
    """A statement in a group. ``by_editor``: an editor put it there (the machine never
    moves it); otherwise the worker did, through the member it was closest to (``score``)."""

    quote = models.OneToOneField(
        Quote, primary_key=True, on_delete=models.CASCADE, related_name="group_member"
    )
    group = models.ForeignKey(StatementGroup, on_delete=models.CASCADE, related_name="members")
    by_editor = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["group", "quote"])]

    def __str__(self) -> str:
        return f"quote {self.quote_id} in group {self.group_id}"


class GroupExclusion(models.Model):
    """An editor took a statement out of a group: the worker never puts it back there."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="group_exclusions")
    group = models.ForeignKey(StatementGroup, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quote", "group"], name="group_exclusion_once")
        ]

    def __str__(self) -> str:
        return f"quote {self.quote_id} kept out of group {self.group_id}"


class MisquoteAlert(models.Model):
    """Two quotations (direct or partial) in one group whose quoted words differ beyond
    punctuation, case and marked omissions: ``earlier`` appeared first (by publication date,
    then by id). ``changes`` lists the differences, each ``{"before": [words], "after":
    [words]}`` from the earlier's words to the later's. Fact-checkers confirm or dismiss it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed misquote"
        DISMISSED = "dismissed", "Not a misquote"

    group = models.ForeignKey(StatementGroup, on_delete=models.CASCADE, related_name="alerts")
    earlier = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+")
    later = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+")
    words_earlier = models.JSONField(help_text="The earlier's quoted words, normalised.")
    words_later = models.JSONField(help_text="The later's quoted words, normalised.")
    changes = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="misquote_alert_once")
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"misquote alert {self.pk}: quote {self.earlier_id} -> {self.later_id}"
