"""The benchmark commands (make bench-ingest, make bench-api): the product as deployed (DEBUG
off, so no query log) with the benchmarks app installed, the test client's host allowed, and
no rate limit in the way of the load a benchmark sends (the throttles still count)."""

from .base import *  # noqa: F403

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
PAGE_THROTTLE_ANON = PAGE_THROTTLE_USER = "1000000/minute"
EXPORT_ROWS_ANON = EXPORT_ROWS_USER = 1_000_000_000
