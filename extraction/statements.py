"""Accurate mode: statements from the trained tagger's spans, linked through the parse.

The tagger says which characters are content, source and cue; this module decides which go
together. A content piece takes the cue that governs it in the dependency parse (the nearest
ancestor that the tagger marked as a cue), else the nearest cue in its paragraph; a cue takes
the source that is its subject, else the nearest source in its sentence. Pieces that share a
cue form one statement ("“First part,” she said. “Second part.”"). Before linking, each
content is cleaned of what the wordpieces cannot show: a last word that opens the next clause,
the person told, a clause joined to the cue verb. :func:`combine` then makes one reading of the
rules' statements and these.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .attribute import Found
from .doccache import doc_text, sentence_of
from .rules import classify, content_candidates, noun_phrase, says_nothing, subject_of, trim
from .tagger import Tagged
from .types import Kind, Span

# A content piece and its cue or source are never further apart than this, in characters.
MAX_LINK_GAP = 250
# Tagger scores under this are dropped: the span is more likely noise than a statement.
MIN_CONTENT_SCORE = 0.5
# A content of one word ("them", "basically", a stray "that") is a fragment of a statement
# the tagger half saw more often than a statement: on PolNeAR train, where the model was fitted,
# 23% of the one-word statements it gives match gold (510 statements), on dev 13% (53), far
# under what adding a statement to the rest must reach to help (half the F1, about 0.36). The
# rules still give one-word contents that the parse makes an object ("denied it").
MIN_CONTENT_WORDS = 2
# The same for a content with neither cue nor source that is not a quotation (an uncued
# quotation goes to the person in context): under this many words it is a fragment. On train
# 32% of the tagger's 95 such statements of 2-5 words match gold (24% of 17 on dev), under the
# break-even; from 6 words on, 48%. Accurate mode, train: e2e F1 0.6622 -> 0.6633.
MIN_BARE_WORDS = 6
# What may stand between two pieces of one statement besides its cue.
JOINING = " \t\n,;:.!?\"'“”‘’—–-()…"
# How far up the parse the noun a cue-less content hangs on may be ("comment about X": 2).
MAX_OWNER_HOPS = 3
# A content the parse reads for the same cue verb overlaps the tagger's by at least this
# much (characters in common over characters in either): then the parse's source is taken.
PARSE_AGREEMENT = 0.5
# How many verbs up the parse the source of a cue with no subject of its own is looked for.
MAX_AGENT_VERBS = 3
# The last words that open a clause and never end a content (:func:`_without_dangling_word`);
# the second set only after a comma ("on which" ends a piece of a content when its first piece
# is the noun: "the deal, the terms of which ...").
DANGLING = frozenset({"and", "but", "or", "nor"})
DANGLING_AFTER_COMMA = frozenset(
    {"which", "who", "whom", "whose", "where", "when", "while", "although", "because", "yet"}
)


@dataclass
class _Statement:
    pieces: list[Span]
    score: float
    cue: Span | None = None
    source: Span | None = None


def tagged_statements(doc: Doc, tagged: Tagged, quotes: list[Span]) -> list[Found]:
    """The statements of ``doc`` from the tagger's spans of the same text."""
    text = doc_text(doc)
    contents = [
        (_without_dangling_word(text, trim(text, s.start, s.end)), score)
        for s, score in zip(tagged.content, tagged.content_scores, strict=True)
        if score >= MIN_CONTENT_SCORE
    ]
    contents = [(s, score) for s, score in contents if len(s)]
    statements: dict[Span | int, _Statement] = {}
    for number, (piece, score) in enumerate(contents):
        cue = _cue_of(doc, text, piece, tagged.cue)
        key: Span | int = cue if cue is not None else number
        if key in statements and _continues(text, statements[key].pieces[-1], piece, cue):
            statement = statements[key]
            statement.pieces.append(piece)
            statement.score = min(statement.score, score)
        else:
            statements[key if key not in statements else -1 - number] = _Statement(
                [piece], score, cue
            )
    for statement in statements.values():
        statement.pieces[0] = _without_addressee(doc, statement.cue, statement.pieces[0])
        statement.pieces[-1] = _before_next_clause_of_cue(doc, statement.cue, statement.pieces[-1])
    taken = [p for s in statements.values() for p in s.pieces]
    for statement in statements.values():
        agrees, source = _source_by_parse(doc, statement)
        statement.source = (
            source if agrees else _source_of(doc, text, statement, tagged.source, taken)
        )

    out = []
    for statement in statements.values():
        pieces = _with_quotes(text, statement.pieces, quotes)
        mention = _whole_phrase(_token_span(doc, statement.source), statement)
        words = sum(len(text[p.start : p.end].split()) for p in pieces)
        if words < MIN_CONTENT_WORDS:
            continue
        kind = _kind(text, pieces, quotes)
        bare = statement.cue is None and mention is None and kind is not Kind.DIRECT
        if bare and words < MIN_BARE_WORDS:
            continue
        out.append(Found(pieces, kind, statement.cue, mention, statement.score, "tagger"))
    return out


