"""Fit the classifier, choose per-category thresholds by cross-validation, evaluate on the test
split, write a model version with its card, and promote it only if it is not worse."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from service.catalogue import CLASSIFIER_IDS, IMPLIES
from service.classifier.dataset import digest, label_matrix, load_split, refuse_duplicates
from service.classifier.metrics import scores
from service.classifier.model import (
    ARTIFACT,
    CARD,
    FORMAT,
    POINTER,
    LoadedModel,
    ModelError,
    Stage2,
    decide,
    implication_matrix,
    load_version,
    model_from_bundle,
    read_pointer,
    sha256_file,
)
from service.config import REPO_ROOT
from service.errors import InputError
from service.jsonl import write_atomically

SEED = 0
FOLDS = 5
# Gate: a new model may be at most this much worse than the one in service.
MACRO_F1_SLACK = 0.01
FALSE_ALARM_SLACK = 0.01
# Thresholds are tuned so that, in cross-validation, at most this share of benign drafts raise
# any warning: false alarms are what make staff stop reading warnings. 5% is the product's bound.
TARGET_FALSE_ALARMS = 0.05
# Regularisation of the second stage (15 inputs per category).
STAGE2_C = 0.3


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    words = TfidfVectorizer(
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",  # keeps "x" (a kiss), "y6", "u"
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=150_000,
        dtype=np.float32,
    )
    clf = OneVsRestClassifier(
        LogisticRegression(
            C=8.0,
            class_weight="balanced",
            solver="liblinear",
            max_iter=1000,
            random_state=SEED,
        )
    )
    return Pipeline([("features", FeatureUnion([("word", words), ("char", chars)])), ("clf", clf)])


def choose_thresholds(y: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """Per-category thresholds that maximise macro-F1 while the share of benign drafts with any
    warning stays within TARGET_FALSE_ALARMS, on cross-validated scores (no draft is scored by a
    model that saw it).

    A Lagrangian search: for a price `cost` on false alarms, each category takes the threshold
    maximising F1 - cost * (share of benign drafts it flags); the price is raised until the
    overall benign false-alarm rate is within the target."""
    benign = ~y.any(axis=1)
    table = threshold_table(y, proba, benign)
    if not benign.any():
        return thresholds_at_cost(table, 0.0)
    low, high = 0.0, 1000.0
    best = thresholds_at_cost(table, high)
    for _ in range(40):
        middle = (low + high) / 2
        candidate = thresholds_at_cost(table, middle)
        if (proba[benign] >= candidate).any(axis=1).mean() <= TARGET_FALSE_ALARMS:
            best, high = candidate, middle
        else:
            low = middle
    return best


def threshold_table(y, proba, benign) -> list:
    """Per category: the candidate thresholds (its scores, to 3 places, within 0.05..0.99), the
    F1 at each, and the share of benign drafts each flags. Counted by binary search in sorted
    scores, so the search above costs nothing per step."""
    table = []
    for k in range(y.shape[1]):
        scores_k = proba[:, k]
        candidates = np.unique(np.round(scores_k, 3))
        candidates = candidates[(candidates >= 0.05) & (candidates <= 0.99)]
        positives = y[:, k].astype(bool)

        def at_or_above(values, candidates=candidates):
            return len(values) - np.searchsorted(np.sort(values), candidates, side="left")

        flagged = at_or_above(scores_k)
        tp = at_or_above(scores_k[positives])
        f1 = 2 * tp / np.maximum(flagged + positives.sum(), 1)
        false_alarms = at_or_above(scores_k[benign]) / benign.sum() if benign.any() else 0 * f1
        table.append((candidates, f1, false_alarms))
    return table


def thresholds_at_cost(table, cost: float) -> np.ndarray:
    thresholds = np.full(len(table), 0.99)
    for k, (candidates, f1, false_alarms) in enumerate(table):
        if len(candidates):
            thresholds[k] = candidates[int(np.argmax(f1 - cost * false_alarms))]
    return thresholds


def _fit(texts, y, train_idx, held_idx):
    """Fit on train_idx; score held_idx (None: return the fitted pipeline itself)."""
    model = build_pipeline().fit([texts[i] for i in train_idx], y[train_idx])
    if held_idx is None:
        return None, model
    return held_idx, model.decision_function([texts[i] for i in held_idx])


def fit_with_cross_validation(texts, y, progress):
    """The first stage fitted on every draft, and its logits for every draft from a fold model
    that did not see it. The full fit and the folds run side by side on the machine's cores,
    the full fit (the longest) first."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import KFold

    logits, pipeline = np.zeros(y.shape, dtype=float), None
    folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts)
    every = np.arange(len(texts))
    jobs = [(every, None), *folds]
    workers = min(len(jobs), os.cpu_count() or 1)
    tasks = (delayed(_fit)(texts, y, train_idx, held_idx) for train_idx, held_idx in jobs)
    for held_idx, result in Parallel(n_jobs=workers, return_as="generator")(tasks):
        if held_idx is None:
            pipeline = result
        else:
            logits[held_idx] = result
        progress.update(1)
    return pipeline, logits


