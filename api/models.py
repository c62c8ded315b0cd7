"""API tokens and the requests an Idempotency-Key has answered.

The tables keep the names they had when these models lived in ``claims`` (moved with
``SeparateDatabaseAndState``: no data was copied)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


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
        db_table = "claims_apitoken"
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
        db_table = "claims_idempotentrequest"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.path}"
