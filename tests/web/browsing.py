"""What the browser tests share: a real headless Chromium (Debian's, driven by Playwright),
pages signed in as a role, and where screenshots go. The ``browser`` fixture is in
conftest.py."""

import os
from pathlib import Path

from tests.conftest import REPO, service_missing
from tests.factories import member

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "pass-word-123"
WAIT_MS = 90_000


def launched(monkeypatch):
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
            _close_connections_of_the_event_loop()


def _close_connections_of_the_event_loop() -> None:
    """Close the database connections the test opened while Playwright's event loop ran.

    While an event loop runs in a thread, Django keeps that thread's connections apart from
    its ordinary ones (asgiref's ``Local`` turns into a context variable), and pytest-django's
    teardown, which runs with no loop, closes only the ordinary ones: the connection of the
    browser tests stayed open to the end and kept the test database from being dropped."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def person(role: str | None = None):
    return member(role)


def signed_in(browser, live_server, user):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(f"header .who >> text={user.username}")
    return page
