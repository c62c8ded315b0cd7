"""Sign-in, the site's and the admin's, against guessing passwords.

A user name, or a client address, with ``AUTH_FAILURE_LIMIT`` failed sign-ins within
``AUTH_FAILURE_WINDOW`` seconds is refused until enough of them have aged out of the window:
its password is not even checked, so a right one is refused too. Signing in clears the user
name's failures; an address's stay, so that signing in to one's own account between guesses
at others does not reset them. Failures are counted in the cache (api.throttling), which
fails open: with the cache down sign-in works as if there were no limit.
"""

from __future__ import annotations

import hashlib
import logging
import math

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from api.throttling import FailureLimit, client_address

logger = logging.getLogger(__name__)


def _limit(scope: str) -> FailureLimit:
    return FailureLimit(
        scope, limit=settings.AUTH_FAILURE_LIMIT, window=settings.AUTH_FAILURE_WINDOW
    )


def _name_key(username: str) -> str:
    """The user name as counted: case-insensitive, and hashed (no names in the cache)."""
    return hashlib.sha256(username.casefold().encode("utf-8")).hexdigest()


class LockoutMixin:
    """For an ``AuthenticationForm``: refuses a locked-out user name or address, counts
    wrong passwords against both, and clears the user name's count on success."""

    locked_message = (
        "Too many failed sign-ins for this user name or from this address. "
        "Try again in %(minutes)s."
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        by_name, by_address = _limit("signin_user"), _limit("signin_address")
        name, address = _name_key(username), client_address(self.request)
        wait = max(by_name.wait(name), by_address.wait(address))
        if wait:
            logger.warning("sign-in refused: %r from %s is locked out", username, address)
            raise self._locked_error(wait)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if self.user_cache is None:  # a wrong password (not an account refused its login)
                logger.warning("sign-in failed: %r from %s", username, address)
                wait = max(by_name.fail(name).wait, by_address.fail(address).wait)
                if wait:
                    raise self._locked_error(wait) from None
            raise
        by_name.clear(name)
        return cleaned

    def _locked_error(self, wait: float) -> forms.ValidationError:
        minutes = math.ceil(wait / 60)
        return forms.ValidationError(
            self.locked_message,
            code="locked",
            params={"minutes": f"{minutes} minute{'s' if minutes != 1 else ''}"},
        )


class SignInForm(LockoutMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That user name and password do not match.",
    }


class AdminSignInForm(LockoutMixin, AdminAuthenticationForm):
    pass