def _stage2_model():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=STAGE2_C, class_weight="balanced", max_iter=5000)


def fit_stage2(y: np.ndarray, first: np.ndarray) -> tuple[Stage2, np.ndarray]:
    """The second stage, learnt from first-stage logits that no model saw the draft for, and
    its own cross-validated probabilities (for choosing thresholds)."""
    from sklearn.model_selection import KFold

    inputs = np.hstack([first, first.max(axis=1, keepdims=True)])
    proba = np.zeros(y.shape, dtype=float)
    folds = list(KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(inputs))
    weights, max_weight, intercept = [], [], []
    for k in range(y.shape[1]):
        for train_idx, held_idx in folds:
            fold = _stage2_model().fit(inputs[train_idx], y[train_idx, k])
            proba[held_idx, k] = fold.predict_proba(inputs[held_idx])[:, 1]
        model = _stage2_model().fit(inputs, y[:, k])
        weights.append(model.coef_[0, :-1])
        max_weight.append(model.coef_[0, -1])
        intercept.append(model.intercept_[0])
    return Stage2(np.array(weights), np.array(max_weight), np.array(intercept)), proba


def test_figures(model: LoadedModel, examples) -> dict:
    """A model's figures on the test split, by the same code path the service answers with."""
    from service.classifier.evaluate import evaluate

    figures = evaluate(model, examples)
    return {k: v for k, v in figures.items() if k not in ("wrong", "model_version")}


