"""Attribution rules over spaCy's dependency parse.

A statement is found from its cue: a reporting verb ("said", "warned", "denies") whose subject
is the source and whose clausal complement (or quoted passage) is the content, or the phrase
"according to X". A quoted paragraph with no cue at all is given to the person who spoke last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .attribute import Found, attribute
from .cuemodel import CueModel, candidate_features, cue_model, verb_facts
from .cues import MANNERS_OF_SPEAKING, OF_CONTENT_VERBS, SPEECH_OCCASIONS, SPEECH_VERBS
from .doccache import doc_text, entities_in, sentence_of
from .registry import Registry
from .types import Attribution, Kind, Span

SUBJECTS = ("nsubj",)
# Verbs whose subject is what the writer has an impression of, not a speaker.
IMPRESSION_VERBS = frozenset({"seem", "appear"})
# "Trump is expected to win": an expectation whose holder goes unnamed (``expectation``).
EXPECT = "expect"
EXPECTATION_CONFIDENCE = 0.8
# Dependents of a cue verb that can hold the content ("prep" stands for its object).
CONTENT_RELATIONS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "prep", "acomp", "advcl", "attr"})
# Dependents that continue an object: "back Sanders [for president]", "call it [a farce]".
OBJECT_COMPLEMENTS = frozenset({"prep", "oprd", "xcomp", "dative"})
# Complements that say something of the object before them, as content_candidates keys them:
# "described him as a liar", "accused them of lying", "praised her for her work", "called him a
# liar", "urged them to vote".
PREDICATES_OF_OBJECT = frozenset({"prep:as", "prep:of", "prep:for", "oprd", "xcomp"})
# A trailing aside set off by punctuation ("— a modest boost") has this relation to the reported
# clause. Clauses joined after a comma, dash or semicolon ("..., and ...", "..., although ...")
# stay in the content: on PolNeAR train, gold keeps them three times as often as it cuts them.
# A second report after a comma ("..., arguing that ...") is cut too (``_second_report``).
ASIDE_RELATIONS = frozenset({"appos"})
ASIDE_PUNCTUATION = frozenset({",", "—", "–", "--", ";"})
# A verb of saying with a clausal complement is a cue whatever the learned model says.
SPEECH_CLAUSE_PROBABILITY = 0.9
# a verb followed by a colon and a quotation ("Limbaugh continued: “…”")
COLON_QUOTE_CONFIDENCE = 0.7
INHERIT_SUBJECT = ("advcl", "conj", "xcomp")
# How a clause may hang inside a reported clause: what lies between a participle the parser
# attached too low and the reported clause (``_reporting_verb_above``).
REPORTED_CLAUSE_INNER = frozenset({"conj", "advcl", "xcomp", "relcl"})
CONTENT_EDGE = " \t\n,;:.—–-"
# An uncued quotation must be at least this long to be taken as a statement, not a title.
MIN_UNCUED_QUOTE_CHARS = 40
# "Graham: Trump's rhetoric ...": at most this many words name the source, and the content
# has at least this many; section labels ("Exclusive:", "Watch:") are not sources.
MAX_HEADLINE_SOURCE_WORDS = 4
MIN_HEADLINE_CONTENT_WORDS = 3
# "PENCE: Well, look, ...": a transcript names the speaker of a turn in at most this many
# capitalised words.
MAX_TRANSCRIPT_LABEL_WORDS = 3
# Quotation marks that may open a transcript's turn before its label ('' as archives write ").
LABEL_MARKS = frozenset({'"', "“", "''"})
# "WASHINGTON -- ...": what follows a dateline.
DATELINE_DASHES = frozenset({"--", "—", "–", "-"})
TRANSCRIPT_RULE = "transcript-label"
HEADLINE_LABELS = frozenset(
    """
    exclusive watch video breaking update updated live opinion analysis editorial photos
    photo read more related media image listen explainer factbox timeline correction
    clarification note disclosure
    """.split()
)
# "she told the crowd: “...”": at most this much text between the cue and the quotation,
# and none of these characters in it.
MAX_QUOTE_LEAD = 30
LEAD_STOPS = frozenset('.!?\n"“”‘’')
# "“…” ― Name": the dashes that sign a quotation, and how far after it one may stand.
SIGNATURE_DASHES = frozenset("―—–-")
MAX_SIGNATURE_GAP = 3
MAX_SIGNATURE_LEAD = 2
# How far after "she said" a resumed quotation may start: "..., said X, a spokesman for Y."
MAX_CONTINUATION_GAP = 150
WORD = re.compile(r"\w")


@dataclass
class _Candidate:
    content: Span
    cue: Span | None
    mention: TokenSpan | None
    rule: str
    confidence: float
    more: tuple[Span, ...] = ()
    # the pieces stand on both sides of the cue ("Trump is expected to win"): each is
    # classified on its own, and no quotation after the cue continues them
    around_cue: bool = False


def find_attributions(
    doc: Doc,
    quotes: list[Span],
    model: CueModel | None = None,
    registry: Registry | None = None,
) -> list[Attribution]:
    """All attributions in ``doc`` by the rules (fast mode), with their speakers; ``registry``
    holds the speakers known beyond this text."""
    return attribute(doc, find_statements(doc, quotes, model), registry)


def find_statements(doc: Doc, quotes: list[Span], model: CueModel | None = None) -> list[Found]:
    """The statements the cue rules find in ``doc``, given the quoted passages ``quotes``.

    ``model`` decides which verbs are cues; by default the one shipped with the package.
    """
    text = doc_text(doc)
    model = model or cue_model()
    candidates: list[_Candidate] = []
    quoted = quoted_characters(len(text), quotes)
    for token in doc:
        if token.text == ":" and (found := _from_transcript_label(token)):
            candidates.append(found)
            continue
        if quoted[token.idx]:
            continue
        if token.pos_ in ("VERB", "AUX") and model.may_cue(token.lemma_.lower()):
            found = _from_cue_verb(token, quotes, model)
        elif token.text == ":" and _starts_paragraph(text, doc[sentence_of(token).start].idx):
            found = _from_colon_headline(token)
        elif (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            found = _from_according_to(token)
        else:
            found = None
        if found:
            candidates.append(found)
    candidates = _dedupe(candidates)
    covered = [c.content for c in candidates]
    for quote in quotes:
        if (
            len(quote) >= MIN_UNCUED_QUOTE_CHARS
            and not any(quote.overlaps(c) for c in covered)
            and _starts_paragraph(text, quote.start)
        ):
            signed = _signature(doc, quote)
            if signed is not None:
                cue, mention = signed
                candidates.append(_Candidate(quote, cue, mention, "signed-quote", 0.8))
            else:
                candidates.append(_Candidate(quote, None, None, "uncued-quote", 0.6))

    taken = [c.content for c in candidates]
    out: list[Found] = []
    for cand in candidates:
        if cand.around_cue:
            out.append(_around_cue(text, cand, quotes))
            continue
        content, kind = classify(text, cand.content, quotes)
        if cand.rule == TRANSCRIPT_RULE and kind is not Kind.INDIRECT:
            # a quoted transcript's turn is the words after its speaker's label, whatever
            # the quotation marks that open each paragraph pair up with
            content, kind = cand.content, Kind.DIRECT
        if not len(content):
            continue
        pieces = [content, *cand.more]
        if kind is not Kind.INDIRECT and cand.cue is not None and content.end <= cand.cue.start:
            pieces += _continued_quote(text, cand, quotes, taken, kind is Kind.PARTIAL)
        out.append(Found(pieces, kind, cand.cue, cand.mention, cand.confidence, cand.rule))
    return out


def _around_cue(text: str, cand: _Candidate, quotes: list[Span]) -> Found:
    """The statement of a candidate whose pieces stand on both sides of its cue: each piece
    takes in the quotations it touches; the statement is partial when one holds quoted
    words (never direct: the cue between them is the writer's), indirect otherwise."""
    classified = [classify(text, piece, quotes) for piece in (cand.content, *cand.more)]
    pieces = [piece for piece, _ in classified]
    indirect = all(kind is Kind.INDIRECT for _, kind in classified)
    kind = Kind.INDIRECT if indirect else Kind.PARTIAL
    return Found(pieces, kind, cand.cue, cand.mention, cand.confidence, cand.rule)


def _signature(doc: Doc, quote: Span) -> tuple[Span, TokenSpan] | None:
    """A quotation signed with a dash, as epigraphs, letters and collected comments are:
    "“…” ― Julie Diaz" or "“…”\n— Sen. Jon Tester". Gives the dash (the cue) and the name."""
    text = doc_text(doc)
    i = quote.end
    while i < len(text) and i - quote.end <= MAX_SIGNATURE_GAP and text[i] in " \t\n":
        i += 1
    if i >= len(text) or text[i] not in SIGNATURE_DASHES or text[quote.end : i].count("\n") > 1:
        return None
    line_end = text.find("\n", i)
    line = doc.char_span(i + 1, len(text) if line_end < 0 else line_end, alignment_mode="contract")
    if line is None:
        return None
    # the name opens the signature line ("― Sen. Jon Tester, D-Mont.")
    names = [
        e
        for e in entities_in(line)
        if e.label_ in ("PERSON", "ORG") and e.start <= line.start + MAX_SIGNATURE_LEAD
    ]
    return (Span(i, i + 1), names[0]) if names else None


def _continued_quote(
    text: str, cand: _Candidate, quotes: list[Span], taken: list[Span], partial: bool = False
) -> list[Span]:
    """News style: "“First part,” she said. “Second part.”" -- the quotation that resumes in
    the same paragraph after the cue belongs to the same statement, also after a partial
    quotation ("The summit achieved “too little,” he added. “Europe risks a lot.”"; on
    PolNeAR train, gold joins the two 29 times, and keeps them apart twice)."""
    after = max(cand.cue.end, cand.mention.end_char if cand.mention is not None else 0)
    following = next((q for q in quotes if q.start >= after), None)
    if following is None or any(following.overlaps(t) for t in taken):
        return []
    gap = text[after : following.start]
    if "\n" in gap or len(gap) > MAX_CONTINUATION_GAP:
        return []
    if (
        partial
        and WORD.search(gap)
        and not text[following.start + 1 : following.start + 2].isupper()
    ):
        # after a partial quotation and words of the writer's, a quoted sentence continues
        # it, not scare quotes ("The word “transitory” has since become a punchline")
        return []
    return [following]


def _from_cue_verb(verb: Token, quotes: list[Span], model: CueModel) -> _Candidate | None:
    if expectation(verb):
        return _from_expectation(verb)
    subject = subject_of(verb)
    if subject is None:
        return None
    mention = noun_phrase(subject)
    cue = Span(verb.idx, verb.idx + len(verb.text))
    lemma = verb.lemma_.lower()
    best: tuple[float, Span] | None = None
    facts = verb_facts(verb)
    for key, span in content_candidates(verb, mention):
        p = model.probability(candidate_features(verb, subject, key, span, facts))
        if key == "ccomp" and lemma in SPEECH_VERBS:
            p = max(p, SPEECH_CLAUSE_PROBABILITY)
        if p >= model.threshold and (best is None or p > best[0]):
            best = (p, span)
    if best is not None:
        source = None if says_nothing(verb) else mention
        content, more = best[1], ()
        if lemma in IMPRESSION_VERBS:
            content, more = _with_subject(verb, content)
        confidence = round(best[0], 3)
        return _Candidate(content, cue, source, "cue-verb", confidence, more, bool(more))
    if lemma not in SPEECH_VERBS:
        return _colon_quote(verb, cue, mention, quotes)
    content = _of_content(verb) or _adjacent_quote(verb, mention, quotes)
    if content is not None:
        return _Candidate(content, cue, mention, "cue-verb", 0.8)
    pieces = _fronted_content(verb, mention)
    if pieces is None:
        return None
    return _Candidate(pieces[0], cue, mention, "parenthetical-cue", 0.75, tuple(pieces[1:]))


def _with_subject(verb: Token, content: Span) -> tuple[Span, tuple[Span, ...]]:
    """ "Kasich appears to have the best odds", "Trump is expected to speak tonight": what is
    reported is the subject with the verb's complement, the verb left out (two pieces, as
    PolNeAR's annotators mark it). Only the verb's own subjects before it (all of them: the
    parser splits one in two at times); without one, the complement alone. A relative pronoun
    is such a subject too (`who is expected to run`): gold has it as the first piece 22 times
    on train, as the writer wrote it."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    if not subjects:
        return content, ()
    last = max(s.right_edge.i for s in subjects)
    text = doc_text(verb.doc)
    start = min(s.left_edge.idx for s in subjects)
    left = trim(text, start, verb.doc[last].idx + len(verb.doc[last].text))
    if not len(left) or left.end > content.start:
        return content, ()
    return left, (content,)


def expectation(verb: Token) -> bool:
    """ "Trump is expected to win": a passive "expected" with a to-clause. Whoever expects it
    goes unnamed, so it has no source; on PolNeAR train, gold marks 70 of the 83 with a
    subject."""
    return (
        verb.lemma_.lower() == EXPECT
        and verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in verb.children)
        and any(c.dep_ == "xcomp" for c in verb.children)
    )


def _from_expectation(verb: Token) -> _Candidate | None:
    clause = next(c for c in verb.children if c.dep_ == "xcomp")
    span = _side_span(clause, verb, None)
    if span is None or not len(span):
        return None
    content, more = _with_subject(verb, span)
    cue = Span(verb.idx, verb.idx + len(verb.text))
    return _Candidate(content, cue, None, "cue-verb", EXPECTATION_CONFIDENCE, more, bool(more))


def says_nothing(verb: Token) -> bool:
    """Whether the subject the cue verb has is not the one who says or thinks: "Clinton
    seemed tired" (the writer's impression), "Asked about the wall, Trump said ..." (someone
    unnamed asked him). PolNeAR's annotators give such statements no source: on train, this
    takes the source from 183 statements, and gold has none for 148 of them."""
    if verb.lemma_.lower() in IMPRESSION_VERBS:
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def content_candidates(verb: Token, mention: TokenSpan) -> list[tuple[str, Span]]:
    """Each dependent of ``verb`` that could hold what was said, keyed by its relation
    ("ccomp", "dobj", "prep:about", ...), with the characters it would give as content.

    An object takes the complements that follow it along: "back Sanders for president",
    "accused the separatists of shelling a kindergarten"; and such a complement ("as", "of",
    "for", or a predicate: "called him a liar", "urged them to vote") is the object with it:
    "described him as a liar" gives "him as a liar" (on PolNeAR train, gold has it so 168
    times where the complement alone matches 41 times)."""
    out = []
    with_object: Span | None = None  # the object's characters, with its complements
    for child in verb.children:
        if child.dep_ not in CONTENT_RELATIONS:
            continue
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if not objects:
                continue
            key, head = f"prep:{child.lower_}", objects[0]
        else:
            key, head = child.dep_, child
        span = _side_span(head, verb, mention)
        if span is None or not len(span):
            continue
        if child.dep_ == "dobj":
            span = with_object = _with_complements(span, child, verb, mention)
        elif (
            key in PREDICATES_OF_OBJECT
            and with_object is not None
            and with_object.start < span.start <= span.end <= with_object.end
        ):
            span = with_object
        out.append((key, span))
    return out


def _with_complements(span: Span, obj: Token, verb: Token, mention: TokenSpan) -> Span:
    end = span.end
    for sibling in verb.children:
        if sibling.i <= obj.i or sibling.dep_ not in OBJECT_COMPLEMENTS:
            continue
        if _names_occasion(sibling):
            break
        more = _side_span(sibling, verb, mention)
        if more is None or more.start < end or "\n" in doc_text(verb.doc)[end : more.start]:
            break
        end = more.end
    return Span(span.start, end)


def _names_occasion(prep: Token) -> bool:
    """ "in an interview", "at a rally", "on Twitter": a preposition whose object names where
    or how something was said (never one that says something of the object: "described it
    as a call to arms")."""
    if prep.dep_ != "prep" or f"prep:{prep.lower_}" in PREDICATES_OF_OBJECT:
        return False
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and objects[0].lemma_.lower() in SPEECH_OCCASIONS


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited from the verb it hangs on when it has none of its own
    ("Mr Putin added that ... but said ...", "..., saying ...")."""
    node, hops = verb, 0
    while hops < 3:
        subjects = [child for child in node.children if child.dep_ in SUBJECTS]
        if subjects:
            # two subjects are a misparse ("troops at a base - the US has warned"): the one
            # nearest the verb is the one the verb agrees with
            return _past_dateline(min(subjects, key=lambda child: abs(child.i - node.i)))
        if node.dep_ not in INHERIT_SUBJECT or node.head == node:
            return None
        if (reporting := _reporting_verb_above(node)) is not None:
            node, hops = reporting, hops + 1
            continue
        if node.tag_ == "VBG" and node.i > 0:
            # "following Western leaders warning ...": the noun just before is the subject
            before = node.doc[node.i - 1]
            if (
                before.pos_ in ("NOUN", "PROPN")
                and before.head != node.head
                # "tweets early Friday saying ...": a date does not speak
                and before.ent_type_ not in ("DATE", "TIME")
            ):
                return before
        node, hops = node.head, hops + 1
    return None


def _reporting_verb_above(participle: Token) -> Token | None:
    """ "Perdue said he didn't believe it, arguing that ...": a participle clause after a comma
    that the parser hung inside a reported clause belongs to the verb that reports it; its
    subject is the reporter ("Perdue"), not the reported clause's ("he"). The reporting verb, or
    None when ``participle`` is not such a clause.

    That holds for any participle, not only verbs of saying ("Aides said the senator skipped
    the vote, blaming the White House"): on PolNeAR train, limiting it to verbs of saying, or to
    reported clauses whose subject is a pronoun, lowers e2e F1 (0.6313 -> 0.6310 and 0.6307). A
    manner of speaking is the exception: it describes what the reported clause's subject did
    ("Police said the suspect ran into the crowd, shouting that ...")."""
    doc = participle.doc
    if (
        participle.dep_ != "advcl"
        or participle.tag_ != "VBG"
        or participle.i == 0
        or doc[participle.i - 1].text != ","
        or participle.lemma_.lower() in MANNERS_OF_SPEAKING
    ):
        return None
    node = participle.head
    while node.dep_ in REPORTED_CLAUSE_INNER and node.head != node:
        node = node.head
    reporting = node.head
    if node.dep_ != "ccomp" or reporting.lemma_.lower() not in SPEECH_VERBS:
        return None
    return reporting if reporting.i < participle.i else None


def _second_report(participle: Token) -> bool:
    """ "Perdue said he didn't believe it, arguing that ...": a speech verb's participle that
    belongs to the reporting verb (:func:`_reporting_verb_above`) reports a statement of its
    own, so it is not part of the first one's content (on PolNeAR train, gold leaves it out
    twice as often as it keeps it: 14 exact contents against 7)."""
    return (
        participle.lemma_.lower() in SPEECH_VERBS and _reporting_verb_above(participle) is not None
    )


def _past_dateline(subject: Token) -> Token:
    """ "WASHINGTON -- President Obama ... said": the subject is the person after the
    dateline that the parser took for the dateline's apposition."""
    doc = subject.doc
    after = doc[subject.i + 1] if subject.i + 1 < len(doc) else None
    if (
        subject.text.isupper()
        and after is not None
        and after.text in DATELINE_DASHES
        and _starts_paragraph(doc_text(doc), subject.idx)
    ):
        named = [child for child in subject.children if child.dep_ == "appos"]
        if named:
            return named[0]
    return subject


def noun_phrase(token: Token, whole_names: bool = False) -> TokenSpan:
    """The noun phrase of ``token`` without trailing relative clauses or appositions."""
    doc = token.doc
    drop: set[int] = set()
    for child in token.children:
        if child.i > token.i and child.dep_ in ("relcl", "acl", "appos", "punct", "advcl"):
            drop.update(t.i for t in child.subtree)
    indices = [t.i for t in token.subtree if t.i not in drop]
    start, end = min(indices), max(indices) + 1
    for ent in doc.ents if whole_names else ():
        # a name is not cut: "according to the event organizer Alliance to Reclaim Our
        # Schools"
        if start <= ent.start < end < ent.end and ent.label_ in ("ORG", "PERSON", "GPE"):
            end = ent.end
    while start < end - 1 and (
        doc[start].is_punct or doc[start].is_space or doc[start].ent_type_ in ("DATE", "TIME")
    ):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _side_span(head: Token, verb: Token, exclude: TokenSpan | None) -> Span | None:
    """The characters of ``head``'s subtree on its side of ``verb``, minus the mention."""
    doc = head.doc
    skip: set[int] = set()
    for t in head.subtree:
        if (
            t.dep_ == "relcl"
            and t.i > head.i
            and t.left_edge.i > 0
            and doc[t.left_edge.i - 1].text == ","
        ):
            skip.update(s.i for s in t.subtree)
    for child in head.children:
        # "— a modest boost": an apposition set off by punctuation after the reported clause
        # is the writer's, not the speaker's
        before = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if (
            child.i > head.i
            and (child.dep_ in ASIDE_RELATIONS or _second_report(child))
            and before is not None
            and before.text in ASIDE_PUNCTUATION
        ):
            skip.update(range(before.i, max(t.i for t in head.subtree) + 1))
    after = head.i > verb.i
    tokens = [
        t
        for t in head.subtree
        if t.i not in skip
        and (t.i > verb.i if after else t.i < verb.i)
        and not (exclude is not None and exclude.start <= t.i < exclude.end)
    ]
    if not after and exclude is not None:
        tokens = [t for t in tokens if t.i < exclude.start or exclude.end <= t.i < verb.i]
    if not tokens:
        return None
    # a first "that" the parser took for a relative pronoun subject stays ("warned that could
    # happen"): on PolNeAR train, dropping it, as the rules did, lost 6 exact statements of 10
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return trim(doc_text(doc), start, end)


def _of_content(verb: Token) -> Span | None:
    lemma = verb.lemma_.lower()
    if lemma not in OF_CONTENT_VERBS:
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if prep is None:
        if dobj is not None and dobj.i + 1 < len(verb.doc):
            prep = next((c for c in dobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if prep is None:
            return None
    start_token = dobj if dobj is not None and dobj.i < prep.i and lemma == "accuse" else None
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objects:
        return None
    span = _side_span(objects[0], verb, None)
    if span is None:
        return None
    if start_token is not None:
        first = next(iter(start_token.subtree))
        return trim(doc_text(verb.doc), first.idx, span.end)
    return span


def _colon_quote(
    verb: Token, cue: Span, mention: TokenSpan, quotes: list[Span]
) -> _Candidate | None:
    """ "Limbaugh continued: “…”": any verb whose subject a colon and a quotation follow
    reports speech."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ":":
        return None
    quote = _adjacent_quote(verb, mention, quotes)
    if quote is None or quote.start < cue.end:
        return None
    return _Candidate(quote, cue, mention, "cue-verb", COLON_QUOTE_CONFIDENCE)


def _adjacent_quote(verb: Token, mention: TokenSpan, quotes: list[Span]) -> Span | None:
    """A quotation right after the cue ("X said: “...”", "she told the crowd, “...”",
    "a man yelled “...”") or right before the source ("“...,” he said")."""
    text = doc_text(verb.doc)
    after = verb.idx + len(verb.text)
    first = min(mention.start_char, verb.idx)
    for quote in quotes:
        if quote.start >= after:
            lead = text[after : quote.start]
            if len(lead) <= MAX_QUOTE_LEAD and not (set(lead) & LEAD_STOPS):
                return quote
            return None
        gap = text[quote.end : first]
        # within the paragraph: a quotation that ends the paragraph before is not this one's
        if quote.end <= first and len(gap) <= 3 and gap.strip() in (",", "") and "\n" not in gap:
            return quote
    return None


def _fronted_content(verb: Token, mention: TokenSpan) -> list[Span] | None:
    """The content around a parenthetical cue: "US ignored Russia's concerns, Putin says",
    "The emails were on work topics, the Times said, including speeches", "..., said X."."""
    doc, sent = verb.doc, sentence_of(verb)
    clause_start = min(mention.start, verb.i)
    clause_end = max(mention.end, verb.i + 1)
    if clause_start <= sent.start or doc[clause_start - 1].text != ",":
        return None
    first = sent.start
    for t in sent[: min(6, clause_start - sent.start)]:
        if t.text == ":":
            first = t.i + 1
    comma = doc[clause_start - 1]
    if first >= comma.i:
        return None
    pieces = [trim(doc_text(doc), doc[first].idx, comma.idx)]
    rest = [t for t in doc[clause_end : sent.end] if not t.is_space]
    if any(not t.is_punct for t in rest):
        if mention.start > verb.i or rest[0].text != ",":
            return None
        words = [t for t in rest[1:] if not t.is_punct or t.i < rest[-1].i]
        pieces.append(trim(doc_text(doc), words[0].idx, rest[-1].idx + len(rest[-1].text)))
    return [p for p in pieces if len(p)] or None


def _from_colon_headline(colon: Token) -> _Candidate | None:
    """Headline style: "Graham: Trump's rhetoric destroying GOP's chances"."""
    doc, sent = colon.doc, sentence_of(colon)
    prefix = doc[sent.start : colon.i]
    words = [t for t in prefix if not t.is_punct]
    if not 0 < len(words) <= MAX_HEADLINE_SOURCE_WORDS:
        return None
    if not all(t.text[:1].isupper() for t in words) or words[0].lower_ in HEADLINE_LABELS:
        return None
    rest = [t for t in doc[colon.i + 1 : sent.end] if not t.is_space]
    if len([t for t in rest if not t.is_punct]) < MIN_HEADLINE_CONTENT_WORDS:
        return None
    content = trim(doc_text(doc), rest[0].idx, rest[-1].idx + len(rest[-1].text))
    cue = Span(colon.idx, colon.idx + 1)
    return _Candidate(content, cue, prefix, "colon-headline", 0.6)


def _from_transcript_label(colon: Token) -> _Candidate | None:
    """A transcript's turn, quoted or not: "PENCE: Well, look, ..." to the paragraph's end."""
    doc = colon.doc
    text = doc_text(doc)
    start = colon.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].text:
        start -= 1
    label = [t for t in doc[start : colon.i] if t.text not in LABEL_MARKS]
    if not 0 < len(label) <= MAX_TRANSCRIPT_LABEL_WORDS or len(label) != colon.i - label[0].i:
        return None
    # only quotation marks before the label, right against it
    if doc[start].idx + sum(len(t.text) for t in doc[start : label[0].i]) != label[0].idx:
        return None
    if not _starts_paragraph(text, doc[start].idx):
        return None
    if not all(t.is_alpha and t.is_upper and len(t) > 1 for t in label):
        return None
    if label[0].lower_ in HEADLINE_LABELS:
        return None
    end = text.find("\n", colon.idx)
    content = trim(text, colon.idx + 1, len(text) if end < 0 else end, marks=True)
    if not len(content):
        return None
    mention = doc[label[0].i : label[-1].i + 1]
    return _Candidate(content, Span(colon.idx, colon.idx + 1), mention, TRANSCRIPT_RULE, 0.8)


def _from_according_to(according: Token) -> _Candidate | None:
    doc = according.doc
    to = doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    mention = noun_phrase(objects[0], whole_names=True)
    sent = sentence_of(according)
    phrase_end = max(according.i + 1, noun_phrase(objects[0]).end - 1)
    before = [t for t in sent if t.i < according.i and not t.is_punct]
    after = [t for t in sent if t.i > phrase_end and not t.is_punct]
    body = after if len(after) >= len(before) else before
    if len(body) < 3:
        return None
    content = trim(doc_text(doc), body[0].idx, body[-1].idx + len(body[-1].text))
    cue = Span(according.idx, to.idx + len(to.text))
    return _Candidate(content, cue, mention, "according-to", 0.8)


def classify(text: str, content: Span, quotes: list[Span]) -> tuple[Span, Kind]:
    """Direct when the content is one quotation (then the whole of it), partial when it holds
    quoted words, indirect otherwise."""
    for quote in quotes:
        if not quote.overlaps(content):
            continue
        inner = trim(text, quote.start, quote.end, marks=True)
        core = trim(text, content.start, content.end, marks=True)
        if quote.covers(content) or inner.covers(core) and core.covers(inner):
            return quote, Kind.DIRECT
    inside = [quote for quote in quotes if quote.overlaps(content)]
    if inside:
        # a quotation is never cut: the content takes in every quotation it touches
        start = min(content.start, *(q.start for q in inside))
        end = max(content.end, *(q.end for q in inside))
        return Span(start, end), Kind.PARTIAL
    return content, Kind.INDIRECT


def trim(text: str, start: int, end: int, marks: bool = False) -> Span:
    edge = CONTENT_EDGE + ("\"'“”‘’«»" if marks else "")
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return Span(start, end)


def quoted_characters(size: int, quotes: list[Span]) -> bytearray:
    """1 for each character strictly inside a quotation (its marks excluded), else 0."""
    inside = bytearray(size + 1)
    for quote in quotes:
        inside[quote.start + 1 : quote.end - 1] = b"\x01" * max(0, len(quote) - 2)
    return inside


def _starts_paragraph(text: str, index: int) -> bool:
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per content: the first cue found for it wins."""
    kept: list[_Candidate] = []
    for cand in candidates:
        if any(k.content == cand.content for k in kept):
            continue
        kept.append(cand)
    return kept
