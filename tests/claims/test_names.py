"""Names are compared and stored NFKC-normalised, without format characters: look-alikes of a
name (full-width letters, zero-width spaces, soft hyphens) are that name."""

import pytest
from django.core.exceptions import ValidationError

from api.permissions import EDITORS
from claims.models import SpeakerAlias
from claims.names import name_clean, name_key
from claims.services import speaker_alias_create, speaker_for_name
from tests.factories import SpeakerFactory, UserFactory, signed_in

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


# Issue 19, item 7: an alias whose compared form ("ß" is compared as "ss") is longer than its
# column leaked the database error; an editor's alias is refused, saying why, never cut.

ESZETTS = "ß" * 300  # 300 characters, compared as 600


def test_an_alias_too_long_once_compared_is_refused_saying_why():
    speaker = SpeakerFactory()
    with pytest.raises(ValidationError, match="compared in lower case") as refused:
        speaker_alias_create(speaker=speaker, name=ESZETTS, by=UserFactory())
    assert "600" in str(refused.value) and "300" in str(refused.value)
    with pytest.raises(ValidationError, match="at most 300 characters; this one has 301"):
        speaker_alias_create(speaker=speaker, name="x" * 301, by=UserFactory())
    assert not SpeakerAlias.objects.filter(speaker=speaker).exclude(name=speaker.name).exists()
    fits = speaker_alias_create(speaker=speaker, name="ß" * 150, by=UserFactory())
    assert fits.normalised == "ss" * 150


def test_the_speaker_page_refuses_such_an_alias_saying_why(client):
    speaker = SpeakerFactory()
    signed_in(client, EDITORS)
    response = client.post(f"/speakers/{speaker.slug}/aliases/", {"name": ESZETTS})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Not added" in page and "Shorten it" in page and f'value="{ESZETTS}"' in page
    assert not SpeakerAlias.objects.filter(name=ESZETTS).exists()


def test_the_admin_shows_aliases_and_adds_none_past_the_services(client):
    """Aliases are added and removed on the speaker's page or in the API, which record
    them; the admin's inline adding one (without its compared form) was a database error."""
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    speaker = speaker_for_name(name="Ana Ruiz")
    url = f"/admin/claims/speaker/{speaker.pk}/change/"
    page = client.get(url)
    assert "Ana Ruiz" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": ESZETTS,
            "aliases-0-speaker": speaker.pk,
        }
    )
    client.raise_request_exception = False
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    assert not SpeakerAlias.objects.filter(name=ESZETTS).exists()
