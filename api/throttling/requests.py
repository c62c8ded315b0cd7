"""The API's request throttles: by address for anonymous clients, by user."""

from __future__ import annotations

from .windows import WindowRateThrottle


class AnonRateThrottle(WindowRateThrottle):
    """Anonymous clients, by address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(WindowRateThrottle):
    """Signed-in clients (token or session), by user; anonymous ones have their own rate."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
