"""One lookup of a speaker by reference: id, slug or any name form, following merges."""

import pytest

from claims.selectors import speaker_named, speaker_resolve
from claims.services import speaker_alias_create, speaker_for_name, speaker_merge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged():
    """Jens Stoltenberg (also "Mr Stoltenberg"), and J Stoltenberg merged into him."""
    editor = UserFactory()
    target = speaker_for_name(name="Jens Stoltenberg")
    speaker_alias_create(speaker=target, name="Mr Stoltenberg", by=editor)
    source = speaker_for_name(name="J Stoltenberg")
    speaker_merge(source=source, target=target, by=editor)
    source.refresh_from_db()
    return source, target


def test_a_speaker_is_named_by_id_slug_or_any_name_form(merged):
    _, target = merged
    for ref in (str(target.pk), target.slug, "jens stoltenberg", " MR. STOLTENBERG "):
        assert speaker_named(ref) == target, ref


def test_a_merged_speaker_is_named_as_it_was_and_resolves_to_its_target(merged):
    source, target = merged
    for ref in (str(source.pk), source.slug):
        assert speaker_named(ref) == source and speaker_resolve(ref) == target, ref
    # its name forms moved with the merge
    assert speaker_named("J Stoltenberg") == target


@pytest.mark.parametrize("ref", ["", "  ", "Nobody Known", "999999", "Jens\x00Stoltenberg"])
def test_nobody_for_an_unknown_empty_or_control_character_reference(merged, ref):
    assert speaker_named(ref) is None and speaker_resolve(ref) is None
