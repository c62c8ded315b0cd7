"""Aliases of a person are names, not phrases that hold one (issue 16, point 10)."""

import importlib

import pytest
from django.apps import apps as django_apps

from claims.models import Speaker, SpeakerAlias
from claims.names import name_key
from claims.services import is_name_form, speaker_alias_create
from tests.factories import SpeakerFactory, UserFactory

cleaning = importlib.import_module("claims.migrations.0017_person_aliases_cleaned")
TRUMP = Speaker(name="Donald Trump", kind=Speaker.Kind.PERSON)
CLINTON = Speaker(name="Hillary Clinton", kind=Speaker.Kind.PERSON)


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("Mr. Trump", TRUMP),
        ("President-elect Donald Trump", TRUMP),
        ("Secretary of State Hillary Clinton", CLINTON),
        ("Hillary Rodham Clinton", CLINTON),
        ("Clinton's", CLINTON),
        ("Dr. King", Speaker(name="Martin Luther King Jr.", kind=Speaker.Kind.PERSON)),
    ],
)
def test_name_forms_are_aliases(mention, speaker):
    assert is_name_form(mention, speaker)
    assert cleaning.is_person_name_form(mention, speaker.name)


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("Donald Trump's campaign", TRUMP),
        ("Mr. Trump's returns", TRUMP),
        ("the lack of enthusiasm for Clinton", CLINTON),
        ("Clinton supporters", CLINTON),
        ("Bill and Hillary Clinton", CLINTON),
    ],
)
def test_phrases_holding_a_name_are_not(mention, speaker):
    assert not is_name_form(mention, speaker)
    assert not cleaning.is_person_name_form(mention, speaker.name)


def test_the_migration_removes_the_machines_junk_and_keeps_every_recorded_name(db):
    trump = SpeakerFactory(name="Donald Trump", kind="person")
    for name in ("Donald Trump", "Mr. Trump", "Donald Trump's campaign", "Trump supporters"):
        trump.aliases.create(name=name, normalised=name_key(name))
    speaker_alias_create(speaker=trump, name="The Donald", by=UserFactory())  # an editor's
    party = SpeakerFactory(name="Trump campaign", kind="organisation")
    party.aliases.create(name="the Trump campaign", normalised=name_key("the Trump campaign"))

    cleaning.forwards(django_apps, None)

    assert set(trump.aliases.values_list("name", flat=True)) == {
        "Donald Trump",
        "Mr. Trump",
        "The Donald",
    }
    assert party.aliases.count() == 1 and SpeakerAlias.objects.count() == 4
