import re

from tests.conftest import REPO

PRODUCT = ("articles", "claims", "config", "benchmarks")
HISTORY_WRITE = re.compile(r"(ClaimEvent|QuoteEvent|SpeakerEvent)\.objects\.\w*create")


def test_only_the_events_module_writes_history():
    writers = {
        str(path.relative_to(REPO))
        for app in PRODUCT
        for path in (REPO / app).rglob("*.py")
        if "migrations" not in path.parts and HISTORY_WRITE.search(path.read_text())
    }
    assert writers == {"claims/events.py"}
