"""Naming the speaker behind a source mention: "Mr Putin", "he", "the Russian president" ->
"Vladimir Putin"; "the Clinton campaign" -> "Hillary Clinton campaign"; "the US" -> "United
States"; "Western leaders" -> no one in particular.

Resolution is per article, in two stages. :class:`SpeakerResolver` first reads the whole
article: it clusters the people it names (full name, surname, "Mr." + surname, possessive)
into entities with one canonical name, gives each a gender (honorific, registry, first name,
the pronouns the article uses for them), records the descriptions the article gives them
("Nato Secretary-General Jens Stoltenberg", "Jake Tapper, the CNN host") and runs pronoun
coreference over the text by salience. Then :meth:`SpeakerResolver.resolve` names each
statement's source mention from what was collected. The registry supplies the people an
article names only by surname, and learns the full names the article gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, ORTH, POS
from spacy.symbols import PROPN as PROPN_ID
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .cues import DOCUMENT_NOUNS, HONORIFICS, PERSON_NOUNS, ROLE_NOUNS, SPEECH_VERBS
from .doccache import doc_text, entities_in
from .registry import (
    FEMALE,
    MALE,
    SUFFIXES,
    KnownSpeaker,
    Registry,
    normalise,
)
from .types import SpeakerKind

__all__ = ["Speaker", "SpeakerResolver", "normalise"]

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
PRONOUN_GENDER = {
    "he": MALE,
    "him": MALE,
    "his": MALE,
    "himself": MALE,
    "she": FEMALE,
    "her": FEMALE,
    "hers": FEMALE,
    "herself": FEMALE,
}
BODY_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
# Straight double quotation marks, as spaCy tokenises them.
STRAIGHT_MARKS = ('"', "''")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
HONORIFIC_GENDER = {
    "mr": MALE,
    "sir": MALE,
    "lord": MALE,
    "mrs": FEMALE,
    "ms": FEMALE,
    "miss": FEMALE,
    "dame": FEMALE,
    "lady": FEMALE,
}
# Words a name may carry in front that are not part of it: "President Obama", "Sen. Warren".
TITLES = (
    HONORIFICS
    | ROLE_NOUNS
    | {"sen", "rep", "gov", "gen", "rev", "vice", "former", "pres", "justice"}
)
# "Mr. A and Mr. B said": the statement goes to A, at this fraction of the certainty.
SEVERAL_SPEAKERS_CERTAINTY = 0.5
CAMPAIGN_NOUNS = frozenset({"campaign"})
ADMINISTRATION_NOUNS = frozenset({"administration"})
# A candidate's ad speaks for the candidate's campaign.
AD_NOUNS = frozenset({"ad", "ads", "advert", "advertisement", "spot", "commercial"})
# Nouns that describe a newspaper, and the words newspaper names end with.
PRESS_NOUNS = frozenset(
    {"newspaper", "paper", "daily", "publication", "tabloid", "journal", "magazine"}
)
PRESS_NAMES = frozenset(
    "times post journal herald tribune gazette globe chronicle inquirer telegraph guardian "
    "examiner observer star sun".split()
)
# Descriptions that name one body of the article: "the commission", "the network".
BODY_NOUNS = PRESS_NOUNS | frozenset(
    """
    network channel company bank union commission committee agency department ministry court
    firm group organization organisation council party board network newsroom website
    """.split()
)
SYNONYMS = {"gop": "republican", "dem": "democratic", "democrat": "democratic"}
# Words that make another office of the same noun: "the vice presidential nominee" is not
# "the presidential nominee", "the former secretary" not "the secretary".
# Nouns for the people around a person: "Obama's aides" are not Obama.
PEOPLE_AROUND = frozenset(
    """
    aide ally staff staffer team surrogate associate friend family critic voter people
    follower supporter backer official camp circle
    """.split()
)
# Parties: a description of one party's nominee is not the other's.
PARTIES = frozenset({"republican", "democratic", "libertarian", "independent", "green"})
OFFICE_MODIFIERS = frozenset({"vice", "deputy", "assistant", "former", "ex", "acting", "associate"})
# A description the article gave no one looks this many sentences back for its person.
DESCRIPTION_WINDOW = 2
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# Pronoun coreference looks this many sentences back for an antecedent.
PRONOUN_WINDOW = 4
# "The poll" refers back this many sentences to the poll the article named.
DOCUMENT_WINDOW = 10
# Salience of a mention by its role in the sentence (after Lappin and Leass).
ROLE_WEIGHTS = {"nsubj": 80, "nsubjpass": 70, "dobj": 50, "attr": 40, "poss": 30, "pobj": 20}
OTHER_ROLE_WEIGHT = 30
RECENCY_WEIGHT = 100
SPEAKER_WEIGHT = 40
UNKNOWN_GENDER_FACTOR = 0.5
QUOTED_FACTOR = 0.25
# "it"/"they" look this many sentences back for an organisation, and need this salience
# (a subject of the sentence before has 90).
BODY_PRONOUN_WINDOW = 2
BODY_PRONOUN_MINIMUM = 60
SUBJECT_CONTINUITY = 60
MAX_NAME_WORDS = 4
# An apposition describes a person in at most this many words before its noun.
MAX_DESCRIPTION_WORDS = 8
# Words that begin a surname: "Bill de Blasio", "Chris Van Hollen".
SURNAME_PARTICLES = frozenset({"de", "van", "von", "der", "la", "del", "bin", "di", "du", "le"})


def _gender_agrees(entity_gender: str | None, wanted: str) -> bool:
    return entity_gender in (None, wanted)


@dataclass
class Speaker:
    """A resolved speaker: canonical name (None when generic), kind, and how sure we are."""

    name: str | None
    kind: SpeakerKind
    certainty: float = 1.0


@dataclass(eq=False)
class _Entity:
    """One person or body of the article, with everything the article says about it."""

    name: str
    kind: SpeakerKind
    gender: str | None = None
    first: str = ""
    surname: tuple[str, ...] = ()
    junior: bool = False
    certainty: float = 1.0
    roles: list[frozenset[str]] = field(default_factory=list)
    forms: Counter[str] = field(default_factory=Counter)
    votes: Counter[str] = field(default_factory=Counter)
    mentions: list[int] = field(default_factory=list)


@dataclass
class _Mention:
    """A token range of the article that names ``entity``."""

    start: int
    end: int
    entity: _Entity
    weight: float
    sentence: int

    @property
    def sentence_subject(self) -> bool:
        """Whether the mention was a subject of its sentence (by its salience weight)."""
        return self.weight >= RECENCY_WEIGHT + ROLE_WEIGHTS["nsubj"]


class SpeakerResolver:
    """Resolves the source mentions of one document, in text order."""

    def __init__(self, doc: Doc, registry: Registry | None = None):
        self.doc = doc
        self.registry = registry if registry is not None else Registry()
        self._sentence = _sentence_numbers(doc)
        self._entities: dict[tuple[str, str, bool], _Entity] = {}
        self._by_token: dict[int, _Mention] = {}
        self._mentions: list[_Mention] = []
        self._bodies: list[_Mention] = []
        self._pronouns: dict[int, tuple[_Entity, float]] = {}
        # pronouns and descriptions resolved to a person: they keep that person salient
        self._resolved: list[_Mention] = []
        self._collect_people()
        self._collect_bodies()
        self._described_mentions = self._descriptions()
        self._quoted = _quoted_tokens(doc)
        self._personal_pronouns = _tokens_among(doc, PRONOUN_GENDER.keys(), LOWER)
        self._corefer(vote=True)
        for entity in self._people():
            if entity.gender is None and entity.votes:
                gender, n = entity.votes.most_common(1)[0]
                if n > sum(entity.votes.values()) - n:
                    entity.gender = gender
        self._corefer(vote=False)
        self._learn()
        self.last_person: str | None = None
        self.last_person_mention: TokenSpan | None = None

    def resolve(self, mention: TokenSpan | None) -> Speaker | None:
        """The canonical speaker of ``mention``; None when there is no mention at all."""
        if mention is None or not len(mention):
            return None
        spelt = self._spelt_out(mention.root.text)
        speaker = Speaker(spelt, SpeakerKind.ORGANISATION) if spelt else self._resolve(mention)
        speaker = self._short_form(speaker)
        if speaker.kind is SpeakerKind.PERSON and speaker.name:
            self.last_person = speaker.name
            self.last_person_mention = mention
        return speaker

    def _short_form(self, speaker: Speaker) -> Speaker:
        """ "Peabody said" in an article that named "Peabody Energy": an unknown single name
        that begins the name of exactly one organisation of the article is that one."""
        if not speaker.name or " " in speaker.name:
            return speaker
        if speaker.kind is SpeakerKind.PERSON and (
            speaker.certainty > 0.4 or self.registry.with_surname(speaker.name)
        ):
            return speaker
        if speaker.kind not in (SpeakerKind.PERSON, SpeakerKind.ORGANISATION):
            return speaker
        if self.registry.with_surname(speaker.name) or any(
            e.surname[-1:] == (speaker.name.lower(),) for e in self._people()
        ):
            return speaker
        prefix = normalise(speaker.name) + " "
        longer = {
            m.entity
            for m in self._bodies
            if m.entity.kind is SpeakerKind.ORGANISATION
            and normalise(m.entity.name).startswith(prefix)
            and not m.entity.name.endswith(" campaign")
            # a name, not a headline fragment ("Trump’s East European Achilles Heel")
            and not any(c in m.entity.name for c in "’'\"“”‘")
            and len(m.entity.name.split()) <= 5
        }
        if len(longer) != 1:
            return speaker
        body = longer.pop()
        return Speaker(body.name, body.kind, min(speaker.certainty, 0.6))

    def context_person(self) -> str | None:
        """The person who spoke last: an uncued quotation paragraph is most likely theirs."""
        return self.last_person

    def context_mention(self) -> TokenSpan | None:
        """Where the text last named :meth:`context_person` as a speaker."""
        return self.last_person_mention

    # -- resolving one mention ---------------------------------------------------------

    def _resolve(self, mention: TokenSpan) -> Speaker:
        head = mention.root
        lower = head.lower_
        if len(mention) == 1 and lower in PRONOUN_GENDER:
            found = self._pronouns.get(head.i)
            if found:
                return Speaker(found[0].name, SpeakerKind.PERSON, found[1])
            return Speaker(None, SpeakerKind.PERSON, 0.3)
        if len(mention) == 1 and lower in RELATIVE_PRONOUNS:
            return self._antecedent_of(head) or Speaker(None, SpeakerKind.GROUP, 0.3)
        if len(mention) == 1 and lower in BODY_PRONOUNS:
            return self._body_pronoun(head) or Speaker(None, SpeakerKind.GROUP, 0.3)
        # "Mr. A and Mr. B", not "Malkia Cyril, ... and whose also featured in the film"
        if any(t.dep_ == "conj" and t.pos_ in NOMINAL for t in head.children):
            return self._several(mention)
        if head.tag_ == "NNS" and head.lemma_.lower() in ROLE_NOUNS and _is_definite(mention):
            # "the senators" after "Mr. Grassley and Mr. Leahy"
            group = self._conjoined_people(head)
            if group is not None:
                return group
        if lower in CAMPAIGN_NOUNS | AD_NOUNS | ADMINISTRATION_NOUNS:
            body = self._campaign(mention)
            if body:
                return body
        if (
            _is_definite(mention)
            and lower in DOCUMENT_NOUNS | AD_NOUNS
            and not any(t.pos_ == "PROPN" for t in mention)
        ):
            author = self._document_author(head)
            if author:
                return author
        person = self._person_in(mention)
        if person:
            return Speaker(person.name, SpeakerKind.PERSON, person.certainty)
        if (
            not _is_definite(mention)
            and lower in DOCUMENT_NOUNS
            and head.pos_ == "NOUN"
            and not any(e.label_ in ENTITY_KINDS for e in entities_in(mention))
        ):
            author = self._author_of(head)
            if author:
                return author
        if (
            _is_definite(mention)
            and lower in BODY_NOUNS
            and not any(t.text[:1].isupper() for t in mention[1:])
        ):
            body = self._body_described(mention)
            if body:
                return Speaker(body.name, body.kind, 0.6)
        if _is_definite(mention) and head.tag_ in ("NN", "NNP"):
            described = self._described(mention)
            if described:
                # a description read as a mention already (see _descriptions) counts once
                if described.kind is SpeakerKind.PERSON and not any(
                    m.start == head.i for m in self._described_mentions
                ):
                    self._resolved.append(
                        _Mention(
                            mention.start,
                            mention.end,
                            described,
                            _salience(mention.root),
                            self._sentence[mention.start],
                        )
                    )
                return Speaker(described.name, described.kind, 0.7)
        named = _named_body(mention)
        if named:
            return named
        return Speaker(None, SpeakerKind.GROUP)

    def _spelt_out(self, word: str) -> str | None:
        """ "The S.E.C." -> "Securities and Exchange Commission" when the article spells the
        acronym out; None for any other word."""
        letters = word.replace(".", "")
        if not (letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 6):
            return None
        for ent in self.doc.ents:
            # "the federal Securities and Exchange Commission": the name begins at a capital
            words = _strip_the(ent.text).split()
            while words and not words[0][:1].isupper():
                words.pop(0)
            if ent.label_ == "ORG" and _initials(" ".join(words)) == letters:
                return " ".join(words)
        return None

    def _several(self, mention: TokenSpan) -> Speaker:
        """ "Mr. Grassley and Mr. Leahy": several named speakers, given by the first of them
        (a label names one speaker); "the US, the UK and Nato's leaders" names no one, since
        one of its parts is not a name."""
        head = mention.root
        parts = [
            head,
            *(
                t
                for t in head.subtree
                if t.dep_ == "conj" and t.pos_ in NOMINAL and t.i < mention.end
            ),
        ]
        named = []
        for n, part in enumerate(parts):
            end = parts[n + 1].i if n + 1 < len(parts) else mention.end
            start = head.left_edge.i if n == 0 else part.left_edge.i
            words = [t for t in self.doc[max(start, mention.start) : end] if t.dep_ != "cc"]
            while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
                words.pop()
            if not words:
                return Speaker(None, SpeakerKind.GROUP)
            span = self.doc[words[0].i : words[-1].i + 1]
            speaker = self._person_or_body(span, part)
            if speaker is None:
                return Speaker(None, SpeakerKind.GROUP)
            named.append(speaker)
        # the statement is the others' too: a low certainty puts it on the editors' review
        # list, where it can be given to whom it fits
        certainty = SEVERAL_SPEAKERS_CERTAINTY * min(s.certainty for s in named)
        return Speaker(named[0].name, named[0].kind, certainty)

    def _person_or_body(self, span: TokenSpan, head: Token) -> Speaker | None:
        """The person, country or organisation a proper name of ``span`` names, or None."""
        if head.pos_ != "PROPN":
            return None
        mention = self._by_token.get(head.i)
        if mention is not None:
            return Speaker(mention.entity.name, SpeakerKind.PERSON, mention.entity.certainty)
        named = _named_body(span)
        if named is None or not named.name or named.certainty < 1.0:
            return None
        return named

    def _person_in(self, mention: TokenSpan) -> _Entity | None:
        """The person the mention names: the one at its head, else the last one in it."""
        found = [
            self._by_token[i] for i in range(mention.start, mention.end) if i in self._by_token
        ]
        if not found:
            return None
        own = [m for m in found if m.start <= mention.root.i < m.end]
        head = mention.root
        if not own and head.pos_ == "NOUN" and _people_noun(head):
            # "Obama's aides", "Clinton supporters", "advisers to Mr. Obama": people around
            # the person, not the person ("Mr. Trump's returns", "Obama's remarks" are his)
            root = self.doc[found[-1].start : found[-1].end].root
            if root.head == head or root.head.head == head and root.head.dep_ == "prep":
                return None
        return (own or found)[-1].entity

    def _owner(self, phrase: TokenSpan) -> _Entity | None:
        """The person whose campaign, ad or administration ``phrase`` names: "Donald Trump's
        campaign", "the Clinton campaign", "her campaign" (the people-around rule of
        :meth:`_person_in` does not apply: a campaign is its candidate's)."""
        found = [self._by_token[i] for i in range(phrase.start, phrase.end) if i in self._by_token]
        if found:
            return found[-1].entity
        # "her campaign": the person the possessive pronoun stands for
        owners = [
            self._pronouns[t.i][0] for t in phrase if t.tag_ == "PRP$" and t.i in self._pronouns
        ]
        return owners[-1] if owners else None

    def _antecedent_of(self, pronoun: Token) -> Speaker | None:
        """ "who"/"which": the noun the relative clause hangs on."""
        clause = pronoun.head
        if clause.dep_ == "relcl" and clause.head.i < pronoun.i:
            noun = clause.head
        else:
            # "the Chicago Police Department which reported ..." parsed as an adverbial
            # clause: the noun right before the pronoun
            before = self.doc[pronoun.i - 1] if pronoun.i else None
            if before is not None and before.text == "," and pronoun.i > 1:
                before = self.doc[pronoun.i - 2]
            if before is None or before.pos_ not in ("NOUN", "PROPN"):
                return None
            noun = before
        speaker = self._resolve(self.doc[noun.left_edge.i : noun.i + 1])
        # a bare proper noun that is neither a person nor a known body is not an antecedent
        return speaker if speaker.certainty >= 0.7 else None

    def _body_pronoun(self, pronoun: Token) -> Speaker | None:
        """ "it"/"they": the most salient organisation (for "it" also country) of the last
        sentences, by role and recency as for people; "they" after "Mr. Grassley and Mr.
        Leahy said" is those people, given by the first of them."""
        sentence = self._sentence[pronoun.i]
        plural = pronoun.lower_ != "it"
        scores: dict[_Entity, float] = {}
        for m in reversed(self._bodies):
            if m.start >= pronoun.i:
                continue
            distance = sentence - m.sentence
            if distance > BODY_PRONOUN_WINDOW:
                break
            if plural and m.entity.kind is not SpeakerKind.ORGANISATION:
                continue
            if m.weight < RECENCY_WEIGHT + ROLE_WEIGHTS["nsubjpass"]:
                continue  # only what was a subject: "it" continues a topic
            scores[m.entity] = scores.get(m.entity, 0.0) + m.weight / 2**distance
        if plural:
            group = self._conjoined_people(pronoun)
            if group is not None:
                return group
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        if scores[best] < BODY_PRONOUN_MINIMUM:
            return None
        return Speaker(best.name, best.kind, 0.6)

    def _conjoined_people(self, pronoun: Token) -> Speaker | None:
        """ "Mr. Grassley and Mr. Leahy said ... they": the people conjoined as the subject of
        this or the previous sentence, given by the first of them at a low certainty."""
        sentence = self._sentence[pronoun.i]
        for m in reversed(self._mentions):
            if m.start >= pronoun.i:
                continue
            if sentence - m.sentence > 1:
                break
            root = self.doc[m.start : m.end].root
            if root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if any(c.dep_ == "conj" and c.i in self._by_token for c in root.children):
                return Speaker(m.entity.name, SpeakerKind.PERSON, SEVERAL_SPEAKERS_CERTAINTY)
        return None

    def _campaign(self, mention: TokenSpan) -> Speaker | None:
        """ "The Clinton campaign", "Trump's campaign", "a Clinton ad" -> "Hillary Clinton
        campaign"; "the Obama administration" -> "Obama administration"; "the campaign" ->
        the campaign the article spoke of last."""
        head = mention.root
        person = self._owner(mention)
        if person is None:
            names = [
                c for c in head.children if c.pos_ == "PROPN" and c.dep_ in ("compound", "poss")
            ]
            if names and names[-1].ent_type_ in ("", "PERSON", "ORG"):
                person = self._single_entity([_cased(names[-1].text)], head.i, None)
        if head.lower_ in ADMINISTRATION_NOUNS:
            if person is None:
                return None
            return Speaker(f"{person.name.split()[-1]} administration", SpeakerKind.ORGANISATION)
        if person is not None:
            return Speaker(f"{person.name} campaign", SpeakerKind.ORGANISATION, person.certainty)
        if head.lower_ in CAMPAIGN_NOUNS and _is_definite(mention):
            for m in reversed(self._bodies):
                if m.start < mention.start and m.entity.name.endswith(" campaign"):
                    return Speaker(m.entity.name, SpeakerKind.ORGANISATION, 0.7)
        return None

    def _described(self, mention: TokenSpan, guess: bool = True) -> _Entity | None:
        """The person or body the article introduced with this description: "the Republican
        nominee" after "Republican nominee Donald Trump", "the newspaper" after "The Washington
        Post"."""
        head = mention.root.lower_
        words = _description_words(mention) - {head}
        best, best_key = None, None
        for entity in self._entities.values():
            if not entity.mentions:
                continue
            if entity.mentions[0] > mention.start and entity.kind is not SpeakerKind.PERSON:
                continue
            # each description the article gave the entity, by how well it fits: "the
            # president" is not the article's "Vice President Joe Biden"
            fits = [
                len(words & r) - 0.5 * len(r - words - {head})
                for r in entity.roles
                if head in r
                and (words & r or r <= words | {head})
                and words & OFFICE_MODIFIERS == r & OFFICE_MODIFIERS
                and not (words & PARTIES and r & PARTIES and not words & r & PARTIES)
            ]
            if not fits:
                continue
            before = [i for i in entity.mentions if i < mention.start]
            key = (max(fits), before[-1] if before else -1)
            if best_key is None or key > best_key:
                best, best_key = entity, key
        if best is None and guess and head in PERSON_NOUNS:
            return self._salient_person(mention.root)
        return best

    def _document_author(self, document: Token) -> Speaker | None:
        """ "The poll found ...": the author of the poll the article named before ("a
        Bloomberg poll"), else of a document of the sentences just before ("a video by the
        RNC ... The clip")."""
        sentence = self._sentence[document.i]
        for same, window in ((True, DOCUMENT_WINDOW), (False, 3)):
            for token in reversed(self.doc[: document.i]):
                if sentence - self._sentence[token.i] > window:
                    break
                if token.pos_ != "NOUN" or token.lower_ not in DOCUMENT_NOUNS | AD_NOUNS:
                    continue
                if same and token.lower_ != document.lower_:
                    continue
                author = self._author_of(token)
                if author:
                    return author
        return None

    def _author_of(self, document: Token) -> Speaker | None:
        """Who made an indefinite document: "a Trump ad", "a Bloomberg poll", "a video by
        the RNC", "a new ad from Donald Trump's campaign"."""
        phrase = self.doc[document.left_edge.i : document.i + 1]
        if _is_definite(phrase):
            return None
        if document.lower_ in AD_NOUNS:
            campaign = self._campaign(phrase)
            if campaign:
                return campaign
        person = self._person_in(phrase)
        if person:
            return Speaker(person.name, SpeakerKind.PERSON, 0.6 * person.certainty)
        # "a video by the RNC"; "a complaint filed by the SEC", "a study that appeared in
        # the BMJ" (by way of a clause on the document)
        preps = [p for p in document.children if p.dep_ == "prep" and p.lower_ in ("by", "from")]
        for clause in document.children:
            if clause.dep_ in ("acl", "relcl") and clause.i > document.i:
                preps += [
                    p
                    for p in clause.children
                    if p.dep_ in ("agent", "prep")
                    and (
                        p.lower_ in ("by", "from")
                        or p.lower_ == "in"
                        and clause.lemma_.lower() in PUBLISHED
                    )
                ]
        for prep in preps:
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lower_ not in BODY_PRONOUNS | PRONOUN_GENDER.keys():
                    author = self._resolve(self.doc[noun.left_edge.i : noun.i + 1])
                    if author.name:
                        return Speaker(author.name, author.kind, 0.6)
        return None

    def _body_described(self, mention: TokenSpan) -> _Entity | None:
        """ "The union said ...": the organisation named before whose name has the noun
        ("United Mine Workers union"), else the one the article named most so far ("the
        bank" of an article about Wells Fargo)."""
        noun = mention.root.lower_
        sentence = self._sentence[mention.start]
        before = [
            m
            for m in self._bodies
            if m.end <= mention.start
            and m.entity.kind is SpeakerKind.ORGANISATION
            and not m.entity.name.endswith(" campaign")
            and normalise(m.entity.name) != noun
        ]
        if not before:
            return None
        with_noun = [m.entity for m in before if noun in normalise(m.entity.name).split()]
        if with_noun:
            return with_noun[-1]
        described = self._described(mention)
        if (
            described is not None
            and described.kind is SpeakerKind.ORGANISATION
            and normalise(described.name) != noun
        ):
            return described
        recent = [m.entity for m in before if m.sentence >= sentence - 1]
        if recent:
            return recent[-1]
        counts = Counter(m.entity for m in before)
        last = {m.entity: n for n, m in enumerate(before)}
        return max(counts, key=lambda e: (counts[e], last[e]))

    def _salient_person(self, description: Token) -> _Entity | None:
        """ "The Russian president denied ...": a description the article gave no one is most
        likely the person the text was about the sentence before, unless the article gave
        that person another office, or the description's own verb has them as its object
        ("The FBI director chastised Clinton")."""
        position = description.left_edge.i
        role = description.lower_
        sentence = self._sentence[position]
        others = {
            m.entity
            for m in self._mentions
            if m.sentence == sentence
            and m.start > description.i
            and _subject_and_object(description, self.doc[m.start : m.end].root)
        }
        scores: dict[_Entity, float] = {}
        for m in self._mentions + self._resolved:
            if m.start >= position or sentence - m.sentence > DESCRIPTION_WINDOW:
                continue
            if m.entity in others:
                continue
            offices = {w for r in m.entity.roles for w in r if w in ROLE_NOUNS}
            office_ok = role not in ROLE_NOUNS or offices <= {role}
            if m.entity.kind is SpeakerKind.PERSON and office_ok:
                scores[m.entity] = scores.get(m.entity, 0.0) + m.weight / 2 ** (
                    sentence - m.sentence
                )
        return max(scores, key=scores.__getitem__) if scores else None

    # -- reading the article -----------------------------------------------------------

    def _people(self) -> list[_Entity]:
        return [e for e in self._entities.values() if e.kind is SpeakerKind.PERSON]

    def _collect_people(self) -> None:
        """Every person the article names, clustered: full names first, then the single
        names (surname, "Mr." + surname, first name) that refer to them."""
        names: list[tuple[int, int, list[str], str | None]] = []
        for ent in self.doc.ents:
            if _is_dateline(ent) or not (ent.label_ == "PERSON" or _person_shaped(ent)):
                continue
            found = _name_words(_with_given_name(ent))
            if found:
                names.append(found)
        covered = {i for start, end, _, _ in names for i in range(start, end)}
        names += self._names_missed(covered)
        covered = {i for start, end, _, _ in names for i in range(start, end)}
        for token in self.doc:
            if token.i in covered or token.lower_.rstrip(".") not in HONORIFIC_GENDER:
                continue
            run = _proper_after(token)
            if run is not None and not covered.intersection(range(run.start, run.end)):
                names.append(
                    (
                        token.i,
                        run.end,
                        [_cased(t.text) for t in run],
                        HONORIFIC_GENDER[token.lower_.rstrip(".")],
                    )
                )
        names.sort()
        # "Mr. Guajardo Villarreal" is a double surname, not a first name and a surname
        # and "De Blasio" is a surname with its particle, not a first name and a surname
        full = [n for n in names if len(_without_initials(n[2])) > 1 and not _is_surname(n)]
        single = [n for n in names if len(_without_initials(n[2])) <= 1 or _is_surname(n)]
        surnames = {_without_initials(n[2])[-1].lower() for n in full}
        glued = [n for n in full if self._glued(n[2], surnames)]
        # "President Obama Speech" (a video caption), "Trump Clinton": a known surname
        # followed by more words is that surname, not a first name
        full = [n for n in full if n not in glued]
        single += [(start, end, words[:1], gender) for start, end, words, gender in glued]
        for start, end, words, gender in full:
            entity = self._full_entity(words)
            self._add_mention(entity, start, end, gender)
        for entity in self._people():
            entity.name = self._canonical(entity)
            if entity.gender is None:
                entity.gender = self.registry.first_name_gender(entity.first)
        single += self._surnames_missed(covered | {i for n in full for i in range(n[0], n[1])})
        for start, end, words, gender in sorted(single):
            entity = self._single_entity(words, start, gender)
            self._add_mention(entity, start, end, gender)
        for entity in self._people():
            honorifics = entity.votes
            if honorifics and (entity.gender is None or entity.certainty < 1.0):
                entity.gender = honorifics.most_common(1)[0][0]
            entity.votes = Counter()
        for mention in self._mentions:
            mention.entity.roles.extend(self._roles_of(mention.start, mention.end))

    def _names_missed(self, covered: set[int]) -> list[tuple[int, int, list[str], None]]:
        """ "Mehmet Oz" where the model tagged no entity, but tagged "Oz" a person elsewhere:
        a given name before a word the article uses as a person's one-word name."""
        alone = {
            ent[0].lower_
            for ent in self.doc.ents
            if ent.label_ == "PERSON" and len(ent) == 1 and ent[0].pos_ == "PROPN"
        }
        found = []
        for i in _tokens_among(self.doc, alone, LOWER):
            token = self.doc[i]
            if i == 0 or token.ent_type_ or i in covered or i - 1 in covered:
                continue
            given = self.doc[i - 1]
            if given.head.i == i and given.dep_ == "compound" and _given_name_shaped(given):
                found.append((i - 1, i + 1, [_cased(given.text), _cased(token.text)], None))
        return found

    def _glued(self, words: list[str], surnames: set[str]) -> bool:
        """Whether a name's first word is a surname of a known person (of the registry or of
        another full name of the article) that no one bears as a first name."""
        first = words[0].lower()
        if self.registry.first_name_gender(first) or self.registry.get(" ".join(words)):
            return False
        return first in surnames - {words[-1].lower()} or any(
            not s.historical for s in self.registry.with_surname(first)
        )

    def _surnames_missed(self, covered: set[int]) -> list[tuple[int, int, list[str], None]]:
        """ "Caddell said" where the model typed the surname of the article's Pat Caddell as an
        organisation, or missed it."""
        surnames = {e.surname[-1] for e in self._people() if e.surname}
        typed = {s.replace("'", "’") for s in surnames}
        # only the tokens that can qualify are visited: the article's surnames, proper nouns
        candidates = set(_tokens_among(self.doc, surnames | typed, LOWER))
        candidates.update(np.flatnonzero(self.doc.to_array(POS) == PROPN_ID).tolist())
        return [
            (t.i, t.i + 1, [_cased(t.text)], None)
            for t in (self.doc[i] for i in sorted(candidates))
            if t.i not in covered
            # the model's other types too for a proper noun: "Last week Stumpf" as a date
            and (t.ent_type_ in ("", "ORG", "PERSON", "GPE") or t.pos_ == "PROPN")
            # not the first word of a longer name, unless a verb follows it inside the
            # entity (a headline glued into one: "Obama Sees 'Personal Insult'")
            and not (
                t.i + 1 < len(self.doc)
                and self.doc[t.i + 1].ent_iob_ == "I"
                and not self.doc[t.i + 1].tag_.startswith("VB")
            )
            and (
                # a capitalised surname of the article's people, whatever the tagger made of
                # it ("Trump openly admires" tagged as a verb, "DuVernay" as a place)
                t.text[:1].isupper()
                and t.lower_.replace("’", "'") in surnames
                # the registry's people too: "Trump said" in an article that never says
                # "Donald"
                or t.pos_ == "PROPN"
                and t.ent_type_ != "GPE"
                # a title or a given name before a name ("Chief Justice Roberts" is not Jim
                # Justice), or a name that qualifies a thing ("Trump Tower")
                and not (t.dep_ == "compound" and t.head.i > t.i and t.head.pos_ == "PROPN")
                and bool(self.registry.with_surname(t.text))
            )
        ]

    def _full_entity(self, words: list[str]) -> _Entity:
        plain = _without_initials(words)
        junior = plain[-1].lower().rstrip(".") == "jr"
        while len(plain) > 2 and plain[-1].lower().rstrip(".") in SUFFIXES:
            plain = plain[:-1]
        surname = tuple(w.lower() for w in plain[1:] if w.lower().rstrip(".") not in SUFFIXES)
        key = (plain[0].lower(), " ".join(surname), junior)
        entity = self._entities.get(key)
        if entity is None:
            entity = _Entity(" ".join(plain), SpeakerKind.PERSON, first=plain[0], surname=surname)
            entity.junior = junior
            self._entities[key] = entity
        entity.forms[" ".join(words)] += 1
        entity.forms[" ".join(plain)] += 1
        return entity

    def _canonical(self, entity: _Entity) -> str:
        """The registry's name for any of the forms the article uses, else the most common
        form without middle initials and generational suffixes ("Jr." kept)."""
        for form, _ in entity.forms.most_common():
            known = self.registry.get(form)
            if known is not None and known.kind is SpeakerKind.PERSON:
                entity.gender = entity.gender or known.gender
                return known.name
        plain = [c for c in entity.forms if c == " ".join(_without_initials(c.split()))]
        best = max(plain or entity.forms, key=lambda c: entity.forms[c])
        words = best.split()
        while len(words) > 2 and words[-1].lower().rstrip(".") in SUFFIXES - {"jr"}:
            words.pop()
        return " ".join(words)

    def _single_entity(self, words: list[str], position: int, gender: str | None) -> _Entity:
        """The person a surname means: a full name of the article with that surname (then
        first name), else the registry's, else the name as it stands."""
        word = " ".join(words)
        lower = word.lower()
        tail = tuple(w.lower() for w in words)
        people = self._people()
        by_surname = [e for e in people if e.surname[-len(tail) :] == tail and e.first]
        if gender:
            # "Mr. Obama" in an article that names only Michelle Obama in full is not her
            by_surname = [e for e in by_surname if e.gender == gender] or [
                e for e in by_surname if e.gender is None
            ]
        seniors = [e for e in by_surname if not e.junior]
        by_surname = seniors or by_surname
        if len(by_surname) > 1:
            # the article's context decides: the one it named last, else the one named most
            before = [e for e in by_surname if e.mentions and e.mentions[0] < position]
            pool = before or by_surname
            return max(pool, key=lambda e: (len(e.mentions), max(e.mentions, default=-1)))
        if by_surname:
            only = by_surname[0]
            if only.mentions and only.mentions[0] > position:
                # news names a person in full first: "President Obama" long before the
                # article's only full "Michelle Obama" is the registry's Obama, if it has one
                known, certainty = self.registry.pick(word, gender)
                if known is not None and normalise(known.name) != normalise(only.name):
                    return self._registry_entity(known, certainty, tail)
            return only
        by_first = [e for e in people if e.first.lower() == lower and e.surname]
        if len(by_first) == 1:
            return by_first[0]
        key = ("", lower, False)
        if key in self._entities:
            return self._entities[key]
        known, certainty = self.registry.pick(word, gender)
        if known is not None:
            return self._registry_entity(known, certainty, tail)
        # "Melanie thought ...": a lone given name has that name's gender
        entity = _Entity(
            word, SpeakerKind.PERSON, self.registry.first_name_gender(word), certainty=0.4
        )
        entity.surname = tail
        self._entities[key] = entity
        return entity

    def _registry_entity(self, known: KnownSpeaker, certainty: float, tail: tuple) -> _Entity:
        """The article's entity for a person only the registry names (one per person)."""
        key = ("", normalise(known.name), False)
        entity = self._entities.get(key)
        if entity is None:
            entity = _Entity(known.name, SpeakerKind.PERSON, known.gender, certainty=certainty)
            entity.surname = tail
            self._entities[key] = entity
        return entity

    def _add_mention(self, entity: _Entity, start: int, end: int, gender: str | None) -> None:
        root = self.doc[start:end].root
        mention = _Mention(start, end, entity, _salience(root), self._sentence[start])
        entity.mentions.append(start)
        if gender:
            entity.votes[gender] += 1
        self._mentions.append(mention)
        for i in range(start, end):
            self._by_token[i] = mention

    def _roles_of(self, start: int, end: int) -> list[frozenset[str]]:
        """The words that describe a person where it is named: the title before the name
        ("FBI Director James Comey") and an apposition ("Jake Tapper, the CNN host")."""
        doc = self.doc
        phrases = []
        i = start - 1
        while i >= 0 and start - i <= 4:
            token = doc[i]
            if token.is_punct or token.pos_ in ("DET", "VERB", "AUX", "ADP", "CCONJ", "PRON"):
                break
            i -= 1
        phrases.append(_description_words(doc[i + 1 : start]))
        root = doc[start:end].root if end > start else doc[start]
        appositions = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            appositions.append(root.head)
        for noun in appositions:
            start = max(noun.left_edge.i, noun.i - MAX_DESCRIPTION_WORDS)
            phrases.append(_description_words(doc[start : noun.i + 1]))
        return [p for p in phrases if p]

    def _collect_bodies(self) -> None:
        """Organisations, countries and campaigns the article names, in order, with their
        salience: what "it" and "the newspaper" refer to."""
        for ent in self.doc.ents:
            if ent.label_ not in ("ORG", "GPE") or _is_dateline(ent):
                continue
            if any(i in self._by_token for i in range(ent.start, ent.end)):
                continue  # a person's name the model typed as an organisation
            named = _named_body(ent)
            if named is None or not named.name:
                continue
            key = ("", normalise(named.name), True)
            entity = self._entities.get(key)
            if entity is None:
                entity = _Entity(named.name, named.kind)
                self._entities[key] = entity
                name_words = frozenset(normalise(named.name).split())
                entity.roles.append(name_words)
                if name_words & PRESS_NAMES and named.kind is SpeakerKind.ORGANISATION:
                    entity.roles.extend(frozenset({n}) for n in PRESS_NOUNS)
            entity.roles.extend(self._roles_of(ent.start, ent.end))
            entity.mentions.append(ent.start)
            self._bodies.append(
                _Mention(ent.start, ent.end, entity, _salience(ent.root), self._sentence[ent.start])
            )
        for token in self.doc:
            if token.lower_ not in CAMPAIGN_NOUNS:
                continue
            person = self._owner(self.doc[token.left_edge.i : token.i + 1])
            if person is None:
                continue
            name = f"{person.name} campaign"
            key = ("", normalise(name), True)
            entity = self._entities.setdefault(key, _Entity(name, SpeakerKind.ORGANISATION))
            entity.roles.append(frozenset({"campaign"}))
            entity.mentions.append(token.i)
            self._bodies.append(
                _Mention(token.i, token.i + 1, entity, _salience(token), self._sentence[token.i])
            )
        self._bodies.sort(key=lambda m: m.start)

    def _descriptions(self) -> list[_Mention]:
        """ "The president appeared cowed": definite descriptions of an office the article
        gave one person ("President Obama"), as mentions of that person for coreference."""
        found = []
        for token in self.doc:
            if (
                token.lower_ not in ROLE_NOUNS
                or token.pos_ != "NOUN"
                or token.i in self._by_token
                or token.dep_ in ("compound", "appos")
            ):
                continue
            phrase = self.doc[token.left_edge.i : token.i + 1]
            if not _is_definite(phrase) or any(t.i in self._by_token for t in phrase):
                continue
            # a subject the article gave no one ("The Republican vice presidential nominee
            # was speaking ...") is the person the text was about just before
            guess = token.dep_ in ("nsubj", "nsubjpass")
            entity = self._described(phrase, guess=guess)
            if entity is not None and entity.kind is SpeakerKind.PERSON:
                mention = _Mention(
                    token.i, token.i + 1, entity, _salience(token), self._sentence[token.i]
                )
                found.append(mention)
                self._resolved.append(mention)  # what later descriptions see
        return found

    def _corefer(self, vote: bool) -> None:
        """Resolve every personal pronoun of the article, in order, to the most salient
        person before it that agrees in gender; each resolved pronoun adds to its person's
        salience. With ``vote``, only count which pronouns follow a lone person instead."""
        names = iter(sorted(self._mentions + self._described_mentions, key=lambda m: m.start))
        upcoming = next(names, None)
        history: list[_Mention] = []
        quoted = self._quoted
        for i in self._personal_pronouns:
            token = self.doc[i]
            while upcoming is not None and upcoming.start <= token.i:
                history.append(upcoming)
                upcoming = next(names, None)
            wanted = PRONOUN_GENDER[token.lower_]
            if quoted[token.i] or token.pos_ != "PRON" and token.tag_ != "PRP$":
                continue
            sentence = self._sentence[token.i]
            scores: dict[_Entity, float] = {}
            for m in reversed(history):
                distance = sentence - m.sentence
                if distance > PRONOUN_WINDOW:
                    break
                if (
                    m.end > token.i
                    or _same_clause_object(self.doc, m, token)
                    or _object_of_own_participle(self.doc, m, token)
                ):
                    continue
                weight = m.weight / 2**distance
                if quoted[m.start]:
                    # a name inside someone's quotation is not what the narrative's "he"
                    # continues ("'My adviser, John Holdren, ...,' he said")
                    weight *= QUOTED_FACTOR
                elif distance == 1 and m.sentence_subject and token.dep_ == "nsubj":
                    # a subject pronoun continues the subject of the sentence before
                    weight += SUBJECT_CONTINUITY
                scores[m.entity] = scores.get(m.entity, 0.0) + weight
            if vote:
                # "Dana Orwell said she ...": only a lone person of the same sentence counts
                recent = {e for e, s in scores.items() if s >= RECENCY_WEIGHT}
                if len(recent) == 1:
                    recent.pop().votes[wanted] += 1
                continue
            ranked = sorted(
                (
                    (s * (1.0 if e.gender == wanted else UNKNOWN_GENDER_FACTOR), e)
                    for e, s in scores.items()
                    if _gender_agrees(e.gender, wanted)
                ),
                key=lambda pair: -pair[0],
            )
            if not ranked:
                continue
            best_score, entity = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            certainty = 0.9 if best_score >= 2 * runner_up else 0.6
            self._pronouns[token.i] = (entity, certainty * entity.certainty)
            resolved = _Mention(token.i, token.i + 1, entity, _salience(token), sentence)
            history.append(resolved)
            self._resolved.append(resolved)

    def _learn(self) -> None:
        """Teach the registry the people this article names in full."""
        for entity in self._people():
            # a full name the article gave itself, not one the registry supplied
            if entity.first and entity.certainty >= 1.0:
                self.registry.learn(entity.name, gender=entity.gender)


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            numbers[i] = n
    return numbers


