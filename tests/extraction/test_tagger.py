"""The statement tagger: wordpiece windows, BIO labels and their decoding, the shipped model."""

import numpy as np
import pytest

from extraction import extract
from extraction.attribute import Found
from extraction.engine import load_pipeline
from extraction.statements import _continues, combine, tagged_statements
from extraction.tagger import (
    BEGIN,
    INSIDE,
    MODEL_PATH,
    OUTSIDE,
    STRIDE,
    WINDOW,
    StatementTagger,
    Tagged,
    best_path,
    best_window,
    char_labels,
    decode,
    encode,
    paragraph_openers,
    statement_tagger,
    window_ids,
    window_starts,
)
from extraction.training.tagger import IGNORE, article_examples
from extraction.types import Kind, Span

TEXT = "The minister said the sandwich was cold, and Ms Lee said it was not."


def test_labels_and_decoding_round_trip():
    encoding = encode(TEXT)
    first = TEXT.index("the sandwich")
    second = TEXT.index("it was not")
    pieces = [(first, TEXT.index(", and")), (second, len(TEXT) - 1)]
    tags = char_labels(encoding, pieces)
    assert set(tags.tolist()) == {OUTSIDE, BEGIN, INSIDE}
    assert decode(encoding, tags, TEXT) == [Span(a, b) for a, b in pieces]


def test_two_adjacent_spans_stay_apart():
    encoding = encode("said: yes no")
    tags = char_labels(encoding, [(6, 9), (10, 12)])
    assert tags.tolist() == [OUTSIDE, OUTSIDE, BEGIN, BEGIN]
    assert decode(encoding, tags, "said: yes no") == [Span(6, 9), Span(10, 12)]


def test_nested_spans_keep_the_outer_one():
    encoding = encode(TEXT)
    tags = char_labels(encoding, [(4, 40), (18, 30)])
    assert decode(encoding, tags, TEXT) == [Span(4, 40)]


@pytest.mark.parametrize("window, stride", [(WINDOW, STRIDE), (510, 384)])
@pytest.mark.parametrize("size", [1, 254, 255, 510, 511, 779, 1000, 1547])
def test_windows_cover_every_wordpiece_and_each_takes_the_best(size, window, stride):
    starts = window_starts(size, window, stride)
    covered = np.zeros(size, dtype=bool)
    for start in starts:
        covered[start : start + window] = True
    assert covered.all()
    assert all(b - a <= stride for a, b in zip(starts, starts[1:], strict=False))
    chosen = best_window(size, window, stride)
    for i, w in enumerate(chosen):
        assert starts[w] <= i < starts[w] + window
        # no window holds the wordpiece further from both of its edges
        margin = min(i - starts[w], min(starts[w] + window, size) - 1 - i)
        for other in starts:
            if other <= i < other + window:
                assert min(i - other, min(other + window, size) - 1 - i) <= margin


@pytest.mark.parametrize("window, stride", [(WINDOW, STRIDE), (510, 384)])
def test_windows_are_framed_by_cls_and_sep(window, stride):
    encoding = encode(" ".join(["word"] * 1200))
    windows = list(window_ids(encoding, window, stride))
    assert len(windows) == len(window_starts(1200, window, stride)) > 2
    assert all(ids[0] == 101 and ids[-1] == 102 and len(ids) <= window + 2 for _, ids in windows)


def test_training_examples_label_each_role_and_ignore_the_frame():
    article = {
        "text": TEXT,
        "attributions": [
            {
                "content": [[18, 39]],
                "source": [[0, 12]],
                "cue": [[13, 17]],
            }
        ],
    }
    ((ids, labels),) = article_examples(article)
    assert labels.shape == (len(ids), 3)
    assert len(article_examples(article, 8, 4)) == len(window_starts(len(ids) - 2, 8, 4)) > 1
    assert (labels[0] == IGNORE).all() and (labels[-1] == IGNORE).all()
    assert [int((labels[1:-1, role] == BEGIN).sum()) for role in range(3)] == [1, 1, 1]


def test_the_shipped_model_finds_reported_speech_and_its_parts():
    tagged = statement_tagger().tag(TEXT)
    assert Span(TEXT.index("the sandwich"), TEXT.index(", and")) in tagged.content
    found = extract(TEXT, mode="accurate")
    contents = [TEXT[a.start : a.end] for a in found]
    assert "the sandwich was cold" in contents
    first = found[contents.index("the sandwich was cold")]
    assert first.kind is Kind.INDIRECT
    assert TEXT[first.cue.start : first.cue.end] == "said"
    assert TEXT[first.mention.start : first.mention.end] == "The minister"


