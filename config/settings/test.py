"""The test suite: the database and broker still come from the environment."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Unit tests run tasks in-process; the worker tests start real worker processes with a broker.
CELERY_TASK_ALWAYS_EAGER = True
