"""Naming the speaker behind a source mention: "Mr Putin", "he", "the Russian president" ->
"Vladimir Putin"; "the US" -> "United States"; "Western leaders" -> no one in particular.

Resolution is per article. A first pass collects every full name the article uses, and the
roles it gives them ("Belarus President Alexander Lukashenko"), so that a surname in a headline
resolves to the full name given further down.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .cues import DOCUMENT_NOUNS, HONORIFICS, PERSON_PRONOUNS, ROLE_NOUNS
from .doccache import entities_in
from .registry import Registry
from .types import SpeakerKind

COUNTRY_NAMES = {
    "us": "United States",
    "u s": "United States",
    "usa": "United States",
    "u s a": "United States",
    "america": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u k": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
}
ENTITY_KINDS = {
    "PERSON": SpeakerKind.PERSON,
    "GPE": SpeakerKind.COUNTRY,
    "ORG": SpeakerKind.ORGANISATION,
    "NORP": SpeakerKind.GROUP,
}


def normalise(name: str) -> str:
    """Casefold, drop punctuation and a leading "the": the form aliases are compared in."""
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass
class Speaker:
    """A resolved speaker: canonical name (None when generic), kind, and how sure we are."""

    name: str | None
    kind: SpeakerKind
    certainty: float = 1.0


@dataclass
class _Person:
    name: str
    roles: set[str]


class SpeakerResolver:
    """Resolves source mentions of one document, in text order."""

    def __init__(self, doc: Doc, registry: Registry | None = None):
        self.doc = doc
        self.registry = registry
        self.people = _collect_people(doc)
        self.last_person: str | None = None
        self._first_mention: dict[str, int] = {}

    def resolve(self, mention: TokenSpan | None) -> Speaker | None:
        """The canonical speaker of ``mention``; None when there is no mention at all."""
        if mention is None or not len(mention):
            return None
        speaker = self._resolve(mention)
        if speaker.kind is SpeakerKind.PERSON and speaker.name:
            self.last_person = speaker.name
        return speaker

    def context_person(self) -> str | None:
        """The person who spoke last: an uncued quotation paragraph is most likely theirs."""
        return self.last_person

    def _resolve(self, mention: TokenSpan) -> Speaker:
        head = mention.root
        lower = head.lower_
        if len(mention) == 1 and lower in PERSON_PRONOUNS:
            if self.last_person:
                return Speaker(self.last_person, SpeakerKind.PERSON, 0.8)
            return Speaker(None, SpeakerKind.PERSON, 0.3)
        if any(t.dep_ == "conj" for t in head.children):
            # "the US, the UK and Nato's leaders": several speakers, no one of them
            return Speaker(None, SpeakerKind.GROUP)
        person = self._person_in(mention)
        if person:
            return Speaker(person, SpeakerKind.PERSON)
        if lower in ROLE_NOUNS and head.tag_ in ("NN", "NNP") and _is_definite(mention):
            name = self._role_holder(mention)
            if name:
                return Speaker(name, SpeakerKind.PERSON, 0.7)
        named = _named_body(mention)
        if named:
            return named
        return Speaker(None, SpeakerKind.GROUP)

    def _person_in(self, mention: TokenSpan) -> str | None:
        people = [e for e in entities_in(mention) if e.label_ == "PERSON"]
        own = [e for e in people if e.start <= mention.root.i < e.end]
        if own or people:
            return self._full_name(_clean_name((own or people)[-1]))
        # "Mr Stoltenberg" where the model missed the entity
        if mention[0].lower_.rstrip(".") in HONORIFICS:
            names = [t.text for t in mention[1:] if t.pos_ == "PROPN" and t.tag_ != "POS"]
            if names:
                return self._full_name(" ".join(names))
        return None

    def _full_name(self, name: str) -> str:
        if " " in name:
            return name
        candidates = [p.name for p in self.people if p.name.split()[-1] == name]
        return candidates[0] if candidates else name

    def _role_holder(self, mention: TokenSpan) -> str | None:
        """The person the article gave this role to ("Belarus President Alexander
        Lukashenko"), else the last person who spoke, unless the article gave them another."""
        words = {t.lower_ for t in mention if t.pos_ in ("ADJ", "PROPN", "NOUN")}
        for person in self.people:
            if any(words <= set(role.split()) for role in person.roles):
                return person.name
        last = next((p for p in self.people if p.name == self.last_person), None)
        if self.last_person and (last is None or not last.roles):
            return self.last_person
        return None


def _is_definite(mention: TokenSpan) -> bool:
    return any(t.lower_ in ("the", "this", "that") for t in mention[:1])


def _clean_name(ent: TokenSpan) -> str:
    tokens = [t for t in ent if t.tag_ != "POS" and t.lower_.rstrip(".") not in HONORIFICS]
    return " ".join(t.text for t in tokens).strip(" '’") or ent.text


def _collect_people(doc: Doc) -> list[_Person]:
    """Every multi-word PERSON name in the document, most frequent first, with its roles."""
    counts: Counter[str] = Counter()
    roles: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = _clean_name(ent)
        if " " not in name:
            continue
        counts[name] += 1
        role = _role_before(ent)
        if role:
            roles.setdefault(name, set()).add(role)
    return [_Person(name, roles.get(name, set())) for name, _ in counts.most_common()]


def _role_before(ent: TokenSpan) -> str:
    """The title words just before a name: "Belarus President" in "Belarus President X Y"."""
    words: list[str] = []
    i = ent.start - 1
    while i >= 0 and len(words) < 4:
        token = ent.doc[i]
        if token.is_punct or token.pos_ in ("DET", "VERB", "AUX", "ADP", "CCONJ"):
            break
        words.insert(0, token.lower_)
        i -= 1
    return " ".join(words) if any(w in ROLE_NOUNS for w in words) else ""


def _named_body(mention: TokenSpan) -> Speaker | None:
    """A country, organisation or group that the mention names or stands for."""
    head = mention.root
    ents = [e for e in entities_in(mention) if e.label_ in ("GPE", "ORG", "NORP")]
    if not ents:
        if head.pos_ == "PROPN":
            return Speaker(_strip_the(_proper_run(head)), SpeakerKind.ORGANISATION, 0.6)
        return None
    ent = next((e for e in ents if e.start <= head.i < e.end), None)
    if ent is None:
        # "a Kremlin readout": the document speaks for the body; "Russian officials" do not
        if head.lower_ not in DOCUMENT_NOUNS or any(t.dep_ == "conj" for t in mention):
            return None
        ent = ents[0]
    if ent.label_ == "NORP":
        return None
    name = _strip_the(ent.text)
    country = COUNTRY_NAMES.get(normalise(name))
    if country:
        return Speaker(country, SpeakerKind.COUNTRY)
    return Speaker(name, ENTITY_KINDS[ent.label_])


def _proper_run(head: Token) -> str:
    tokens = [t for t in head.subtree if t.pos_ == "PROPN" or t.i == head.i]
    return " ".join(t.text for t in tokens)


def _strip_the(name: str) -> str:
    name = name.strip().rstrip("’'").removesuffix("’s").removesuffix("'s")
    return name[4:] if name.lower().startswith("the ") else name
