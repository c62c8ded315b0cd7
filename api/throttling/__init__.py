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

from .limits import Failure, FailureLimit, RowBudget, Spent, export_budget
from .pages import PageAnonRateThrottle, PageThrottleMiddleware, PageUserRateThrottle
from .requests import AnonRateThrottle, UserRateThrottle
from .windows import COUNT_SCRIPT, SlidingWindows, WindowRateThrottle, client_address

__all__ = [
    "COUNT_SCRIPT",
    "AnonRateThrottle",
    "Failure",
    "FailureLimit",
    "PageAnonRateThrottle",
    "PageThrottleMiddleware",
    "PageUserRateThrottle",
    "RowBudget",
    "SlidingWindows",
    "Spent",
    "UserRateThrottle",
    "WindowRateThrottle",
    "client_address",
    "export_budget",
]
