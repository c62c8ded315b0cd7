"""API throttling by sliding-window counters in the shared cache.

DRF's ``SimpleRateThrottle`` keeps every request's timestamp of the window in one cache value
and reads and rewrites that list on each request: two round trips and, at 1,200 requests a
minute, a list of 1,200 floats pickled each time. Here each client has one counter per window
(``INCR`` with an expiry); the rate is estimated over the last full window as ``previous ×
(share of it still inside the window) + current``, the usual sliding-window approximation.
On Redis, counting and reading are one Lua script (one round trip). Requests refused are
counted too, so a client that keeps hammering stays refused until it slows down.

When the cache cannot be reached the throttle fails open: the request goes through, uncounted,
with a warning in the log. Losing rate limits for a while is better than refusing everything
(ingest included) while Redis is down.
"""

from __future__ import annotations

import logging

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from .cache import RedisCache

logger = logging.getLogger(__name__)


class WindowRateThrottle(SimpleRateThrottle):
    cache_alias = "default"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        try:
            self.current, self.previous = _count(
                caches[self.cache_alias],
                f"{self.key}:{window}",
                f"{self.key}:{window - 1}",
                2 * self.duration,
            )
        except (RedisError, OSError) as exc:
            logger.warning("throttle: the cache is unreachable, request not counted (%s)", exc)
            return True
        self.elapsed = self.now / self.duration - window  # share of this window gone by
        return self.previous * (1 - self.elapsed) + self.current <= self.num_requests

    def wait(self) -> float:
        """Seconds until the next request would be let through (if no other is sent)."""
        room = self.num_requests - self.current - 1  # what the next request leaves
        if room >= 0 and self.previous:
            # the previous window's weight has to fall until the next request fits
            return max(0.0, (1 - room / self.previous - self.elapsed) * self.duration)
        if room >= 0:
            return 0.0
        # this window alone is full: in the next one it becomes the previous window
        share = max(0.0, 1 - (self.num_requests - 1) / self.current)
        return (1 - self.elapsed + share) * self.duration


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


# One round trip: count this request in its window (the counter lives two windows) and read
# the previous window's count.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('GET', KEYS[2]) or '0'}
"""


def _count(cache, key: str, previous_key: str, ttl: int) -> tuple[int, int]:
    """Add one to ``key``'s counter (kept ``ttl`` seconds) and read ``previous_key``'s: the
    new count and the previous one."""
    if isinstance(cache, RedisCache):
        key = cache.make_and_validate_key(key)
        script = cache.script(COUNT_SCRIPT, key)
        current, previous = script(
            keys=[key, cache.make_and_validate_key(previous_key)], args=[ttl]
        )
        return int(current), int(previous)
    # other caches (local memory on the embedded defaults)
    cache.add(key, 0, ttl)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, ttl)
        current = 1
    return current, cache.get(previous_key, 0)
