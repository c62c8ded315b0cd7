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
windows, per user name or per address, and fails open the same way. ``RowBudget`` weighs
what a request costs rather than counting requests (the rows of an export), per client, in the
same windows. ``PageThrottleMiddleware`` applies the request throttles to the site's pages.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
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


class Failure(NamedTuple):
    within_limit: bool  # this failure, counted, is still within the limit
    wait: float  # seconds until one more attempt is allowed (0: at once)


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


class FailureLimit(SlidingWindows):
    """At most ``limit`` failures (wrong passwords, invalid tokens) per ``window`` seconds for
    each ident (a user name, an address), in the throttle's sliding windows.

    ``wait`` answers, counting nothing, the seconds until one more attempt is allowed (0: at
    once); ``fail`` counts one failure. With the cache unreachable nothing is counted and
    everything is allowed.
    """

    kind = "failures"

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


class Spent(NamedTuple):
    allowed: bool  # the amount was taken from the budget
    wait: float  # refused: seconds until the amount fits (if nothing else is spent)


class RowBudget(SlidingWindows):
    """At most ``limit`` units (the rows of exports) per ``window`` seconds for each ident,
    in the throttle's sliding windows: a request is weighed by what it costs, not counted.

    ``spend`` takes ``amount`` units if they fit in what is left, and nothing otherwise (the
    refused request cost no rows; the request throttles still count it). The units are
    counted first and given back when they do not fit, so two requests at once can never
    both take the last units. With the cache unreachable nothing is counted and everything
    is allowed.
    """

    kind = "budget"

    def spend(self, ident: str, amount: int) -> Spent:
        if amount <= 0:
            return Spent(True, 0.0)
        now, keys = self._keys(ident)
        cache = caches["default"]
        try:
            current, previous = _count(cache, *keys, 2 * self.window, amount=amount)
        except (RedisError, OSError) as exc:
            logger.warning("row budget: the cache is unreachable, not counted (%s)", exc)
            return Spent(True, 0.0)
        elapsed = self._elapsed(now)
        if previous * (1 - elapsed) + current <= self.limit:
            return Spent(True, 0.0)
        _give_back(cache, keys[0], amount)
        current -= amount
        return Spent(False, _wait(self.limit, self.window, current, previous, elapsed, amount))


def export_budget(request) -> tuple[RowBudget, str]:
    """The export budget of the request's client, and the client as it counts: a signed-in
    user (session or token) by user (EXPORT_ROWS_USER), anyone else by address
    (EXPORT_ROWS_ANON), per EXPORT_ROWS_WINDOW seconds."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        scope, limit, ident = "export_user", settings.EXPORT_ROWS_USER, str(user.pk)
    else:
        scope, limit, ident = "export_anon", settings.EXPORT_ROWS_ANON, client_address(request)
    return RowBudget(scope, limit=limit, window=settings.EXPORT_ROWS_WINDOW), ident


def _give_back(cache, key: str, amount: int) -> None:
    """Take ``amount`` off ``key``'s counter again."""
    try:
        cache.decr(key, amount)
    except ValueError:  # the counter expired meanwhile: nothing left to give back
        pass
    except (RedisError, OSError) as exc:
        logger.warning("row budget: the cache is unreachable, not given back (%s)", exc)


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


class PageAnonRateThrottle(AnonRateThrottle):
    """The site's pages, anonymous visitors, by address (PAGE_THROTTLE_ANON)."""

    scope = "page_anon"

    def get_rate(self) -> str:
        return settings.PAGE_THROTTLE_ANON


class PageUserRateThrottle(UserRateThrottle):
    """The site's pages, signed-in users, by user (PAGE_THROTTLE_USER)."""

    scope = "page_user"

    def get_rate(self) -> str:
        return settings.PAGE_THROTTLE_USER


# Not pages: the API is throttled by DRF (counting it here too would count it twice), the
# health check must answer load balancers, static files cost nothing (WhiteNoise and
# runserver serve them before any middleware; this is in case something else does).
API_PREFIX = "/api/"
HEALTH_CHECK = "/healthz"


class PageThrottleMiddleware:
    """The API's sliding-window throttles applied to the site's pages: anonymous visitors by
    address, signed-in users by user; past the rate a 429 page with ``Retry-After``. Placed
    after the authentication middleware (it needs the user). Fails open with the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_page(request):
            for throttle in (PageAnonRateThrottle(), PageUserRateThrottle()):
                if not throttle.allow_request(request, None):
                    return _too_many_requests(request, throttle.wait())
        return self.get_response(request)


def _is_page(request) -> bool:
    path = request.path_info
    return not (
        path.startswith(API_PREFIX)
        or path == HEALTH_CHECK
        or request.path.startswith(settings.STATIC_URL)
    )


def _too_many_requests(request, wait: float):
    seconds = max(1, math.ceil(wait))
    response = render(request, "429.html", {"retry_after": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


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
