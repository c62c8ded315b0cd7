"""quote_update: an editor's correction, recorded field by field, versioned."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Quote, QuoteEvent
from claims.services import StaleEdit, quote_update
from tests.factories import QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote():
    return QuoteFactory()


def history(quote):
    """One row per field changed: (field, old, new, version, note)."""
    return [
        (field, e.old.get(field), value, e.version, e.note)
        for e in quote.events.all()
        for field, value in (e.new.items() if e.action == "edited" else [(e.action, e.new)])
    ]


def test_each_changed_field_is_recorded_and_the_quote_becomes_the_editors(quote):
    editor, other = UserFactory(), SpeakerFactory()
    old_speaker = quote.speaker_id
    changed = quote_update(
        quote=quote,
        by=editor,
        changes={"speaker": other, "kind": Quote.Kind.DIRECT, "verified": True},
        note="checked the video",
    )
    assert (changed.speaker, changed.kind, changed.verified) == (other, "direct", True)
    assert changed.origin == Quote.Origin.EDITOR and changed.version == 2
    assert sorted(history(quote)) == [
        ("kind", "indirect", "direct", 2, "checked the video"),
        ("speaker", old_speaker, other.pk, 2, "checked the video"),
        ("verified", False, True, 2, "checked the video"),
    ]
    assert set(QuoteEvent.objects.values_list("actor", flat=True)) == {editor.pk}


def test_nothing_changed_records_nothing(quote):
    same = quote_update(quote=quote, by=UserFactory(), changes={"kind": quote.kind})
    assert same.version == 1 and same.origin == Quote.Origin.EXTRACTOR
    assert not QuoteEvent.objects.exists()


def test_a_new_span_takes_the_articles_text(quote):
    changed = quote_update(
        quote=quote, by=UserFactory(), changes={"content_start": 4, "content_end": 12}
    )
    assert changed.text == quote.article.body[4:12]
    assert history(quote) == [("content_start", 0, 4, 2, "")]


def test_a_span_outside_the_text_is_refused_and_nothing_recorded(quote):
    with pytest.raises(ValidationError):
        quote_update(quote=quote, by=UserFactory(), changes={"content_end": 10_000})
    assert not QuoteEvent.objects.exists()
    quote.refresh_from_db()
    assert quote.version == 1


def test_verifying_unrejects_and_rejecting_unverifies(quote):
    editor = UserFactory()
    quote_update(quote=quote, by=editor, changes={"rejected": True})
    verified = quote_update(quote=quote, by=editor, changes={"verified": True})
    assert verified.verified and not verified.rejected


def test_an_edit_from_an_older_version_is_refused(quote):
    editor = UserFactory()
    quote_update(quote=quote, by=editor, changes={"verified": True}, expected_version=1)
    with pytest.raises(StaleEdit) as stale:
        quote_update(quote=quote, by=editor, changes={"rejected": True}, expected_version=1)
    assert stale.value.current.version == 2
    quote.refresh_from_db()
    assert quote.verified and quote.events.count() == 1


def test_only_the_editable_fields_are_accepted(quote):
    with pytest.raises(ValueError, match="not editable: text"):
        quote_update(quote=quote, by=UserFactory(), changes={"text": "else"})
