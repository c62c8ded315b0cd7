"""Command line: ``python -m extraction predict GOLD.jsonl -o PRED.jsonl``,
``python -m extraction evaluate GOLD.jsonl``, ``python -m extraction agreement BRAT_DIR``,
``python -m extraction pairs PAIRS.jsonl``, ``python -m extraction checkworthiness [--train]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .checkworthiness import MODEL_PATH as CHECKWORTHINESS_PATH
from .cuemodel import MODEL_PATH
from .engine import DEFAULT_MODE, MODES
from .evaluation.agreement import agreement
from .evaluation.bench import benchmark
from .evaluation.checkworthiness import LABELS as CHECKWORTHINESS_LABELS
from .evaluation.checkworthiness import main_json as checkworthiness_json
from .evaluation.pairs import main_json as pairs_json
from .evaluation.pathological import worst_cases
from .evaluation.predict import evaluate, predict
from .evaluation.scoring import read_jsonl, read_speaker_labels
from .training.checkworthiness import train as checkworthiness_train
from .training.cues import train


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m extraction``."""
    parser = argparse.ArgumentParser(prog="python -m extraction", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    p_predict = commands.add_parser("predict", help="write predictions for a gold JSONL file")
    p_predict.add_argument("gold")
    p_predict.add_argument("-o", "--output", required=True)
    p_eval = commands.add_parser("evaluate", help="print the reference metrics as JSON")
    p_eval.add_argument("gold")
    p_eval.add_argument("--speakers", help="canonical speaker labels (JSONL), as score.py")
    for sub in (p_predict, p_eval):
        sub.add_argument("--mode", choices=MODES, default=DEFAULT_MODE)
    p_train = commands.add_parser("train", help="learn the cue model from gold JSONL")
    p_train.add_argument("gold")
    p_train.add_argument("-o", "--output", default=str(MODEL_PATH))
    p_bench = commands.add_parser("bench", help="extraction speed against the bare parse")
    p_bench.add_argument("gold")
    p_agree = commands.add_parser(
        "agreement", help="PolNeAR's two annotators against each other, and the extractor"
    )
    p_agree.add_argument("brat", type=Path, help="PolNeAR's brat/ folder (train/, dev/)")
    p_agree.add_argument("--mode", choices=MODES, default=DEFAULT_MODE)
    p_worst = commands.add_parser(
        "bench-pathological", help="extraction time on texts built to be slow to parse"
    )
    p_worst.add_argument("--chars", type=int, default=50_000, help="length of each text")
    p_worst.add_argument("--mode", choices=MODES, default=DEFAULT_MODE)
    p_pairs = commands.add_parser(
        "pairs", help="the statement grouping's precision and recall on labelled pairs"
    )
    p_pairs.add_argument("fixture", type=Path, help="tests/fixtures/statement_pairs.jsonl")
    p_pairs.add_argument("--polnear", type=Path, default=Path("../shared/polnear"))
    p_check = commands.add_parser(
        "checkworthiness", help="the check-worthiness score on held-out labelled statements"
    )
    p_check.add_argument("--train", action="store_true", help="refit the shipped weights")
    p_check.add_argument("--labels", type=Path, default=CHECKWORTHINESS_LABELS)
    p_check.add_argument("--polnear", type=Path, default=Path("../shared/polnear"))
    args = parser.parse_args(argv)

    if args.command == "bench-pathological":
        json.dump(worst_cases(args.chars, args.mode), sys.stdout, indent=1)
        print()
        return 0
    if args.command == "pairs":
        print(pairs_json(args.fixture, args.polnear))
        return 0
    if args.command == "checkworthiness":
        return _checkworthiness(args.labels, args.polnear, args.train)
    if args.command == "agreement":
        json.dump(agreement(args.brat, args.mode), sys.stdout, indent=1)
        print()
        return 0
    articles = read_jsonl(args.gold)
    if args.command == "bench":
        json.dump(benchmark([a["text"] for a in articles]), sys.stdout, indent=1)
        print()
    elif args.command == "train":
        model = train(articles)
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(json.dumps(model.to_json(), sort_keys=True, indent=0) + "\n")
        print(f"{len(model.lemmas)} cue lemmas, {len(model.weights)} weights -> {args.output}")
    elif args.command == "predict":
        with open(args.output, "w", encoding="utf-8") as out:
            for record in predict(articles, args.mode):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        labels = read_speaker_labels(args.speakers) if args.speakers else None
        json.dump(evaluate(articles, args.mode, labels), sys.stdout, indent=1)
        print()
    return 0


def _checkworthiness(labels: Path, polnear: Path, refit: bool) -> int:
    if not refit:
        print(checkworthiness_json(labels, polnear))
    elif not (polnear / "polnear_train.jsonl").is_file():
        print(json.dumps({"skipped": f"PolNeAR not found at {polnear}"}))
    else:
        model = checkworthiness_train(labels, polnear)
        CHECKWORTHINESS_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(
            f"weights fitted on {model['trained_on']}, l2 {model['l2']} -> {CHECKWORTHINESS_PATH}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
