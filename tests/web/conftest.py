import pytest

from tests.web.browsing import launched


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for the test (a missing one fails in CI, skips elsewhere)."""
    yield from launched(monkeypatch)
