"""Sliding-window counters in the shared cache, one round trip a request, failing open."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from ..cache import RedisCache

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


def _wait(
    limit: int, duration: float, current: int, previous: int, elapsed: float, amount: int = 1
) -> float:
    """Seconds until ``amount`` more events (one by default) fit in ``limit`` per
    ``duration`` (if no other comes), with ``current`` counted in this window, ``previous``
    in the one before and the share ``elapsed`` of this window gone by."""
    room = limit - current - amount  # what the next events leave
    if room >= 0 and previous:
        # the previous window's weight has to fall until the next events fit
        return max(0.0, (1 - room / previous - elapsed) * duration)
    if room >= 0:
        return 0.0
    # this window alone is full: in the next one it becomes the previous window
    share = max(0.0, 1 - (limit - amount) / current)
    return (1 - elapsed + share) * duration


def client_address(request) -> str:
    """The client's address as the throttles count it: ``X-Forwarded-For`` is believed only
    for the ``NUM_PROXIES`` addresses our own proxies append (DRF's ``get_ident``)."""
    return BaseThrottle().get_ident(request)


class SlidingWindows:
    """Counts per ident (a user name, an address, a user) in the throttle's sliding windows
    of ``window`` seconds, under ``{kind}_{scope}_{ident}``."""

    kind: str  # what is counted: the first part of the keys

    def __init__(
        self, scope: str, *, limit: int, window: int, timer: Callable[[], float] = time.time
    ):
        self.scope, self.limit, self.window, self.timer = scope, limit, window, timer

    def _keys(self, ident: str) -> tuple[float, list[str]]:
        """The time, and the keys of this window's and the previous window's counters."""
        now = self.timer()
        window = int(now // self.window)
        key = f"{self.kind}_{self.scope}_{ident}"
        return now, [f"{key}:{window}", f"{key}:{window - 1}"]

    def _elapsed(self, now: float) -> float:
        """The share of the current window gone by."""
        return now / self.window - int(now // self.window)


def _give_back(cache, key: str, amount: int) -> None:
    """Take ``amount`` off ``key``'s counter again."""
    try:
        cache.decr(key, amount)
    except ValueError:  # the counter expired meanwhile: nothing left to give back
        pass
    except (RedisError, OSError) as exc:
        logger.warning("row budget: the cache is unreachable, not given back (%s)", exc)


# One round trip: count this request (or its weight) in its window (the counter lives two
# windows) and read the previous window's count.
COUNT_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('GET', KEYS[2]) or '0'}
"""


def _count(cache, key: str, previous_key: str, ttl: int, amount: int = 1) -> tuple[int, int]:
    """Add ``amount`` (one by default) to ``key``'s counter (kept ``ttl`` seconds) and read
    ``previous_key``'s: the new count and the previous one."""
    if isinstance(cache, RedisCache):
        key = cache.make_and_validate_key(key)
        script = cache.script(COUNT_SCRIPT, key)
        current, previous = script(
            keys=[key, cache.make_and_validate_key(previous_key)], args=[ttl, amount]
        )
        return int(current), int(previous)
    # other caches (local memory on the embedded defaults)
    cache.add(key, 0, ttl)
    try:
        current = cache.incr(key, amount)
    except ValueError:  # expired between the two calls
        cache.add(key, amount, ttl)
        current = amount
    return current, int(cache.get(previous_key, 0))
