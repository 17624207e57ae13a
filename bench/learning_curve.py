"""How much does more training data of the kind we have help? A measurement, not a test.

Trains exactly as `postguard train` does (cross-validated thresholds, second stage) on random
shares of the training drafts, and scores each model on the whole held-out test split. A curve
that is still rising says "write more"; a flat one says the model, not the amount of data, is
the limit.

    .venv/bin/python bench/learning_curve.py [--shares 0.25 0.5 0.75 1.0]

Prints a table and writes bench/results/learning_curve.json. About a minute per share.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.catalogue import CLASSIFIER_IDS, load_catalogue  # noqa: E402
from service.classifier import train as training  # noqa: E402
from service.classifier.dataset import load_split  # noqa: E402

HIGH = [c for c in CLASSIFIER_IDS if load_catalogue()[c].severity == "high"]


def write_share(target: Path, share: float, seed: int) -> int:
    """train/ with a random share of the training drafts (the same for every run of one seed),
    and test/ whole."""
    examples = load_split(ROOT / "training_data", "train")
    chosen = random.Random(seed).sample(examples, round(share * len(examples)))
    (target / "train").mkdir(parents=True)
    with open(target / "train" / "share.jsonl", "w", encoding="utf-8") as out:
        for e in chosen:
            out.write(json.dumps({"text": e.text, "labels": list(e.labels)}) + "\n")
    (target / "test").mkdir()
    for path in sorted((ROOT / "training_data" / "test").glob("*.jsonl")):
        (target / "test" / path.name).write_bytes(path.read_bytes())
    return len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = []
    print(f"{'share':>6} {'drafts':>7} {'macro-F1':>9} {'high recall':>12} {'false alarms':>13}")
    for share in args.shares:
        with tempfile.TemporaryDirectory() as tmp:
            drafts = write_share(Path(tmp), share, args.seed)
            _, card = training.train(Path(tmp), show_progress=False)
        test = card["test"]
        high = sum(test["per_category"][c]["recall"] for c in HIGH) / len(HIGH)
        row = {
            "share": share,
            "drafts": drafts,
            "macro_f1": test["macro_f1"],
            "high_severity_recall_mean": round(high, 4),
            "benign_false_alarm_rate": test["benign_false_alarm_rate"],
            "per_category_f1": {c: m["f1"] for c, m in test["per_category"].items()},
        }
        rows.append(row)
        print(
            f"{share:>6.2f} {drafts:>7} {row['macro_f1']:>9.3f} {high:>12.3f} "
            f"{row['benign_false_alarm_rate']:>13.3f}"
        )
    out = ROOT / "bench" / "results" / "learning_curve.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