def _versions() -> dict:
    import joblib
    import scipy
    import sklearn

    return {
        "python": sys.version.split()[0],
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def train(data_dir: Path, show_progress: bool = True) -> tuple[dict, dict]:
    """Fit on train/ and reviewed/, evaluate on test/; return (bundle, card) without writing."""
    from tqdm import tqdm

    started = time.perf_counter()
    train_set = load_split(data_dir, "train")
    test_set = load_split(data_dir, "test")
    refuse_duplicates(test_set, train_set)  # the test split must be drafts training never sees
    texts = [e.text for e in train_set]
    y = label_matrix(train_set)
    missing = [c for c, n in zip(CLASSIFIER_IDS, y.sum(axis=0), strict=True) if n < FOLDS]
    if missing:
        raise InputError(f"{data_dir}: too few training examples for: {', '.join(missing)}")

    progress = tqdm(
        total=FOLDS + 2, desc="training", unit="step", file=sys.stderr, disable=not show_progress
    )
    with progress:
        pipeline, first = fit_with_cross_validation(texts, y, progress)
        stage2, proba = fit_stage2(y, first)
        thresholds = choose_thresholds(y, proba)
        bundle = {
            "format": FORMAT,
            "pipeline": pipeline,
            "stage2": dataclasses.asdict(stage2),
            "categories": list(CLASSIFIER_IDS),
            "thresholds": {
                c: round(float(t), 3) for c, t in zip(CLASSIFIER_IDS, thresholds, strict=True)
            },
            "implies": {k: list(v) for k, v in IMPLIES.items()},
        }
        candidate = model_from_bundle(bundle, "candidate")
        test_scores = test_figures(candidate, test_set)
        progress.update(1)

    cv_decisions = decide(proba, thresholds, implication_matrix(list(CLASSIFIER_IDS), IMPLIES))
    trained_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    data_digest = digest(train_set)
    card = {
        "version": f"{trained_at}-{data_digest[:4]}",
        "trained_at": trained_at,
        "training_data": {
            "sha256": data_digest,
            "examples": len(train_set),
            "benign": int((~y.any(axis=1)).sum()),
            "per_category": dict(zip(CLASSIFIER_IDS, map(int, y.sum(axis=0)), strict=True)),
        },
        "test_data": {"sha256": digest(test_set), "examples": len(test_set)},
        "libraries": _versions(),
        "model": (
            "word 1-2-gram + char_wb 2-5-gram TF-IDF, one-vs-rest logistic regression, then "
            "per category a logistic regression over the fourteen logits and their maximum"
        ),
        "implies": {k: list(v) for k, v in IMPLIES.items()},
        "thresholds": bundle["thresholds"],
        "cross_validation": {
            "folds": FOLDS,
            "false_alarm_target": TARGET_FALSE_ALARMS,
            **scores(y, cv_decisions, CLASSIFIER_IDS),
        },
        "test": test_scores,
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    return bundle, card


def write_version(models_dir: Path, bundle: dict, card: dict) -> Path:
    """Write models/<version>/ whole or not at all: a temporary folder, then a rename."""
    import joblib

    models_dir.mkdir(parents=True, exist_ok=True)
    final, n = models_dir / card["version"], 1
    while final.exists():  # two trainings in one second on the same data: never overwrite
        n += 1
        card["version"] = f"{card['version'].rsplit('~', 1)[0]}~{n}"
        final = models_dir / card["version"]
    tmp = Path(tempfile.mkdtemp(dir=models_dir, prefix=".incoming-"))
    try:
        joblib.dump(bundle, tmp / ARTIFACT, compress=3)
        card["sha256"] = sha256_file(tmp / ARTIFACT)
        card["artifact_bytes"] = (tmp / ARTIFACT).stat().st_size
        (tmp / CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        (tmp / "MODEL_CARD.md").write_text(card_markdown(card), encoding="utf-8")
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def card_markdown(card: dict) -> str:
    """The card for people: every figure is read from card.json, measured on the test split."""
    test = card["test"]
    rows = "\n".join(
        f"| `{c}` | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} | "
        f"{card['thresholds'][c]:.3f} |"
        for c, m in test["per_category"].items()
    )
    data = card["training_data"]
    folds = card["cross_validation"]["folds"]
    return f"""# PostGuard model {card["version"]}

Trained {card["trained_at"]} on {data["examples"]} hand-written drafts ({data["benign"]} benign)
from `training_data/train` and `training_data/reviewed` (SHA-256 `{data["sha256"][:16]}…`).
Model: {card["model"]}. Thresholds per category were chosen by {folds}-fold
cross-validation on the training data only, to maximise macro-F1 while at most
{TARGET_FALSE_ALARMS:.0%} of benign drafts raise a warning.

## On the held-out test split
{card["test_data"]["examples"]} drafts, {test["benign_drafts"]} of them benign, none seen in
training.

| category | precision | recall | F1 | test drafts | threshold |
|---|---|---|---|---|---|
{rows}

- macro-F1: **{test["macro_f1"]:.3f}**
- benign false-alarm rate: **{test["benign_false_alarm_rate"]:.3f}**
- cross-validated on the training data: macro-F1 {card["cross_validation"]["macro_f1"]:.3f}, benign
  false-alarm rate {card["cross_validation"]["benign_false_alarm_rate"]:.3f}

Artifact `model.joblib`: {card["artifact_bytes"]:,} bytes, SHA-256 `{card["sha256"]}`.
Libraries: {", ".join(f"{k} {v}" for k, v in card["libraries"].items())}.
Training took {card["training_seconds"]} s.
"""


def promote(models_dir: Path, version: str) -> None:
    """Point models/current at a version: one atomic rename, so a crash leaves the old one."""
    write_atomically(models_dir / POINTER, [version + "\n"])


def gate(new: dict, old: dict | None) -> list[str]:
    """Why the new model must not replace the old one; empty when it may."""
    if old is None:
        return []
    reasons = []
    if new["macro_f1"] < old["macro_f1"] - MACRO_F1_SLACK:
        reasons.append(
            f"macro-F1 {new['macro_f1']:.3f} is more than {MACRO_F1_SLACK} below "
            f"the current {old['macro_f1']:.3f}"
        )
    if new["benign_false_alarm_rate"] > old["benign_false_alarm_rate"] + FALSE_ALARM_SLACK:
        reasons.append(
            f"benign false-alarm rate {new['benign_false_alarm_rate']:.3f} is more than "
            f"{FALSE_ALARM_SLACK} above the current {old['benign_false_alarm_rate']:.3f}"
        )
    return reasons


def side_by_side(new: dict, old: dict | None) -> str:
    def cell(figures, key, category=None):
        if figures is None:
            return "-"
        value = figures["per_category"][category][key] if category else figures[key]
        return f"{value:.3f}"

    rows = [f"{'':24} {'current':>9} {'new':>9}"]
    for category in CLASSIFIER_IDS:
        rows.append(
            f"{category + ' F1':24} {cell(old, 'f1', category):>9} {cell(new, 'f1', category):>9}"
        )
    rows.append(f"{'macro-F1':24} {cell(old, 'macro_f1'):>9} {cell(new, 'macro_f1'):>9}")
    rows.append(
        f"{'benign false alarms':24} {cell(old, 'benign_false_alarm_rate'):>9} "
        f"{cell(new, 'benign_false_alarm_rate'):>9}"
    )
    return "\n".join(rows)


def current_figures(models_dir: Path, data_dir: Path) -> tuple[str | None, dict | None]:
    """The model in service, scored now on the same test split as the new one."""
    version = read_pointer(models_dir)
    if version is None:
        return None, None
    try:
        model = load_version(models_dir / version)
    except ModelError as exc:
        print(
            f"note: the current model cannot be loaded ({exc}); comparing with nothing",
            file=sys.stderr,
        )
        return version, None
    return version, test_figures(model, load_split(data_dir, "test"))


def train_command(args, settings) -> int:
    data_dir = Path(args.data) if args.data else REPO_ROOT / "training_data"
    models_dir = Path(args.out) if args.out else settings.models_dir
    bundle, card = train(data_dir)
    old_version, old = current_figures(models_dir, data_dir)
    print(side_by_side(card["test"], old))
    reasons = gate(card["test"], old)
    path = write_version(models_dir, bundle, card)
    if reasons and not args.force:
        print(
            f"not promoted: {'; '.join(reasons)}. Kept {old_version} in service; the new "
            f"model is in {path} (use --force to promote it anyway)."
        )
        return 1
    promote(models_dir, card["version"])
    print(
        f"promoted {card['version']} ({card['training_seconds']} s); the service picks it up "
        f"within a second."
    )
    return 0