def test_a_model_runs_on_the_windows_its_metadata_names(tmp_path):
    shipped = statement_tagger()
    meta = shipped.session.get_modelmeta().custom_metadata_map
    # the shipped graph predates the metadata: it was trained on the default windows
    assert (shipped.window, shipped.stride) == (
        int(meta.get("window", WINDOW)),
        int(meta.get("stride", STRIDE)),
    )
    # training writes the metadata with the onnx package (the train extra); here the same
    # entries are appended to the serialised graph by hand (ModelProto field 14, repeated
    # key/value pairs: appending to a protobuf message appends to its repeated fields)
    graph = MODEL_PATH.read_bytes()
    for key, value in (("window", b"510"), ("stride", b"384")):
        entry = _field(1, key.encode()) + _field(2, value)
        graph += _field(14, entry)
    (tmp_path / "model.onnx").write_bytes(graph)
    other = StatementTagger(tmp_path / "model.onnx")
    assert (other.window, other.stride) == (510, 384)
    encoding = encode(" ".join(["word"] * 1200))
    assert other.logits(encoding).shape == (len(encoding.ids), 3, 3)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    out, size = bytearray([number << 3 | 2]), len(payload)
    while size > 0x7F:
        out.append(size & 0x7F | 0x80)
        size >>= 7
    return bytes(out) + bytes([size]) + payload


def test_each_wordpiece_reads_the_window_where_it_is_furthest_from_an_edge():
    tagger = statement_tagger()
    text = " ".join(f"Officer {n} said the road was closed near exit {n}." for n in range(120))
    encoding = encode(text)
    starts = window_starts(len(encoding.ids), tagger.window, tagger.stride)
    assert len(starts) > 3
    logits = tagger.logits(encoding)
    chosen = best_window(len(encoding.ids), tagger.window, tagger.stride)
    for number, (start, ids) in enumerate(window_ids(encoding, tagger.window, tagger.stride)):
        alone = tagger.session.run(
            None, {"input_ids": ids[None, :], "attention_mask": np.ones((1, len(ids)), np.int64)}
        )[0].reshape(len(ids), 3, 3)
        mine = np.flatnonzero(chosen == number)
        assert len(mine) and np.array_equal(logits[mine], alone[1 + mine - start])
    assert np.array_equal(tagger.logits(encoding), logits)


def test_accurate_mode_gives_nothing_for_text_without_statements():
    assert extract("The minister ate the sandwich in the garden.", mode="accurate") == []
    assert extract("", mode="accurate") == []


def test_best_path_never_starts_a_span_inside():
    probabilities = np.array(
        [[0.9, 0.05, 0.05], [0.3, 0.1, 0.6], [0.2, 0.1, 0.7], [0.9, 0.05, 0.05], [0.2, 0.1, 0.7]]
    )
    path = best_path(probabilities).tolist()
    assert path[:4] == [OUTSIDE, BEGIN, INSIDE, OUTSIDE]
    assert all(not (a == OUTSIDE and b == INSIDE) for a, b in zip(path, path[1:], strict=False))
    assert path[0] != INSIDE


def _most_probable_by_brute_force(probabilities, opens=None):
    """Every BIO sequence with no I after O (and none first, nor where ``opens``), scored;
    the first best wins. Where ``opens``, O has the probability of O and I together."""
    import itertools

    opens = np.zeros(len(probabilities), bool) if opens is None else opens
    probabilities = probabilities.copy()
    probabilities[opens, OUTSIDE] += probabilities[opens, INSIDE]
    scores = np.log(np.clip(probabilities, 1e-9, 1.0))
    best, best_score = None, -np.inf
    for path in itertools.product((OUTSIDE, BEGIN, INSIDE), repeat=len(probabilities)):
        steps = zip(path, path[1:], strict=False)
        if path[0] == INSIDE or any(a == OUTSIDE and b == INSIDE for a, b in steps):
            continue
        if any(t == INSIDE and opens[i] for i, t in enumerate(path)):
            continue
        score = sum(scores[i, t] for i, t in enumerate(path))
        if score > best_score + 1e-12:
            best, best_score = path, score
    return list(best), best_score


def test_best_path_is_the_most_probable_allowed_sequence():
    rng = np.random.default_rng(7)
    for size in range(1, 7):
        for _ in range(40):
            probabilities = rng.dirichlet([1, 1, 1], size=size)
            path = best_path(probabilities).tolist()
            _, best_score = _most_probable_by_brute_force(probabilities)
            scores = np.log(np.clip(probabilities, 1e-9, 1.0))
            assert path[0] != INSIDE
            steps = zip(path, path[1:], strict=False)
            assert all(not (a == OUTSIDE and b == INSIDE) for a, b in steps)
            assert sum(scores[i, t] for i, t in enumerate(path)) == pytest.approx(best_score)