def combine(ruled: list[Found], tagged: list[Found], text: str, quotes: list[Span]) -> list[Found]:
    """The rules' statements and the tagger's, one reading wherever they overlap.

    Statements that share content characters form a group (overlap joins them, across both
    finders). A tagger statement that overlaps nothing is kept, and so is a rule statement.
    Where one rule statement meets one tagger statement, the reading of one statement by
    both, the tagger's content is taken, unless the rules' is a direct quotation: the tagger
    learned where PolNeAR's annotators start and end a reported clause or a partial quotation,
    while the rules cut the parse's constituents; quotation marks give the rules a direct
    quotation's bounds exactly. The cue and the source stay the rules' (the verb's subject as
    the rules find it; the tagger's source tags link worse, :func:`_source_by_parse`), unless
    that source lies inside the tagger's content. A larger group stays the rules': several
    rule statements there are mostly nested or neighbouring attributions ("X said that Y
    claimed ..."), which the tagger's single layer of tags cannot give. Chosen on the first
    half of PolNeAR dev, confirmed on the second (docs/extraction-history.md)."""
    out: list[Found] = []
    claimed: set[int] = set()
    for rules_part, tagger_part in _overlap_groups(ruled, tagged):
        claimed.update(tagger_part)
        if len(rules_part) == 1 and len(tagger_part) == 1:
            rule, tag = ruled[rules_part[0]], tagged[tagger_part[0]]
            out.append(
                rule if rule.kind is Kind.DIRECT else _with_source_of(tag, rule, text, quotes)
            )
        else:
            out.extend(ruled[i] for i in rules_part)
    return out + [t for i, t in enumerate(tagged) if i not in claimed]


def _overlap_groups(ruled: list[Found], tagged: list[Found]) -> list[tuple[list[int], list[int]]]:
    """The rule statements in groups joined by overlap with the tagger's (each group's rule
    statements and tagger statements, by index); a rule statement alone is a group of one."""
    groups = []
    grouped: set[int] = set()
    for first in range(len(ruled)):
        if first in grouped:
            continue
        rules_part, tagger_part = {first}, set()
        grew = True
        while grew:
            found = {
                i
                for i, t in enumerate(tagged)
                if i not in tagger_part and any(t.overlaps(ruled[r]) for r in rules_part)
            }
            joined = {
                r
                for r, found_by_rule in enumerate(ruled)
                if r not in rules_part and any(found_by_rule.overlaps(tagged[i]) for i in found)
            }
            tagger_part |= found
            rules_part |= joined
            grew = bool(found or joined)
        grouped |= rules_part
        groups.append((sorted(rules_part), sorted(tagger_part)))
    return groups


def _with_source_of(tag: Found, rule: Found, text: str, quotes: list[Span]) -> Found:
    """The pieces of the tagger's content that overlap the rule statement's, with its cue
    and source, unless that source lies inside them (then the tagger's statement as it is).
    A tagged piece the rules did not read as part of the statement (a headline above it, a
    sentence after it) is left out: on the first half of PolNeAR dev, content exact F1 0.5865
    -> 0.5946 with it left out, on the second 0.6065 -> 0.6176 (partial F1 0.7490 -> 0.7506
    and 0.7637 -> 0.7607)."""
    pieces = [p for p in tag.content if any(p.overlaps(q) for q in rule.content)]
    mention = rule.mention
    if mention is not None:
        source = Span(mention.start_char, mention.end_char)
        if any(source.overlaps(piece) for piece in pieces):
            return tag
    kind = tag.kind if len(pieces) == len(tag.content) else _kind(text, pieces, quotes)
    return Found(pieces, kind, rule.cue, mention, tag.confidence, f"tagger+{rule.rule}")


