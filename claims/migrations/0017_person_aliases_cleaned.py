"""Aliases of a person are names: the ones the machine stored from phrases that only hold the
name ("Donald Trump's campaign", "Clinton supporters", "the lack of enthusiasm for Clinton")
are removed. Kept: the speaker's own name, every alias an editor added, the public-figure
seed loaded or a merge moved (each recorded in the speaker's history), and every alias of a
speaker that is not a person. The rule is the one ``claims.services.is_name_form`` applies
to new aliases, as it stood when this migration was written."""

from django.db import migrations

MAX_ALIAS_WORDS = 6
NAME_JOINERS = frozenset({"of", "the", "de", "del", "della", "da", "di", "van", "von", "der"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _without_suffix(words):
    return [w for w in words if w.casefold().strip(",") not in NAME_SUFFIXES]


def _bare(word):
    return word.casefold().strip(",.").removesuffix("’s").removesuffix("'s")


def is_person_name_form(mention: str, name: str) -> bool:
    words = mention.split()
    if not words or len(words) > MAX_ALIAS_WORDS:
        return False
    surname = _bare((_without_suffix(name.split()) or [""])[-1])
    *before, last = _without_suffix(words) or [""]
    return _bare(last) == surname and all(w[:1].isupper() or w in NAME_JOINERS for w in before)


def _recorded(events) -> set[str]:
    """The alias names a speaker's history names: added by an editor, loaded by the seed,
    moved by a merge."""
    names = set()
    for old, new in events:
        for values in (old or {}, new or {}):
            if isinstance(values.get("alias"), str):
                names.add(values["alias"])
            for alias in values.get("aliases") or []:
                if isinstance(alias, str):
                    names.add(alias)
    return names


def forwards(apps, schema_editor):
    Speaker = apps.get_model("claims", "Speaker")
    SpeakerAlias = apps.get_model("claims", "SpeakerAlias")
    SpeakerEvent = apps.get_model("claims", "SpeakerEvent")
    junk = []
    for speaker in Speaker.objects.filter(kind="person").iterator():
        aliases = list(SpeakerAlias.objects.filter(speaker=speaker).values_list("pk", "name"))
        if not aliases:
            continue
        kept = _recorded(SpeakerEvent.objects.filter(speaker=speaker).values_list("old", "new"))
        junk.extend(
            pk
            for pk, name in aliases
            if name != speaker.name
            and name not in kept
            and not is_person_name_form(name, speaker.name)
        )
    for start in range(0, len(junk), 1000):
        SpeakerAlias.objects.filter(pk__in=junk[start : start + 1000]).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0016_speaker_event_unmerged")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