def _salience(root: Token) -> float:
    """How salient a mention is by its role: subjects most, speakers more."""
    node = root
    while node.dep_ in ("compound", "flat", "appos") and node.head != node:
        node = node.head
    weight = RECENCY_WEIGHT + ROLE_WEIGHTS.get(node.dep_, OTHER_ROLE_WEIGHT)
    if node.dep_ == "nsubj" and node.head.lemma_.lower() in SPEECH_VERBS:
        weight += SPEAKER_WEIGHT
    return weight


def _same_clause_object(doc: Doc, mention: _Mention, pronoun: Token) -> bool:
    """ "Trump attacked him": an object pronoun is not the subject of its own verb."""
    return _subject_and_object(doc[mention.start : mention.end].root, pronoun)


def _subject_and_object(subject: Token, obj: Token) -> bool:
    """Whether ``obj`` is an object of the verb whose subject is ``subject`` ("Trump
    attacked him", "The businessman says of Clinton"): two people, not one."""
    if obj.dep_ not in ("dobj", "dative", "pobj"):
        return False
    verb = obj.head if obj.dep_ != "pobj" else obj.head.head
    return subject.dep_ == "nsubj" and subject.head.i == verb.i


def _object_of_own_participle(doc: Doc, mention: _Mention, pronoun: Token) -> bool:
    """ "Campaigning against Mitt Romney, he ...": the object of a participle clause whose
    understood subject is the pronoun is not what the pronoun means."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = pronoun.head
    node = doc[mention.start : mention.end].root
    while node.head.i != node.i and node.i != verb.i:
        if node.dep_ == "advcl" and node.head.i == verb.i:
            return node.tag_ in ("VBG", "VBN") and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in node.children
            )
        if node.dep_ in ("nsubj", "nsubjpass"):
            return False
        node = node.head
    return False


def _quoted_tokens(doc: Doc) -> np.ndarray:
    """True for each token inside a quotation: its "he" is the speaker's, not the writer's.
    A quotation opens at “ (or a straight mark while outside one: " or the two apostrophes
    newspaper archives write for it) and ends at its closing mark or at the end of the
    paragraph. Only the marks and line breaks are visited, not every token."""
    out = np.zeros(len(doc), dtype=bool)
    marks = _tokens_among(doc, ("“", "”", *STRAIGHT_MARKS), ORTH)
    breaks = [i for i in np.flatnonzero(doc.to_array(IS_SPACE)) if "\n" in doc[int(i)].text]
    events = sorted([(int(i), "mark") for i in marks] + [(int(i), "break") for i in breaks])
    inside, since = False, 0
    for i, kind in events:
        if inside:
            out[since:i] = True
        if kind == "break":
            inside = False
        else:
            text = doc[i].text
            inside = text == "“" or (text in STRAIGHT_MARKS and not inside)
        since = i + 1
    if inside:
        out[since:] = True
    return out


def _tokens_among(doc: Doc, words: Iterable[str], attr: int) -> list[int]:
    """The indices of the tokens whose ``attr`` (ORTH or LOWER) is one of ``words``."""
    if not len(doc):
        return []
    values = doc.to_array(attr)
    wanted = np.array([doc.vocab.strings.add(w) for w in words], dtype=values.dtype)
    return [int(i) for i in np.flatnonzero(np.isin(values, wanted))]


def _is_dateline(ent: TokenSpan) -> bool:
    """ "WASHINGTON —" at the start of a paragraph, a section label or a byline in capitals."""
    text = doc_text(ent.doc)
    start = ent.start_char
    at_line_start = (
        start == 0 or text[:start].rstrip(" \t").endswith("\n") or not text[:start].strip()
    )
    after = text[ent.end_char : ent.end_char + 3].strip()
    return at_line_start and ent.text.isupper() and not after.startswith(":")


def _name_words(ent: TokenSpan) -> tuple[int, int, list[str], str | None] | None:
    """A PERSON entity as (start, end, name words, honorific gender): titles, possessives and
    punctuation dropped, hyphenated parts joined ("Ban Ki-moon"), capitals made title case."""
    units: list[list[str]] = []  # each word of the name as [text, lowercase]
    glue = False
    for t in ent:
        if t.lemma_.lower() in SPEECH_VERBS or t.tag_.startswith("VB"):
            break  # a headline's "Obama Says ..." glued into the name
        joins = units and not t.whitespace_ and not ent.doc[t.i - 1].whitespace_
        if t.text == "-" and t.i > ent.start and joins:
            units[-1][0] += "-"
            glue = True
            continue
        if glue:
            units[-1][0] += t.text
            glue = False
            continue
        if t.tag_ != "POS" and not (t.is_punct and t.text != ".") and t.text not in (".", "’", "'"):
            units.append([t.text, t.lower_])
    gender = None
    before = ent.doc[ent.start - 1] if ent.start else None
    if before is not None and before.lower_.rstrip(".") in HONORIFIC_GENDER:
        gender = HONORIFIC_GENDER[before.lower_.rstrip(".")]
    while units and units[0][1].rstrip(".") in TITLES:
        gender = gender or HONORIFIC_GENDER.get(units[0][1].rstrip("."))
        units = units[1:]
    if not units or len(_without_initials([u[0] for u in units])) > MAX_NAME_WORDS:
        return None
    if not all(u[0][:1].isupper() or u[1] in SURNAME_PARTICLES for u in units):
        return None
    if len(units) == 1 and ent[0].tag_ == "NNS" and ent[0].is_sent_start:
        return None  # "Scholars say ...": a plural noun capitalised at a sentence start
    words = [_cased(u[0].removesuffix("’s").removesuffix("'s")) for u in units]
    start = ent.start - (
        1 if gender and before is not None and before.lower_.rstrip(".") in HONORIFIC_GENDER else 0
    )
    return (start, ent.end, words, gender)


def _with_given_name(ent: TokenSpan) -> TokenSpan:
    """ "Amelize Joseph" where the model marked only "Joseph": a capitalised proper noun
    right before a person's name, itself no entity, title or honorific, is their given name."""
    if ent.label_ != "PERSON" or ent.start == 0:
        return ent
    if _given_name_shaped(ent.doc[ent.start - 1]):
        return ent.doc[ent.start - 1 : ent.end]
    return ent


