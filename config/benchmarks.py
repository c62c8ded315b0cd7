"""What the benchmark commands share: a PostgreSQL database of their own."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connection


@contextmanager
def bench_database(suffix: str) -> Iterator[None]:
    """Switch to a fresh database named after the configured one plus ``suffix`` (created
    and migrated here, dropped afterwards), so that a benchmark never touches real data."""
    if connection.vendor != "postgresql":
        raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL.")
    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original}{suffix}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
