"""The trained statement tagger: a MiniLM encoder that labels every wordpiece of an article
as the beginning, inside or outside of a content span, a source mention and a cue.

This module holds what training and run time share (the tokenizer, the windows, the label
scheme, decoding tags into character spans) and the run-time model, an int8 ONNX graph run by
onnxruntime. Training lives in :mod:`extraction.training.tagger`; it needs PyTorch, this
module does not.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from .types import Span

MODEL_DIR = Path(__file__).parent / "data" / "statement_tagger"
TOKENIZER_PATH = MODEL_DIR / "tokenizer.json"
MODEL_PATH = MODEL_DIR / "model.onnx"

# Three layers of BIO tags, one per role, predicted side by side (a source mention may sit
# inside the content of another statement).
ROLES = ("content", "source", "cue")
OUTSIDE, BEGIN, INSIDE = 0, 1, 2
TAGS_PER_ROLE = 3
# A window holds at most this many wordpieces besides [CLS] and [SEP]; windows overlap, and a
# wordpiece takes its tags from the window where it sits furthest from an edge. A model keeps
# the window it was trained with in its ONNX metadata ("window", "stride"); these are the
# defaults, for a model without them.
WINDOW = 254
STRIDE = 192
CLS_ID, SEP_ID = 101, 102


@dataclass(frozen=True)
class Encoding:
    """An article as wordpieces: their ids and character offsets into the text."""

    ids: np.ndarray
    offsets: np.ndarray  # shape (n, 2), end exclusive


@dataclass
class Tagged:
    """Character spans of one text as the tagger sees them, per role, in text order."""

    content: list[Span]
    source: list[Span]
    cue: list[Span]
    content_scores: list[float]


@lru_cache(maxsize=1)
def load_tokenizer() -> Tokenizer:
    """MiniLM's uncased wordpiece tokenizer, without truncation or padding."""
    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def encode(text: str) -> Encoding:
    """The wordpieces of ``text`` with their character offsets."""
    found = load_tokenizer().encode(text, add_special_tokens=False)
    ids = np.asarray(found.ids, dtype=np.int64)
    offsets = np.asarray(found.offsets, dtype=np.int64).reshape(-1, 2)
    return Encoding(ids, offsets)


def window_starts(size: int, window: int = WINDOW, stride: int = STRIDE) -> list[int]:
    """Where each window of an encoding of ``size`` wordpieces starts."""
    if size <= window:
        return [0]
    starts = list(range(0, size - window, stride))
    starts.append(size - window)
    return starts


def window_ids(
    encoding: Encoding, window: int = WINDOW, stride: int = STRIDE
) -> Iterator[tuple[int, np.ndarray]]:
    """``(start, ids)`` of each window, with [CLS] and [SEP] around it."""
    for start in window_starts(len(encoding.ids), window, stride):
        piece = encoding.ids[start : start + window]
        yield start, np.concatenate(([CLS_ID], piece, [SEP_ID])).astype(np.int64)


def best_window(size: int, window: int = WINDOW, stride: int = STRIDE) -> np.ndarray:
    """For each wordpiece, the index of the window in which it is furthest from an edge."""
    starts = window_starts(size, window, stride)
    positions = np.arange(size)
    margins = np.full((len(starts), size), -1, dtype=np.int64)
    for w, start in enumerate(starts):
        end = min(start + window, size)
        inside = (positions >= start) & (positions < end)
        margins[w, inside] = np.minimum(positions[inside] - start, end - 1 - positions[inside])
    return margins.argmax(axis=0)


def char_labels(encoding: Encoding, pieces: Sequence[tuple[int, int]]) -> np.ndarray:
    """BIO tags of each wordpiece for one role, from character spans ``pieces``.

    A wordpiece overlapping a piece is inside it; the first of each piece begins it. Pieces
    that overlap one already tagged are skipped (nested contents keep the outer one)."""
    tags = np.zeros(len(encoding.ids), dtype=np.int64)
    starts, ends = encoding.offsets[:, 0], encoding.offsets[:, 1]
    for a, b in sorted(pieces, key=lambda p: (p[0], -p[1])):
        hit = np.nonzero((starts < b) & (ends > a))[0]
        if not len(hit) or tags[hit].any():
            continue
        tags[hit] = INSIDE
        tags[hit[0]] = BEGIN
    return tags