def _given_name_shaped(before: Token) -> bool:
    """Whether ``before``, right before a person's surname, is their given name: a
    capitalised proper noun that is no entity, title, honorific or role word."""
    return (
        before.pos_ == "PROPN"
        and not before.ent_type_
        and before.is_alpha
        and before.text[:1].isupper()
        and not before.text.isupper()
        and before.lower_ not in TITLES | HONORIFIC_GENDER.keys()
        # "Rival Hillary Clinton", "Activist Angela Davis", "Senators Charles Grassley"
        and before.lemma_.lower() not in PERSON_NOUNS | PEOPLE_AROUND
        and not before.lower_.endswith(("er", "or", "ist", "ian", "ent", "ant", "s"))
        and before.whitespace_ != ""
    )


def _people_noun(noun: Token) -> bool:
    """Whether ``noun`` names people ("aides", "supporters", "spokesman", "lawyers"), not
    a thing a person owns ("returns", "remarks", "claim")."""
    lemma = noun.lemma_.lower()
    if noun.lower_ in DOCUMENT_NOUNS | AD_NOUNS and lemma not in PERSON_NOUNS:
        return False
    return (
        lemma in PERSON_NOUNS
        or lemma in PEOPLE_AROUND
        or lemma.endswith(("er", "or", "ist", "ant", "ent", "man", "woman"))
    )