def test_no_span_runs_over_a_paragraph_break():
    rng = np.random.default_rng(11)
    for size in range(2, 7):
        for _ in range(40):
            probabilities = rng.dirichlet([1, 1, 1], size=size)
            opens = rng.random(size) < 0.4
            opens[0] = False  # as paragraph_openers gives: the first wordpiece opens no span
            path = best_path(probabilities, opens).tolist()
            expected, _ = _most_probable_by_brute_force(probabilities, opens)
            assert path == expected
            assert not any(t == INSIDE for t, o in zip(path, opens, strict=True) if o)


def test_a_span_the_model_carries_over_a_paragraph_break_ends_there():
    text = "Russia may invade next month\n\nRussian President Putin said"
    encoding = encode(text)
    opens = paragraph_openers(encoding, text)
    starts = encoding.offsets[:, 0].tolist()
    assert [starts[i] for i in np.flatnonzero(opens)] == [text.index("Russian")]
    # the model goes on into "Russian": that belief counts for O, not for a new span
    opener = int(np.flatnonzero(opens)[0])
    probabilities = np.array(
        [[0.05, 0.9, 0.05]]
        + [[0.05, 0.05, 0.9]] * opener
        + [[0.9, 0.05, 0.05]] * (len(starts) - opener - 1)
    )
    spans = decode(encoding, best_path(probabilities, opens), text)
    assert [text[s.start : s.end] for s in spans] == ["Russia may invade next month"]
    assert not paragraph_openers(encode("One line only"), "One line only").any()


def test_a_span_the_tags_end_inside_a_word_takes_the_whole_word():
    text = "He called Dr Oz a charlatan today"
    encoding = encode(text)
    pieces = [text[a:b] for a, b in encoding.offsets.tolist()]
    assert "##" not in "".join(pieces) and pieces.count("char") == 1  # "charlatan" is cut
    tags = np.full(len(pieces), OUTSIDE)
    first, cut = pieces.index("a"), pieces.index("char")
    tags[first], tags[first + 1 : cut + 1] = BEGIN, INSIDE
    assert [text[s.start : s.end] for s in decode(encoding, tags, text)] == ["a charlatan"]


def test_decoding_starts_a_span_at_every_b_and_at_an_i_after_o():
    encoding = encode("one two three four five six")  # a wordpiece per word
    tags = np.array([INSIDE, INSIDE, OUTSIDE, INSIDE, BEGIN, INSIDE])
    text = "one two three four five six"
    assert [text[s.start : s.end] for s in decode(encoding, tags, text)] == [
        "one two",
        "four",
        "five six",
    ]
    assert decode(encoding, np.array([], dtype=np.int64)[:0], text) == []


def test_pieces_join_across_their_cue_or_punctuation_only():
    text = "“We will win,” she said. “Every one of them.” Then the crowd cheered loudly."
    first = Span(1, text.index(",”"))
    second = Span(text.index("Every"), text.index(".”"))
    cue = Span(text.index("said"), text.index("said") + 4)
    later = Span(text.index("the crowd"), len(text) - 1)
    assert _continues(text, first, second, cue)
    assert not _continues(text, first, second, None)
    assert not _continues(text, second, later, cue)
    assert _continues("A, B", Span(0, 1), Span(3, 4), None)


def _found(pieces, rule, kind=Kind.INDIRECT, cue=None, mention=None):
    return Found([Span(a, b) for a, b in pieces], kind, cue, mention, 0.5, rule)


def test_a_statement_both_finders_read_takes_the_tagged_content_and_the_rules_source():
    text = "Anna Kowalski said on Monday that the bridge would close in May, officials added."
    doc = load_pipeline()(text)
    mention = doc[0:2]
    said = Span(text.index("said"), text.index("said") + 4)
    content = text.index("the bridge"), text.index(", officials")
    ruled = [_found([(text.index("on Monday"), content[1])], "cue-verb", cue=said, mention=mention)]
    tagged = [_found([content], "tagger")]
    (found,) = combine(ruled, tagged, text, [])
    assert found.content == [Span(*content)]
    assert (found.cue, found.mention, found.rule) == (said, mention, "tagger+cue-verb")


