"""What the benchmark commands share: a database of their own."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connection


@contextmanager
def bench_database(suffix: str, *, keep: bool = False, any_vendor: bool = False) -> Iterator[bool]:
    """Switch to a database named after the configured one plus ``suffix``, so that a
    benchmark never touches real data. It is created and migrated here and dropped afterwards;
    with ``keep`` it stays for the next run, which reuses it. Yields whether it was reused.
    PostgreSQL only, unless ``any_vendor`` (a benchmark of the local defaults, SQLite)."""
    if connection.vendor != "postgresql" and not (any_vendor and not keep):
        raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL.")
    original = connection.settings_dict["NAME"]
    name = f"{original}{suffix}"
    reused = keep and _exists(name)
    if reused:
        connection.close()
        connection.settings_dict["NAME"] = name
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield reused
    finally:
        if keep:
            connection.close()
            connection.settings_dict["NAME"] = original
        else:
            connection.creation.destroy_test_db(original, verbosity=0)


def _exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:  # the configured database may not exist
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None
