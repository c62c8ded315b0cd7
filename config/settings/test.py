"""The test suite: the database and broker still come from the environment."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Unit tests run tasks in-process; the worker tests start real worker processes with a broker.
CELERY_TASK_ALWAYS_EAGER = True
# ... in the caller's thread: a test that ingests finds its article extracted (the tests of the
# background thread turn it on).
TASKS_IN_BACKGROUND = False

# Property-based API tests send thousands of requests; throttling has its own test.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
# The cache outlives a test (and a run): failed sign-ins and tokens, page throttles and export
# budgets have their own tests.
AUTH_FAILURE_LIMIT = 1_000_000
PAGE_THROTTLE_ANON = PAGE_THROTTLE_USER = "1000000/minute"
EXPORT_ROWS_ANON = EXPORT_ROWS_USER = 1_000_000_000

# The live server's thread must not keep its connection: the test database is dropped at
# the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
