"""Limits on what requests cost: failed sign-ins and tokens, and export rows."""

from __future__ import annotations

import logging
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from .windows import SlidingWindows, _count, _give_back, _wait, client_address

logger = logging.getLogger(__name__)


class Failure(NamedTuple):
    within_limit: bool  # this failure, counted, is still within the limit
    wait: float  # seconds until one more attempt is allowed (0: at once)


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
