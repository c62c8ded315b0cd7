"""API clients authenticate with ``Authorization: Token <key>``; keys are stored hashed.

A token past its expiry (``ApiToken.expires_at``) is refused like a revoked one, saying so.
Failed token authentications (invalid, revoked or expired tokens) are counted per client
address (AUTH_FAILURE_LIMIT within AUTH_FAILURE_WINDOW seconds); past the limit, further bad
tokens from that address get 429 with ``Retry-After``. A good token is never refused nor
counted: keys are 256 random bits, so letting one through from a throttled address gives a
guesser nothing, and a client that shares its address with a guesser keeps working.
"""

import hmac
import logging
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.throttling import FailureLimit, client_address
from api.validation import CONTROL_CHARACTERS

from .models import ApiToken
from .services import token_hash

logger = logging.getLogger(__name__)

# last_used_at is written at most this often per token, not on every request
TOUCH_SECONDS = 60


class TooManyInvalidTokens(exceptions.Throttled):
    default_detail = "Too many invalid tokens from this address."


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        try:
            return self._authenticate(header)
        except exceptions.AuthenticationFailed:
            address = client_address(request)
            failures = FailureLimit(
                "api_token", limit=settings.AUTH_FAILURE_LIMIT, window=settings.AUTH_FAILURE_WINDOW
            )
            failure = failures.fail(address)
            if not failure.within_limit:
                logger.warning("invalid API token from %s: too many, refused with 429", address)
                raise TooManyInvalidTokens(wait=failure.wait) from None
            raise

    def _authenticate(self, header: list[bytes]):
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Token <key>")
        try:
            key = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token.") from exc
        if CONTROL_CHARACTERS.search(key):  # NUL would reach the database
            raise exceptions.AuthenticationFailed("Invalid token.")
        digest = token_hash(key)
        token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=key[:8], key_hash=digest, revoked_at__isnull=True)
            .first()
        )
        if token is None or not hmac.compare_digest(token.key_hash, digest):
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.has_expired(now):
            raise exceptions.AuthenticationFailed(
                f"This token expired at {token.expires_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC:"
                " ask for a new one."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user is inactive.")
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, from `manage.py api_token create` or the admin.",
        }