def _without_dangling_word(text: str, piece: Span) -> Span:
    """``piece`` without a last word that opens what follows it: a conjunction ("... with
    the US and other Western allies but") or, after a comma, a relative or subordinating word
    ("... shelling a kindergarten, which"). The tagger runs a span into the next clause by a
    word; PolNeAR's annotators end a content so in 5 of its 23,289 pieces on train."""
    if not len(piece):
        return piece
    words = text[piece.start : piece.end].rsplit(None, 1)
    if len(words) != 2 or words[1].casefold() not in DANGLING | DANGLING_AFTER_COMMA:
        return piece
    rest = words[0].rstrip()
    if words[1].casefold() not in DANGLING and not rest.endswith(","):
        return piece
    return trim(text, piece.start, piece.start + len(rest))


def _without_addressee(doc: Doc, cue: Span | None, piece: Span) -> Span:
    """``piece`` without the person told that opens it: the content of "told French
    President Emmanuel Macron the stand-off had not been resolved" is the clause, as PolNeAR's
    annotators mark it (on train, 243 of the 288 contents after `told`, `warned`, `assured`
    ... leave words between the cue and the content). Only before a finite clause: the object
    of "told Jeb Bush to quiet down" is part of what he was told, as the rules read it."""
    verb = _cue_verb(doc, cue)
    if verb is None:
        return piece
    told = next((c for c in verb.children if c.dep_ in ("dative", "dobj") and c.i > verb.i), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if told is None or clause is None or told.right_edge.i >= clause.left_edge.i:
        return piece
    start, clause_start = told.left_edge.idx, clause.left_edge.idx
    if not piece.start <= start < clause_start < piece.end:
        return piece
    return trim(doc_text(doc), clause_start, piece.end) or piece


def _before_next_clause_of_cue(doc: Doc, cue: Span | None, piece: Span) -> Span:
    """``piece`` up to a clause that the parse joins to the cue's verb, not to what was said:
    in "Russia announced it would hold drills on Saturday and Mr Putin would oversee them" the
    second clause, coordinated with "announced", is the writer's. On the first 400 articles of
    PolNeAR train, a content after a cue verb stops before such a clause (one with a subject
    of its own) 122 times and runs on into it 49 times."""
    verb = _cue_verb(doc, cue)
    if verb is None:
        return piece
    for clause in verb.children:
        if clause.dep_ != "conj" or clause.i < verb.i or clause.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        first = min(subject.left_edge.i, clause.i)
        joint = next((c for c in verb.children if c.dep_ == "cc" and verb.i < c.i < first), None)
        cut = (joint or doc[first]).idx
        if piece.start < cut < piece.end:
            return trim(doc_text(doc), piece.start, cut) or piece
    return piece


def _cue_verb(doc: Doc, cue: Span | None) -> Token | None:
    """The verb of a cue: its first verb ("told" of "has told"), else the verb its first word
    helps, else None."""
    tokens = _token_span(doc, cue)
    if tokens is None:
        return None
    verb = next((t for t in tokens if t.pos_ == "VERB"), None)
    if verb is None and tokens[0].pos_ == "AUX" and tokens[0].head.pos_ == "VERB":
        verb = tokens[0].head
    return verb


def _cue_of(doc: Doc, text: str, piece: Span, cues: list[Span]) -> Span | None:
    """The cue that governs ``piece`` in the parse, else the nearest one in its paragraph."""
    outside = [c for c in cues if not piece.overlaps(c)]
    if not outside:
        return None
    root = _root(doc, piece)
    if root is not None:
        for ancestor in root.ancestors:
            hit = next((c for c in outside if c.start <= ancestor.idx < c.end), None)
            if hit is not None:
                return hit
    near = [c for c in outside if _gap(text, c, piece) is not None]
    return min(near, key=lambda c: _gap(text, c, piece)) if near else None


def _source_by_parse(doc: Doc, statement: _Statement) -> tuple[bool, Span | None]:
    """Whether the parse reads the statement as the cue rules would, and if so its source.

    When the cue is a verb and one of the contents the rules would give it
    (:func:`~extraction.rules.content_candidates`) overlaps the tagger's content by
    :data:`PARSE_AGREEMENT`, the statement is the rules' reading of that verb, which the
    learned cue model turned down; its source is then the verb's subject as the rules find it
    (inherited, past a dateline, none for "seemed" or "Asked about X, ..."), which links
    sources better than the tagger's source tags do: on PolNeAR, e2e F1 0.6545 -> 0.6563 on
    train and 0.6608 -> 0.6626 on dev in accurate mode, the content unchanged."""
    verb = _token_at(doc, statement.cue.start) if statement.cue is not None else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False, None
    subject = subject_of(verb)
    if subject is None:
        return False, None
    mention = noun_phrase(subject)
    mine = {i for piece in statement.pieces for i in range(piece.start, piece.end)}
    for _, span in content_candidates(verb, mention):
        theirs = set(range(span.start, span.end))
        if len(mine & theirs) >= PARSE_AGREEMENT * len(mine | theirs):
            if says_nothing(verb):
                return True, None
            source = Span(mention.start_char, mention.end_char)
            inside = any(source.overlaps(piece) for piece in statement.pieces)
            return (False, None) if inside else (True, source)
    return False, None


def _source_of(
    doc: Doc, text: str, statement: _Statement, sources: list[Span], taken: list[Span]
) -> Span | None:
    """A tagged source that the cue governs in the parse (its subject, the object of
    "according to"), else the cue's grammatical subject, else the tagged source nearest to the
    cue (or to the content when there is no cue) in the same sentence, else the doer of the
    verb the cue belongs to (:func:`_agent_above`)."""
    free = [s for s in sources if not any(s.overlaps(p) for p in statement.pieces)]
    anchor = statement.cue or statement.pieces[0]
    cue_token = _token_at(doc, statement.cue.start) if statement.cue else None
    if cue_token is not None:
        for source in free:
            token = _root(doc, source)
            governed = token is not None and (
                token.head == cue_token or cue_token in token.ancestors
            )
            if governed and _gap(text, source, anchor) is not None:
                return source
        # a noun cue's owner: "his comment about", "Donald Trump's claim that"
        owner = _possessor(doc, statement.cue)
        subject = owner if owner is not None else subject_of(cue_token)
        if subject is not None:
            phrase = noun_phrase(subject)
            span = Span(phrase.start_char, phrase.end_char)
            if not any(span.overlaps(p) for p in statement.pieces):
                return span
    elif (owner := _owner_of_content(doc, statement.pieces[0])) is not None:
        return Span(owner.idx, owner.idx + len(owner.text))
    sentence = _sentences_around(doc, anchor)
    near = [
        s
        for s in free
        if sentence.start <= s.start < sentence.end
        and not any(s.overlaps(t) for t in taken)
        and _gap(text, s, anchor) is not None
    ]
    if near:
        return min(near, key=lambda s: _gap(text, s, anchor))
    return _agent_above(statement, cue_token)


def _agent_above(statement: _Statement, cue_token: Token | None) -> Span | None:
    """With no tagged source near: the doer of the verb the cue belongs to, up the parse.

    The cue's first word is not always a verb with a subject of its own: an adverb ("even
    threatening to sue"), a noun ("with plans to spend"), a gerund after a preposition ("After
    bragging for a year about ...", "by telling progressives to ..."). The first verb above
    it, or the cue itself, that has a subject (:func:`~extraction.rules.subject_of`, which
    inherits it as the rules do) gives the source; at most :data:`MAX_AGENT_VERBS` verbs up.
    A participle that modifies a noun speaks for that noun when active ("disclaimers urging
    peaceable conduct", "an item suggesting that ..."), and for no one when passive ("30,000
    immigrants expected this year", "a developer known to be bullish"). On PolNeAR train
    (accurate mode, the two parts of train scored apart): e2e F1 0.6658 -> 0.6685 on the
    first 300 articles, 0.6856 -> 0.6868 on the other 540; the contents unchanged."""
    if cue_token is None:
        return None
    verbs = 0
    for node in (cue_token, *cue_token.ancestors):
        if node.pos_ not in ("VERB", "AUX"):
            continue
        verbs += 1
        if verbs > MAX_AGENT_VERBS:
            return None
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and node.head.i < node.i:
            if node.tag_ != "VBG":
                return None
            phrase = noun_phrase(node.head)
        else:
            subject = subject_of(node)
            if subject is None:
                continue
            phrase = noun_phrase(subject)
        span = Span(phrase.start_char, phrase.end_char)
        return None if any(span.overlaps(p) for p in statement.pieces) else span
    return None


def _whole_phrase(mention: TokenSpan | None, statement: _Statement) -> TokenSpan | None:
    """A tagged source cut to the word that opens it ("The" of "The piece said", "her" of
    "her campaign said"): the noun phrase of the noun it determines, unless that noun is the
    cue itself ("his comment that": the owner is the source)."""
    if mention is None or len(mention) != 1:
        return mention
    token = mention[0]
    head = token.head
    if (
        token.dep_ not in ("det", "poss")
        or head.i <= token.i
        or head.pos_ not in ("NOUN", "PROPN")
        or statement.cue is not None
        and statement.cue.start <= head.idx < statement.cue.end
    ):
        return mention
    phrase = noun_phrase(head)
    span = Span(phrase.start_char, phrase.end_char)
    return mention if any(span.overlaps(p) for p in statement.pieces) else phrase


def _possessor(doc: Doc, cue: Span) -> Token | None:
    """The possessive determiner or noun of a nominal cue, if it has one."""
    tokens = _token_span(doc, cue)
    for token in tokens or ():
        if token.pos_ in ("NOUN", "PROPN"):
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
    return None


def _owner_of_content(doc: Doc, piece: Span) -> Token | None:
    """With no cue: the owner of the noun the content hangs on ("his comment about X")."""
    root = _root(doc, piece)
    for hops, ancestor in enumerate(root.ancestors if root is not None else ()):
        if hops >= MAX_OWNER_HOPS:
            break
        if ancestor.pos_ in ("NOUN", "PROPN"):
            return next((c for c in ancestor.children if c.dep_ == "poss"), None)
    return None


def _gap(text: str, a: Span, b: Span) -> int | None:
    """Characters between two spans, or None when a paragraph break or too much lies between."""
    start, end = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    if end <= start:
        return 0
    if end - start > MAX_LINK_GAP or "\n" in text[start:end]:
        return None
    return end - start


def _continues(text: str, before: Span, piece: Span, cue: Span | None) -> bool:
    """``piece`` continues the statement that ended with ``before``: the cue stands between
    them ("“A,” she said. “B.”") or nothing but punctuation does, in one paragraph."""
    if before.end > piece.start:
        return False
    gap = text[before.end : piece.start]
    if "\n\n" in gap or len(gap) > 4 * MAX_LINK_GAP:
        return False
    cue_between = cue is not None and before.end <= cue.start and cue.end <= piece.start
    return cue_between or not gap.strip(JOINING)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _token_span(doc: Doc, span: Span | None) -> TokenSpan | None:
    if span is None:
        return None
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    return found if found is not None and len(found) else None


def _root(doc: Doc, span: Span) -> Token | None:
    """The token of ``span`` whose head lies outside it (the first one, for several)."""
    tokens = _token_span(doc, span)
    if tokens is None:
        return None
    inside = range(tokens.start, tokens.end)
    for token in tokens:
        if token.head.i not in inside or token.head == token:
            return token
    return None


def _sentences_around(doc: Doc, span: Span) -> Span:
    first, last = _token_at(doc, span.start), _token_at(doc, max(span.start, span.end - 1))
    if first is None or last is None:
        return span
    a, b = sentence_of(first), sentence_of(last)
    return Span(a.start_char, b.end_char)


def _with_quotes(text: str, pieces: list[Span], quotes: list[Span]) -> list[Span]:
    """Each piece, widened to take in whole any quotation it cuts."""
    out = []
    for piece in pieces:
        widened, _ = classify(text, piece, quotes)
        out.append(widened if len(widened) >= len(piece) else piece)
    return out


def _kind(text: str, pieces: list[Span], quotes: list[Span]) -> Kind:
    kinds = {classify(text, p, quotes)[1] for p in pieces}
    if kinds == {Kind.DIRECT}:
        return Kind.DIRECT
    if Kind.DIRECT in kinds or Kind.PARTIAL in kinds:
        return Kind.PARTIAL
    return Kind.INDIRECT