def decode(encoding: Encoding, tags: np.ndarray, text: str) -> list[Span]:
    """Character spans from one role's BIO tags; an I after O starts a span too."""
    tags = np.asarray(tags)
    if not len(tags):
        return []
    tagged = tags != OUTSIDE
    after_outside = np.concatenate(([True], ~tagged[:-1]))
    begins = np.flatnonzero((tags == BEGIN) | ((tags == INSIDE) & after_outside))
    goes_on = np.concatenate((tags[1:] == INSIDE, [False]))
    ends = np.flatnonzero(tagged & ~goes_on)
    spans = (
        _whole_words(text, a, b)
        for a, b in zip(
            encoding.offsets[begins, 0].tolist(), encoding.offsets[ends, 1].tolist(), strict=True
        )
    )
    return [s for s in spans if text[s.start : s.end].strip()]


def _whole_words(text: str, start: int, end: int) -> Span:
    """The span from ``start`` to ``end`` grown to whole words: a span that the tags end
    inside a word ("a char" of "a charlatan", "the charges unsubstantia") ends with it. The
    wordpieces of a word are tagged apart, and about one tagged span in 200 on PolNeAR dev
    ended between two of them."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return Span(start, end)


# onnxruntime's fusion of the residual add with the layer normalisation (SkipLayerNormalization)
# is slower on the CPU than the plain operations it replaces, on these models: without it the
# tagger runs about 10% faster and the sentence encoder (:mod:`extraction.embedding`) about
# 16%. The outputs move by rounding only: on PolNeAR dev, accurate mode's figures moved by at
# most 0.002 (content exact F1 0.546 to 0.545, partial 0.717 both ways).
SLOW_FUSIONS = ("SkipLayerNormFusion",)


def onnx_session(model_path: Path, threads: int | None = None, disabled: Sequence[str] = ()):
    """An onnxruntime session of ``model_path`` on the CPU, with ``threads`` threads
    (EXTRACTION_THREADS, 1 by default: a worker process uses one core), without the graph
    optimisers named in ``disabled``."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or int(os.environ.get("EXTRACTION_THREADS", "1"))
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(
        str(model_path),
        options,
        providers=["CPUExecutionProvider"],
        disabled_optimizers=list(disabled),
    )


class StatementTagger:
    """The run-time tagger: the int8 ONNX model shipped in ``data/statement_tagger/``."""

    def __init__(self, model_path: Path = MODEL_PATH, threads: int | None = None):
        self.session = onnx_session(model_path, threads, disabled=SLOW_FUSIONS)
        meta = self.session.get_modelmeta().custom_metadata_map
        self.window = int(meta.get("window", WINDOW))
        self.stride = int(meta.get("stride", STRIDE))

    def logits(self, encoding: Encoding) -> np.ndarray:
        """Per-wordpiece logits, shape (n, roles, tags), each from its best window.

        Each window goes through the model alone. The int8 graph quantises its activations
        with one scale per input, so in a batch a window's output would depend on the windows
        beside it (logits moved by up to 0.15 between batches of 16 and of 1); alone, a window
        reads the same whatever article it is in, costs no padding, and the attention of one
        window is all the memory it needs. On PolNeAR dev, batches of 16 and windows alone
        gave the same F1 within 0.001 and the same time (36 s and 35 s)."""
        size = len(encoding.ids)
        out = np.zeros((size, len(ROLES), TAGS_PER_ROLE), dtype=np.float32)
        if not size:
            return out
        chosen = best_window(size, self.window, self.stride)
        for number, (start, ids) in enumerate(window_ids(encoding, self.window, self.stride)):
            inputs = {"input_ids": ids[None, :], "attention_mask": np.ones((1, len(ids)), np.int64)}
            (scores,) = self.session.run(None, inputs)
            scores = scores.reshape(len(ids), len(ROLES), TAGS_PER_ROLE)
            mine = np.flatnonzero(chosen[start : start + len(ids) - 2] == number)
            out[start + mine] = scores[1 + mine]
        return out

    def tag(self, text: str) -> Tagged:
        """The content, source and cue spans the model finds in ``text``."""
        encoding = encode(text)
        logits = self.logits(encoding)
        probabilities = _softmax(logits)
        opens = paragraph_openers(encoding, text)
        spans = [
            decode(encoding, best_path(probabilities[:, r], opens), text) for r in range(len(ROLES))
        ]
        scores = [_span_score(encoding, probabilities[:, 0], s) for s in spans[0]]
        return Tagged(spans[0], spans[1], spans[2], scores)


