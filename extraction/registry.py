"""The registry of known speakers: canonical names, aliases, kind, gender, Wikidata QIDs and
prominence, shared by every article resolved against it.

The extraction library knows nothing of the database; the product builds a registry from its
Speaker and SpeakerAlias rows with :meth:`Registry.add`::

    registry = Registry()
    for speaker in speakers:
        registry.add(speaker.name, kind=speaker.kind, aliases=speaker.aliases,
                     gender=speaker.gender, qid=speaker.qid, prominence=speaker.quote_count)

:meth:`Registry.default` loads the public-figure file shipped with the package
(``extraction/data/registry.json``, built by ``python -m extraction.training.build_registry``).
As articles are resolved against a registry it learns the people they name in full
(:meth:`Registry.learn`), so that a later article's bare "Trump" finds "Donald Trump".

Every lookup is a dictionary access on a normalised form: resolving a mention never scans the
registry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .types import Attribution, SpeakerKind

DEFAULT_PATH = Path(__file__).parent / "data" / "registry.json"
MALE, FEMALE = "male", "female"
# Name suffixes: not part of the surname a person is called by.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# A bare surname goes to the most prominent holder only when that one is this many times as
# prominent as the next: "Clinton" in 2016 news is Hillary, a bare "Johnson" is nobody.
DOMINANCE = 2.0


def normalise(name: str) -> str:
    """Casefold, drop punctuation and a leading "the": the form names are compared in."""
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def surname_of(name: str) -> str:
    """The normalised word a person is called by alone: "Donald Trump Jr." -> "trump"."""
    words = normalise(name).split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


@dataclass(eq=False)
class KnownSpeaker:
    """One speaker of the registry. ``prominence`` grows with the articles that name it."""

    name: str
    kind: SpeakerKind = SpeakerKind.PERSON
    gender: str | None = None
    qid: str | None = None
    aliases: set[str] = field(default_factory=set)
    prominence: float = 0.0
    # out of public life for decades (a vice president of the 1940s): never the bare surname
    # of today's news, still found by full name
    historical: bool = False

    def to_json(self) -> dict[str, Any]:
        """The speaker as plain data (the shape :meth:`Registry.add` takes)."""
        data: dict[str, Any] = {"name": self.name, "kind": str(self.kind)}
        if self.gender:
            data["gender"] = self.gender
        if self.qid:
            data["qid"] = self.qid
        aliases = sorted(a for a in self.aliases if a != self.name)
        if aliases:
            data["aliases"] = aliases
        if self.prominence:
            data["prominence"] = self.prominence
        if self.historical:
            data["historical"] = True
        return data


class Registry:
    """Known speakers, looked up by name, alias or surname.

    ``first_names`` maps a normalised first name to ``"male"`` or ``"female"``: a person's
    gender when neither the article nor the registry gives it.
    """

    def __init__(self, first_names: dict[str, str] | None = None) -> None:
        self.speakers: list[KnownSpeaker] = []
        self.first_names: dict[str, str] = dict(first_names or {})
        self._by_name: dict[str, KnownSpeaker] = {}
        self._by_qid: dict[str, KnownSpeaker] = {}
        self._by_surname: dict[str, list[KnownSpeaker]] = {}

    def __len__(self) -> int:
        return len(self.speakers)

    def add(
        self,
        name: str,
        *,
        kind: SpeakerKind | str = SpeakerKind.PERSON,
        aliases: list[str] | set[str] | tuple[str, ...] = (),
        gender: str | None = None,
        qid: str | None = None,
        prominence: float = 0.0,
        historical: bool = False,
    ) -> KnownSpeaker:
        """Add a speaker, or merge into the one with the same QID or canonical name.

        Speakers with the same QID are the same person: their aliases are joined and their
        prominence added up. An alias already taken by another speaker stays with it.
        """
        speaker = (qid and self._by_qid.get(qid)) or self._by_name.get(normalise(name))
        if speaker is None or (speaker.qid and qid and speaker.qid != qid):
            speaker = KnownSpeaker(name, SpeakerKind(kind), gender, qid)
            self.speakers.append(speaker)
        else:
            speaker.gender = speaker.gender or gender
            speaker.qid = speaker.qid or qid
        speaker.prominence += prominence
        speaker.historical = speaker.historical or historical
        if qid:
            self._by_qid[qid] = speaker
        for alias in (name, *aliases):
            self._index(speaker, alias)
        return speaker

    def get(self, name: str) -> KnownSpeaker | None:
        """The speaker whose canonical name or alias ``name`` is, else None."""
        return self._by_name.get(normalise(name))

    def by_qid(self, qid: str) -> KnownSpeaker | None:
        """The speaker with Wikidata identity ``qid``, else None."""
        return self._by_qid.get(qid)

    def with_surname(self, surname: str) -> list[KnownSpeaker]:
        """The people called ``surname`` alone, most prominent first."""
        found = self._by_surname.get(normalise(surname), [])
        return sorted(found, key=lambda s: -s.prominence)

    def pick(self, surname: str, gender: str | None = None) -> tuple[KnownSpeaker | None, float]:
        """The person a bare ``surname`` means, with a certainty, or (None, low certainty).

        Only people of ``gender`` (when given) and not ``historical`` are considered; the
        most prominent one is taken when it dominates the others (see ``DOMINANCE``).
        """
        people = [
            s
            for s in self.with_surname(surname)
            if (gender is None or s.gender in (None, gender)) and not s.historical
        ]
        if not people:
            return None, 0.0
        if len(people) == 1:
            return people[0], 0.8
        first, second = people[0], people[1]
        if first.prominence >= DOMINANCE * second.prominence and first.prominence > 0:
            return first, 0.6
        return None, 0.3

    def identify(self, attributions: Iterable[Attribution]) -> None:
        """Set each attribution's ``speaker_qid`` to the Wikidata identity the registry knows
        for its canonical speaker (left None when it knows none)."""
        for attribution in attributions:
            known = self.get(attribution.speaker) if attribution.speaker else None
            attribution.speaker_qid = known.qid if known is not None else None

    def first_name_gender(self, first: str) -> str | None:
        """``"male"``, ``"female"`` or None for a first name."""
        return self.first_names.get(normalise(first))

    def learn(
        self, name: str, *, kind: SpeakerKind = SpeakerKind.PERSON, gender: str | None = None
    ) -> KnownSpeaker:
        """Count one more article naming ``name`` in full (adding it if new): what later
        articles that give only a surname are resolved by. A first name whose gender the
        article showed is learnt too."""
        speaker = self.add(name, kind=kind, gender=gender, prominence=1.0)
        words = name.split()
        if gender and kind is SpeakerKind.PERSON and len(words) > 1:
            self.first_names.setdefault(normalise(words[0]), gender)
        return speaker

    def to_json(self, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """The registry as plain data: what :meth:`from_json` reads."""
        return {
            "metadata": metadata or {},
            "first_names": dict(sorted(self.first_names.items())),
            "speakers": [s.to_json() for s in self.speakers],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registry:
        """A registry from the plain data of :meth:`to_json`."""
        registry = cls(data.get("first_names"))
        for speaker in data.get("speakers", []):
            registry.add(**speaker)
        return registry

    @classmethod
    def load(cls, path: str | Path) -> Registry:
        """A registry from a JSON file written by :meth:`to_json`."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def default(cls) -> Registry:
        """A fresh registry of the public figures shipped with the package."""
        return cls.load(DEFAULT_PATH)

    def _index(self, speaker: KnownSpeaker, alias: str) -> None:
        key = normalise(alias)
        if not key:
            return
        if self._by_name.setdefault(key, speaker) is not speaker:
            return
        speaker.aliases.add(alias)
        if speaker.kind is SpeakerKind.PERSON and " " in key:
            people = self._by_surname.setdefault(surname_of(alias), [])
            if speaker not in people:
                people.append(speaker)
