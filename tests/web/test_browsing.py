"""The browser fixture itself: what a browser test opens, it closes."""

import psycopg
from django.db import connection

from tests.web.browsing import launched


def _alive(pid: int) -> bool:
    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    with psycopg.connect(**params) as watcher:
        return watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()


def test_the_connection_a_browser_test_opens_is_closed_with_the_browser(
    monkeypatch, transactional_db
):
    browser = launched(monkeypatch)
    next(browser)
    with connection.cursor() as cursor:  # a query while Playwright's event loop runs here
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    assert _alive(pid)
    next(browser, None)  # the fixture's teardown
    assert not _alive(pid)
