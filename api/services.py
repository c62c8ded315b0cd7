"""API tokens: created with a key shown once (only its hash is kept), and revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import ApiToken


def api_token_create(
    *, user: AbstractBaseUser, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new API token for ``user``; returns it with its key, which is not stored and
    cannot be shown again. Without ``expires_at`` it expires API_TOKEN_MAX_DAYS from now
    (never, when that is 0); an expiry in the past or further away is refused."""
    key = secrets.token_urlsafe(32)
    while key.startswith("-"):  # its prefix would read as an option to `api_token revoke`
        key = secrets.token_urlsafe(32)
    if expires_at is None and settings.API_TOKEN_MAX_DAYS:
        expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_MAX_DAYS)
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=key[:8],
        key_hash=token_hash(key),
        expires_at=expires_at,
    )
    token.full_clean(exclude=["prefix", "key_hash"])
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
