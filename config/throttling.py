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

``FailureLimit`` counts failures alone (wrong passwords, invalid API tokens) in the same
windows, per user name or per address, and fails open the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

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
        return _wait(self.num_requests, self.duration, self.current, self.previous, self.elapsed)


def _wait(limit: int, duration: float, current: int, previous: int, elapsed: float) -> float:
    """Seconds until one more event fits in ``limit`` per ``duration`` (if no other comes),
    with ``current`` counted in this window, ``previous`` in the one before and the share
    ``elapsed`` of this window gone by."""
    room = limit - current - 1  # what the next event leaves
    if room >= 0 and previous:
        # the previous window's weight has to fall until the next event fits
        return max(0.0, (1 - room / previous - elapsed) * duration)
    if room >= 0:
        return 0.0
    # this window alone is full: in the next one it becomes the previous window
    share = max(0.0, 1 - (limit - 1) / current)
    return (1 - elapsed + share) * duration


def client_address(request) -> str:
    """The client's address as the throttles count it: ``X-Forwarded-For`` is believed only
    for the ``NUM_PROXIES`` addresses our own proxies append (DRF's ``get_ident``)."""
    return BaseThrottle().get_ident(request)


class Failure(NamedTuple):
    within_limit: bool  # this failure, counted, is still within the limit
    wait: float  # seconds until one more attempt is allowed (0: at once)


class FailureLimit:
    """At most ``limit`` failures (wrong passwords, invalid tokens) per ``window`` seconds for
    each ident (a user name, an address), in the throttle's sliding windows.

    ``wait`` answers, counting nothing, the seconds until one more attempt is allowed (0: at
    once); ``fail`` counts one failure. With the cache unreachable nothing is counted and
    everything is allowed.
    """

    def __init__(
        self, scope: str, *, limit: int, window: int, timer: Callable[[], float] = time.time
    ):
        self.scope, self.limit, self.window, self.timer = scope, limit, window, timer

    def wait(self, ident: str) -> float:
        now, keys = self._keys(ident)
        try:
            counts = caches["default"].get_many(keys)
        except (RedisError, OSError) as exc:
            logger.warning("failure limit: the cache is unreachable, not checked (%s)", exc)
            return 0.0
        current, previous = int(counts.get(keys[0], 0)), int(counts.get(keys[1], 0))
        elapsed = self._elapsed(now)
        if previous * (1 - elapsed) + current + 1 <= self.limit:
            return 0.0
        return _wait(self.limit, self.window, current, previous, elapsed)

    def fail(self, ident: str) -> Failure:
        now, keys = self._keys(ident)
        try:
            current, previous = _count(caches["default"], *keys, 2 * self.window)
        except (RedisError, OSError) as exc:
            logger.warning("failure limit: the cache is unreachable, failure not counted (%s)", exc)
            return Failure(True, 0.0)
        elapsed = self._elapsed(now)
        return Failure(
            previous * (1 - elapsed) + current <= self.limit,
            _wait(self.limit, self.window, current, previous, elapsed),
        )

    def clear(self, ident: str) -> None:
        _, keys = self._keys(ident)
        try:
            caches["default"].delete_many(keys)
        except (RedisError, OSError) as exc:
            logger.warning("failure limit: the cache is unreachable, not cleared (%s)", exc)

    def _keys(self, ident: str) -> tuple[float, list[str]]:
        """The time, and the keys of this window's and the previous window's counters."""
        now = self.timer()
        window = int(now // self.window)
        key = f"failures_{self.scope}_{ident}"
        return now, [f"{key}:{window}", f"{key}:{window - 1}"]

    def _elapsed(self, now: float) -> float:
        """The share of the current window gone by."""
        return now / self.window - int(now // self.window)


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