def _person_shaped(ent: TokenSpan) -> bool:
    """An entity the model typed otherwise that is a person's name by its shape: "Vann R.
    Newkirk II" (a middle initial or a generational suffix between capitalised words), or
    one described as a person ("..., a writer for The Atlantic")."""
    if ent.label_ not in ("ORG", "GPE", "NORP", "") or len(ent) < 2:
        return False
    words = [t.text for t in ent]
    if not all(w[:1].isupper() for w in words):
        return False
    initial = any(len(w.rstrip(".")) == 1 and w.endswith(".") for w in words[1:-1])
    suffix = words[-1].lower().rstrip(".") in SUFFIXES and len(words) > 2
    root = ent.root
    described = any(
        c.dep_ == "appos" and c.lower_ in PERSON_NOUNS and c.pos_ == "NOUN" for c in root.children
    )
    return initial or suffix or described


def _is_surname(name: tuple[int, int, list[str], str | None]) -> bool:
    """ "Mr. Guajardo Villarreal", "De Blasio": a surname alone, by its honorific or its
    leading particle."""
    return bool(name[3]) or name[2][0].lower() in SURNAME_PARTICLES


def _proper_after(honorific: Token) -> TokenSpan | None:
    """ "Mr Stoltenberg" where the model missed the entity: the proper nouns after the title."""
    doc = honorific.doc
    i = honorific.i + 1
    if i < len(doc) and doc[i].text == ".":
        i += 1
    end = i
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS" and end - i < 3:
        end += 1
    return doc[i:end] if end > i else None


