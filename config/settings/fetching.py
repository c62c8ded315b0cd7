"""Fetching pages and feeds."""

from .environment import env

# Fetching pages and feeds: seconds per network wait, largest body, and "host:port" entries
# exempt from the guard against private addresses (for a feed on your own network).
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=10)
# Seconds for a whole fetch, redirects, status line, headers and body: every read waits only
# for what is left of it.
FETCH_DEADLINE = env.float("FETCH_DEADLINE", default=30)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5_000_000)
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
FEED_POLL_SECONDS = env.int("FEED_POLL_SECONDS", default=900)