def paragraph_openers(encoding: Encoding, text: str) -> np.ndarray:
    """For each wordpiece, whether a line break lies between it and the wordpiece before.

    The wordpieces carry no line breaks, so the model cannot see where a paragraph (or a
    headline, a caption) ends; the text can. PolNeAR's annotators never run a span across
    one: a content over several paragraphs is one piece per paragraph (of the 23,289 content
    pieces of PolNeAR train, one holds a line break)."""
    size = len(encoding.ids)
    opens = np.zeros(size, dtype=bool)
    breaks = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype="<u4") == ord("\n"))
    if size < 2 or not len(breaks):
        return opens
    before = np.searchsorted(breaks, encoding.offsets[:, 0])
    after_previous = np.searchsorted(breaks, encoding.offsets[:-1, 1])
    opens[1:] = before[1:] > after_previous
    return opens


def best_path(probabilities: np.ndarray, opens: np.ndarray | None = None) -> np.ndarray:
    """The most probable BIO sequence with no I after O (Viterbi over per-wordpiece
    probabilities, shape (n, 3)): a span always has a beginning. Where ``opens`` is true (the
    wordpiece opens a paragraph: :func:`paragraph_openers`) no span goes on: the tag there is
    O or B, and the probability of I counts for O (the model that would carry a span over a
    line break has not seen one begin there). On a tie the earlier tag (O, then B, then I) wins."""
    size = len(probabilities)
    if not size:
        return np.zeros(0, dtype=np.int64)
    scores = np.log(np.clip(probabilities, 1e-9, 1.0)).tolist()
    cut = np.zeros(size, dtype=bool) if opens is None else np.asarray(opens, dtype=bool)
    # Three states, one forbidden step: plain floats are many times faster than numpy here.
    o, b, _ = scores[0]
    i = -math.inf
    # back[k][t]: the tag before position k on the best path that has tag t at k (O and B may
    # follow any tag, I only B or I)
    back = [(OUTSIDE, OUTSIDE, OUTSIDE)]
    for (s_o, s_b, s_i), opening in zip(scores[1:], cut[1:].tolist(), strict=True):
        top = OUTSIDE if o >= b and o >= i else (BEGIN if b >= i else INSIDE)
        best = o if top == OUTSIDE else (b if top == BEGIN else i)
        into_inside = BEGIN if b >= i else INSIDE
        if opening:  # going on is impossible here: the model's belief in it counts for O
            o, b, i = best + _log_sum(s_o, s_i), best + s_b, -math.inf
        else:
            o, b, i = best + s_o, best + s_b, (b if into_inside == BEGIN else i) + s_i
        back.append((top, top, into_inside))
    path = np.zeros(size, dtype=np.int64)
    last = OUTSIDE if o >= b and o >= i else (BEGIN if b >= i else INSIDE)
    path[-1] = last
    for k in range(size - 1, 0, -1):
        last = back[k][last]
        path[k - 1] = last
    return path


def _log_sum(a: float, b: float) -> float:
    """log(exp(a) + exp(b))."""
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _span_score(encoding: Encoding, probabilities: np.ndarray, span: Span) -> float:
    inside = (encoding.offsets[:, 0] < span.end) & (encoding.offsets[:, 1] > span.start)
    if not inside.any():
        return 0.0
    return float(1.0 - probabilities[inside, OUTSIDE].mean())


@lru_cache(maxsize=1)
def statement_tagger() -> StatementTagger:
    """The shipped tagger, loaded once per process."""
    return StatementTagger()