def _cased(word: str) -> str:
    """ "PENCE" -> "Pence"; other words as written ("McCain", "DuVernay"); a typographic
    apostrophe made plain, so that "O’Neill" and "O'Neill" are one name."""
    word = word.replace("’", "'")
    return word.capitalize() if word.isupper() and len(word) > 2 else word


def _without_initials(words: list[str]) -> list[str]:
    """ "Donald J. Trump" -> "Donald Trump"; a leading initial stays ("G. K. Butterfield")."""
    kept = [
        w
        for n, w in enumerate(words)
        if n == 0 or not (len(w.rstrip(".")) == 1 and w[:1].isupper()) or n == len(words) - 1
    ]
    return kept if len(kept) > 1 or len(words) == 1 else words


def _description_words(span: TokenSpan) -> frozenset[str]:
    """The describing words of a phrase, casefolded, party names made one."""
    return frozenset(
        SYNONYMS.get(t.lower_, t.lower_) for t in span if t.pos_ in ("ADJ", "PROPN", "NOUN")
    )


def _is_definite(mention: TokenSpan) -> bool:
    return mention[0].lower_ in ("the", "this", "that") or mention[0].tag_ == "PRP$"


def _named_body(mention: TokenSpan) -> Speaker | None:
    """A country, organisation or group that the mention names or stands for."""
    head = mention.root
    ents = [
        e
        for e in entities_in(mention)
        if e.label_ in ("GPE", "ORG", "NORP") and not _is_dateline(e)
    ]
    if not ents:
        if head.pos_ == "PROPN" and not (head.text.isupper() and head.i == mention.start):
            return Speaker(_strip_the(_proper_run(head)), SpeakerKind.ORGANISATION, 0.6)
        return None
    ent = next((e for e in ents if e.start <= head.i < e.end), None)
    if ent is None:
        # "a Kremlin readout": the document speaks for the body; "Russian officials" do not
        if head.lower_ not in DOCUMENT_NOUNS or any(t.dep_ == "conj" for t in mention):
            return None
        ent = next((e for e in ents if _authors(e, head)), None)
        if ent is None:
            # "a letter to Congress", "a poll of Ohio voters": not the document's author
            return None
    if ent.label_ == "NORP":
        return None
    name = _strip_the(ent.text)
    country = COUNTRY_NAMES.get(normalise(name))
    if country:
        return Speaker(country, SpeakerKind.COUNTRY)
    return Speaker(name, ENTITY_KINDS[ent.label_])