def test_where_the_finders_disagree_on_how_many_statements_the_rules_stay():
    text = "x" * 100
    ruled = [_found([(0, 40)], "cue-verb"), _found([(20, 30)], "cue-verb")]  # nested
    tagged = [_found([(0, 38)], "tagger"), _found([(60, 80)], "tagger")]
    assert [f.content for f in combine(ruled, tagged, text, [])] == [
        [Span(0, 40)],
        [Span(20, 30)],
        [Span(60, 80)],  # the tagger's alone
    ]
    lone_rule = [_found([(90, 99)], "cue-verb")]
    assert combine(lone_rule, tagged, text, [])[0].content == [Span(90, 99)]


def test_a_direct_quotation_keeps_the_bounds_its_quotation_marks_give():
    text = '"We will win," she said on Monday.'
    quotes = [Span(0, text.index(" she"))]
    ruled = [_found([(0, quotes[0].end)], "cue-verb", kind=Kind.DIRECT)]
    tagged = [_found([(1, 12)], "tagger")]
    assert combine(ruled, tagged, text, quotes) == ruled


def test_a_tagged_piece_the_rules_did_not_read_with_the_statement_is_left_out():
    text = "Leaders warn of drills\n\nLeaders warn of ‘false flags’ to invade."
    headline = (text.index("drills"), text.index("\n"))
    content = (text.index("‘false"), len(text) - 1)
    ruled = [_found([content], "cue-verb")]
    tagged = [_found([headline, content], "tagger")]
    (found,) = combine(ruled, tagged, text, [])
    assert found.content == [Span(*content)]
    assert found.kind is Kind.INDIRECT


def test_a_tagged_source_cut_to_its_determiner_is_the_whole_noun_phrase():
    text = (
        "Mary Calloway wrote about the bridge on Monday.\n\n"
        "The piece said the repairs would cost millions."
    )
    doc = load_pipeline()(text)
    content, cue, source = text.index("the repairs"), text.index("said"), text.index("The piece")
    tagged = Tagged(
        content=[Span(content, len(text) - 1)],
        source=[Span(source, source + len("The"))],  # the model marked only "The"
        cue=[Span(cue, cue + len("said"))],
        content_scores=[0.9],
    )
    (found,) = tagged_statements(doc, tagged, [])
    assert found.mention.text == "The piece"


def _tagged(text, content, cue, source):
    start = text.index(content)
    return Tagged(
        content=[Span(start, start + len(content))],
        source=[Span(text.index(source), text.index(source) + len(source))],
        cue=[Span(text.index(cue), text.index(cue) + len(cue))],
        content_scores=[0.9],
    )


def test_where_the_parse_reads_the_same_statement_its_source_is_taken():
    # the model marked only "Mr." as the source; the parse reads "climate change" as what
    # "focused on" is about, and its subject is the whole name
    text = "At the United Nations, Mr. Pembrook focused on climate change in his last year."
    doc = load_pipeline()(text)
    tagged = _tagged(text, "climate change", "focused on", "Mr.")
    (found,) = tagged_statements(doc, tagged, [])
    assert found.mention.text == "Mr. Pembrook"


def test_where_the_parse_reads_another_content_the_tagged_source_stays():
    # "the dam" is no content the parse gives "warned", so the parse does not overrule the tags
    text = "Officials in the valley, Anna Kowalski warned, were slow to inspect the dam."
    doc = load_pipeline()(text)
    tagged = _tagged(text, "the dam", "warned", "Anna Kowalski")
    (found,) = tagged_statements(doc, tagged, [])
    assert found.mention.text == "Anna Kowalski"


def test_a_tagged_content_of_one_word_is_a_fragment_not_a_statement():
    text = "Anna Kowalski said the council basically ignored them for years."
    doc = load_pipeline()(text)
    fragment = _tagged(text, "basically", "said", "Anna Kowalski")
    assert tagged_statements(doc, fragment, []) == []
    two_words = _tagged(text, "ignored them", "said", "Anna Kowalski")
    (found,) = tagged_statements(doc, two_words, [])
    assert text[found.content[0].start : found.content[0].end] == "ignored them"


