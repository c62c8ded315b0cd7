import re

import pytest
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError

from claims.models import ClaimEvent, QuoteEvent, SpeakerEvent
from claims.services import claim_create, quote_update, speaker_alias_create
from tests.conftest import REPO
from tests.factories import QuoteFactory, SpeakerFactory, UserFactory

PRODUCT = ("articles", "claims", "api", "web", "config", "benchmarks")
HISTORY_WRITE = re.compile(r"(ClaimEvent|QuoteEvent|SpeakerEvent)\.objects\.\w*create")


def test_only_the_events_module_writes_history():
    writers = {
        str(path.relative_to(REPO))
        for app in PRODUCT
        for path in (REPO / app).rglob("*.py")
        if "migrations" not in path.parts and HISTORY_WRITE.search(path.read_text())
    }
    assert writers == {"claims/events.py"}


@pytest.fixture
def history(db):
    """One row of each kind of history."""
    editor = UserFactory()
    speaker = SpeakerFactory()
    speaker_alias_create(speaker=speaker, name="The Minister", by=editor)
    quote_update(quote=QuoteFactory(speaker=speaker), by=editor, changes={"verified": True})
    claim_create(speaker=speaker, statement="The plan works.", by=editor)
    return [ClaimEvent, QuoteEvent, SpeakerEvent]


def test_postgresql_refuses_update_and_delete_of_every_history_row(postgres, history):
    for model in history:
        rows = model.objects.all()
        assert rows.count() == 1
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(note="rewritten")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows._raw_delete(rows.db)
        assert rows.count() == 1 and not rows.filter(note="rewritten").exists()


def test_a_quote_or_speaker_with_history_is_not_deleted(history):
    with pytest.raises(ProtectedError):
        QuoteEvent.objects.get().quote.delete()
    with pytest.raises(ProtectedError):
        SpeakerEvent.objects.get().speaker.delete()
    assert all(model.objects.count() == 1 for model in history)


def test_every_kind_of_history_has_one_shape(history):
    """Subject, actor, time, action, old and new values by name, note: nothing else but the
    version of the subject the change made (claims and quotes count versions)."""
    subjects = {ClaimEvent: "claim", QuoteEvent: "quote", SpeakerEvent: "speaker"}
    shape = {"id", "actor", "created_at", "action", "old", "new", "note"}
    for model in history:
        names = {f.name for f in model._meta.concrete_fields}
        assert names - {"version"} == shape | {subjects[model]}
    claim, quote, speaker = (model.objects.get() for model in history)
    assert (claim.action, claim.old, claim.new) == (
        "created",
        {"verdict": "unreviewed"},
        {"verdict": "unreviewed", "summary": "", "evidence_links": [], "quote_ids": []},
    )
    assert (quote.action, quote.old, quote.new) == (
        "edited",
        {"verified": False},
        {"verified": True},
    )
    assert (speaker.action, speaker.old, speaker.new) == (
        "alias_added",
        {},
        {"alias": "The Minister"},
    )
