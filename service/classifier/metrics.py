"""Per-category precision, recall and F1, macro-F1 and the benign false-alarm rate."""

from __future__ import annotations

import numpy as np


def scores(y_true: np.ndarray, y_pred: np.ndarray, categories) -> dict:
    """Macro-F1 averages the categories that occur in the labels or the predictions (as
    scikit-learn does): a file of one category's drafts is not marked down for the thirteen
    categories it has no drafts of, while a false alarm for any of them still counts."""
    per_category = {}
    for k, category in enumerate(categories):
        t, p = y_true[:, k].astype(bool), y_pred[:, k].astype(bool)
        tp = int((t & p).sum())
        fp = int((~t & p).sum())
        fn = int((t & ~p).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_category[category] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": int(t.sum()),
            "predicted": int(p.sum()),
        }
    benign = ~y_true.any(axis=1)
    false_alarms = int((y_pred[benign].any(axis=1)).sum())
    counted = [m["f1"] for m in per_category.values() if m["support"] or m["predicted"]]
    return {
        "per_category": per_category,
        "macro_f1": round(float(np.mean(counted)), 4) if counted else None,
        "macro_f1_categories": len(counted),
        "benign_false_alarm_rate": round(false_alarms / benign.sum(), 4) if benign.any() else 0.0,
        "benign_drafts": int(benign.sum()),
        "drafts": int(len(y_true)),
    }
