"""Read and validate labelled drafts (JSONL: text, labels, site, kind, note)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from service.catalogue import CLASSIFIER_IDS, RULE_IDS
from service.errors import InputError
from service.jsonl import read_jsonl

SPLITS = {"train": ("train", "reviewed"), "test": ("test",)}


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]
    where: str  # "file: line N", for messages


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_examples(path: Path) -> list[Example]:
    """One file's examples; the first bad line stops everything with its file and line."""
    examples = []
    for number, obj in read_jsonl(Path(path)):
        where = f"{path}: line {number}"
        if not isinstance(obj, dict):
            raise InputError(f"{where}: each line must be a JSON object")
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f'{where}: missing "text" (a non-empty string)')
        labels = obj.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputError(f'{where}: "labels" must be a list of category ids')
        for label in labels:
            if label in RULE_IDS:
                raise InputError(f"{where}: {label!r} is a rule, not a label the classifier learns")
            if label not in CLASSIFIER_IDS:
                raise InputError(f"{where}: unknown label id {label!r}")
        examples.append(Example(text, tuple(sorted(set(labels))), where))
    return examples


def load_split(data_dir: Path, split: str) -> list[Example]:
    """Every *.jsonl of a split's folders, in a fixed order; no duplicate texts."""
    data_dir = Path(data_dir)
    folders = [data_dir / name for name in SPLITS[split]]
    if not any(folder.is_dir() for folder in folders):
        raise InputError(f"{data_dir}: no {'/ or '.join(SPLITS[split])}/ folder of JSONL files")
    examples = [e for folder in folders for e in read_folder(folder)]
    refuse_duplicates(examples)
    return examples


def read_folder(folder: Path) -> list[Example]:
    """Every *.jsonl in a folder, in name order."""
    return [e for path in sorted(Path(folder).glob("*.jsonl")) for e in read_examples(path)]


def refuse_duplicates(examples: list[Example], others: list[Example] = ()) -> None:
    seen = {_normal(e.text): e.where for e in others}
    for example in examples:
        key = _normal(example.text)
        if key in seen:
            raise InputError(f"{example.where}: duplicate example (same text as {seen[key]})")
        seen[key] = example.where


def digest(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, list(e.labels)], ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def label_matrix(examples: list[Example], categories=CLASSIFIER_IDS):
    import numpy as np

    index = {c: i for i, c in enumerate(categories)}
    y = np.zeros((len(examples), len(categories)), dtype=np.int8)
    for row, e in enumerate(examples):
        for label in e.labels:
            y[row, index[label]] = 1
    return y
