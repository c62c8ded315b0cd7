from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from articles.links import validate_evidence_links


class Speaker(models.Model):
    """A canonical speaker: a person, an organisation, a group or a country."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GROUP = "group", "Group"
        COUNTRY = "country", "Country"

    class Gender(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(max_length=300, blank=True)
    # what "he" and "she" may refer to when an article does not say (the speaker registry)
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    # NULL, not "", when unknown: the uniqueness constraint applies only to known QIDs
    wikidata_qid = models.CharField("Wikidata QID", max_length=20, null=True, blank=True)  # noqa: DJ001
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        help_text="Set when an editor merged this speaker into another: its quotes moved there.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation", "group", "country"]),
                name="speaker_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_qid__isnull=True) | Q(wikidata_qid__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_qid_format",
            ),
            models.UniqueConstraint(
                fields=["wikidata_qid"],
                condition=Q(wikidata_qid__isnull=False),
                name="speaker_wikidata_qid_unique",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
            models.CheckConstraint(
                condition=Q(gender__in=["", "male", "female"]), name="speaker_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def merge_target(self) -> "Speaker":
        """The speaker this one ends up as, following merges (A merged into B, then B into
        C: C); itself when it was never merged."""
        speaker, seen = self, {self.pk}
        while speaker.merged_into_id and speaker.merged_into_id not in seen:
            speaker = speaker.merged_into
            seen.add(speaker.pk)
        return speaker


class SpeakerAlias(models.Model):
    """A name form seen for a speaker ("Mr Putin", "Russian President Vladimir Putin")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.CheckConstraint(condition=~Q(normalised=""), name="alias_normalised_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "content_start", "id"]
        indexes = [
            models.Index(fields=["speaker", "-id"]),
            models.Index(fields=["article", "content_start"]),
        ]
        # and, on PostgreSQL, a GIN index of the text's search vector (migration 0004)
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


class ApiToken(models.Model):
    """A key an API client sends as ``Authorization: Token <key>``. Only its SHA-256 is
    stored; the key is shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="From then on the token is refused. Empty: API_TOKEN_MAX_DAYS after its"
        " creation (never, when that is 0).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def clean(self) -> None:
        """A new token's expiry is in the future and, with API_TOKEN_MAX_DAYS, no further
        away than that."""
        if not self._state.adding or self.expires_at is None:
            return
        now = timezone.now()
        if self.expires_at <= now:
            raise ValidationError({"expires_at": "An expiry must be in the future."})
        longest = settings.API_TOKEN_MAX_DAYS
        if longest and self.expires_at > now + timedelta(days=longest):
            raise ValidationError(
                {"expires_at": f"A token lives at most {longest} days (API_TOKEN_MAX_DAYS)."}
            )

    def has_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


class IdempotentRequest(models.Model):
    """The response to a POST made with an ``Idempotency-Key``: the same key and body again
    get the same response, and create nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.path}"