@pytest.mark.parametrize(
    ("text", "content", "kept"),
    [
        (
            "Mr Putin added that Russia is open to talks with its allies but said no more.",
            "that Russia is open to talks with its allies but",
            "that Russia is open to talks with its allies",
        ),
        (
            "Ukraine accused the separatists of shelling a kindergarten, which they denied.",
            "the separatists of shelling a kindergarten, which",
            "the separatists of shelling a kindergarten",
        ),
        (  # no comma: a relative phrase may end a piece ("the terms of which")
            "Officials said the deal had terms of which nobody knew.",
            "the deal had terms of which",
            "the deal had terms of which",
        ),
    ],
)
def test_a_tagged_content_does_not_end_on_a_word_that_opens_the_next_clause(text, content, kept):
    doc = load_pipeline()(text)
    cue = next(w for w in ("added", "accused", "said") if w in text)
    source = text.split()[0]
    (found,) = tagged_statements(doc, _tagged(text, content, cue, source), [])
    assert text[found.content[0].start : found.content[0].end] == kept


@pytest.mark.parametrize(
    ("text", "content", "kept"),
    [
        (
            "Mr Putin told French President Emmanuel Macron the stand-off had not been resolved.",
            "French President Emmanuel Macron the stand-off had not been resolved",
            "the stand-off had not been resolved",
        ),
        (
            "Mr Putin has told his French counterpart that the West ignored his concerns.",
            "his French counterpart that the West ignored his concerns",
            "that the West ignored his concerns",
        ),
        (  # what he was told to do is about him: the object stays
            "Mr Trump told Jeb Bush to quiet down during the debate.",
            "Jeb Bush to quiet down during the debate",
            "Jeb Bush to quiet down during the debate",
        ),
    ],
)
def test_the_person_told_is_not_part_of_what_they_were_told(text, content, kept):
    doc = load_pipeline()(text)
    (found,) = tagged_statements(doc, _tagged(text, content, "told", "Mr "), [])
    assert text[found.content[0].start : found.content[0].end] == kept


def test_a_tagged_content_ends_before_a_clause_joined_to_its_cue_verb():
    text = (
        "Russia announced it was going to hold nuclear drills on Saturday and Mr Putin would "
        "personally oversee the exercise."
    )
    doc = load_pipeline()(text)
    content = text[text.index("it was") : -1]
    (found,) = tagged_statements(doc, _tagged(text, content, "announced", "Russia"), [])
    assert text[found.content[0].start : found.content[0].end] == (
        "it was going to hold nuclear drills on Saturday"
    )
    # a clause joined inside what was said stays: "and" here joins two reported clauses
    text = "Mr Putin said the drills were over and the troops would go home."
    doc = load_pipeline()(text)
    content = text[text.index("the drills") : -1]
    (found,) = tagged_statements(doc, _tagged(text, content, "said", "Mr Putin"), [])
    assert text[found.content[0].start : found.content[0].end] == content


def test_a_short_tagged_content_with_neither_cue_nor_source_is_a_fragment():
    text = "The council met on Monday. Its members argued about the bridge budget for hours."
    doc = load_pipeline()(text)

    def bare(content):
        start = text.index(content)
        return Tagged([Span(start, start + len(content))], [], [], [0.9])

    assert tagged_statements(doc, bare("the bridge budget"), []) == []
    (kept,) = tagged_statements(doc, bare("argued about the bridge budget for hours"), [])
    assert kept.cue is None and kept.mention is None


def _cued(text, content, cue):
    start, at = text.index(content), text.index(cue)
    return Tagged([Span(start, start + len(content))], [], [Span(at, at + len(cue))], [0.9])


@pytest.mark.parametrize(
    ("text", "content", "cue", "source"),
    [
        # a gerund after a preposition: the doer of the clause it belongs to
        (
            "After bragging for a year about how cheaply he was running his campaign, "
            "Donald Trump raised the rent.",
            "how cheaply he was running his campaign",
            "bragging",
            "Donald Trump",
        ),
        (
            "Mr. Pembrook began his term by telling the council to stop the bridge repairs.",
            "the council to stop the bridge repairs",
            "telling",
            "Mr. Pembrook",
        ),
        # a cue that opens with an adverb
        (
            "The senator spoke for an hour, criticizing and even threatening to sue his rivals.",
            "to sue his rivals",
            "even threatening",
            "The senator",
        ),
        # an active participle speaks for the noun it modifies, a passive one for no one
        (
            "Despite pre-event disclaimers urging peaceable conduct, the rally turned violent.",
            "peaceable conduct",
            "urging",
            "pre-event disclaimers",
        ),
        (
            "Over 30,000 immigrants expected to arrive this year will settle in the north.",
            "to arrive this year",
            "expected",
            None,
        ),
    ],
)
def test_a_cue_with_no_tagged_source_takes_the_doer_of_its_verb(text, content, cue, source):
    doc = load_pipeline()(text)
    (found,) = tagged_statements(doc, _cued(text, content, cue), [])
    assert (found.mention.text if found.mention is not None else None) == source