# Verbs of a document that appeared in a journal: "a study published in The Lancet".
PUBLISHED = frozenset({"appear", "publish", "print", "run"})


def _authors(ent: TokenSpan, document: Token) -> bool:
    """Whether ``ent`` is the author of ``document``: "a Kremlin readout", "Gallup's poll",
    "a video by the RNC", "a statement from the ministry"."""
    if ent.end <= document.i:
        return True
    node = ent.root
    while node.dep_ in ("compound", "conj", "appos") and node.head != node:
        node = node.head
    if node.dep_ != "pobj":
        return False
    prep = node.head
    if prep.lower_ in ("by", "from") and document.i in (prep.head.i, prep.head.head.i):
        return True
    # "a complaint filed by the SEC", "a study that appeared in the BMJ": the author or
    # the journal, by way of a clause on the document
    clause = prep.head
    return (
        clause.dep_ in ("acl", "relcl")
        and clause.head.i == document.i
        and (prep.lower_ in ("by", "from") or prep.lower_ == "in" and clause.lemma_ in PUBLISHED)
    )


def _initials(name: str) -> str:
    """ "Alliance to Reclaim Our Schools" -> "AROS"."""
    words = name.split()
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words if w[:1].isupper())


def _proper_run(head: Token) -> str:
    """The proper noun and the compound words right before it: not a whole title-case
    headline glued together."""
    start = head.i
    while start > 0 and head.doc[start - 1].dep_ == "compound" and head.doc[start - 1].head == head:
        start -= 1
    return " ".join(t.text for t in head.doc[start : head.i + 1])


def _strip_the(name: str) -> str:
    name = name.strip().rstrip("’'").removesuffix("’s").removesuffix("'s")
    return name[4:] if name.lower().startswith("the ") else name
