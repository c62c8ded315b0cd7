"""Names are compared and stored NFKC-normalised, without format characters: look-alikes of a
name (full-width letters, zero-width spaces, soft hyphens) are that name."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import SpeakerAlias
from claims.names import name_clean, name_key
from claims.services import speaker_alias_create, speaker_for_name
from tests.factories import SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOOK_ALIKES = [
    "Ｖｌａｄｉｍｉｒ Ｐｕｔｉｎ",  # full-width letters
    "Vladimir Pu\u200btin",  # zero-width space
    "Vladimir\u200d Putin\u2060",  # zero-width joiner, word joiner
    "Vladi\u00admir Putin",  # soft hyphen
    "\u202eVladimir Putin\u202c",  # direction overrides
    "\ufeffVladimir Putin",  # byte-order mark
]


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_of_another_speakers_name_is_refused_as_an_alias(look_alike):
    putin = speaker_for_name(name="Vladimir Putin")
    impostor = SpeakerFactory(name="Someone Else")
    with pytest.raises(ValidationError, match="already a name of Vladimir Putin"):
        speaker_alias_create(speaker=impostor, name=look_alike, by=UserFactory())
    # for the speaker it names, it is the alias that exists
    alias = speaker_alias_create(speaker=putin, name=look_alike, by=UserFactory())
    assert alias.name == "Vladimir Putin"
    assert SpeakerAlias.objects.count() == 1


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_finds_the_speaker_and_is_never_stored(look_alike):
    putin = speaker_for_name(name="Vladimir Putin")
    assert speaker_for_name(name=look_alike) == putin
    assert name_key(look_alike) == "vladimir putin"


def test_new_names_are_stored_clean():
    speaker = speaker_for_name(name="  Ｊｅｎｓ\u200b  Stoltenberg\u00ad ")
    assert speaker.name == "Jens Stoltenberg"
    assert list(speaker.aliases.values_list("name", "normalised")) == [
        ("Jens Stoltenberg", "jens stoltenberg")
    ]
    alias = speaker_alias_create(
        speaker=speaker, name="Mr\u2009Ｓｔｏｌｔｅｎｂｅｒｇ", by=UserFactory()
    )
    assert alias.name == "Mr Stoltenberg"
    assert name_clean("e\u0301") == "é"  # composed, as NFKC gives it
