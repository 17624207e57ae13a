"""Load a verified model version and turn its scores into explained findings.

A model version is a folder `models/<version>/` with `model.joblib` and `card.json`; the file
`models/current` names the version in service. The artifact's SHA-256 must match the card before
`joblib.load` runs, because loading a pickle runs code.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from service.findings import Finding, Span, merge_spans

ARTIFACT = "model.joblib"
CARD = "card.json"
POINTER = "current"
FORMAT = 2
READABLE_FORMATS = (1, 2)  # 1: one stage only
_UNIT = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…*_~<>"


class ModelError(Exception):
    """A model that cannot be served; the message says why, for /health."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pointer(models_dir: Path) -> str | None:
    try:
        version = (models_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


def read_card(version_dir: Path) -> dict:
    try:
        card = json.loads((version_dir / CARD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model card missing: {version_dir / CARD}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"model card is not valid JSON: {version_dir / CARD}: {exc}") from None
    if not isinstance(card, dict) or not isinstance(card.get("sha256"), str):
        raise ModelError(f"model card has no sha256: {version_dir / CARD}")
    return card


def load_version(version_dir: Path) -> LoadedModel:
    """Verify the artifact's digest against its card, then load it."""
    import joblib  # imported here: only a verified file ever reaches it

    card = read_card(version_dir)
    artifact = version_dir / ARTIFACT
    try:
        # Read once: the bytes that are verified are the bytes that are loaded.
        blob = artifact.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"model file missing: {artifact}") from None
    actual = hashlib.sha256(blob).hexdigest()
    if actual != card["sha256"]:
        raise ModelError(
            f"model file digest does not match its card ({actual[:12]}… ≠ {card['sha256'][:12]}…): "
            f"{artifact} was not loaded"
        )
    try:
        bundle = joblib.load(io.BytesIO(blob))
    except Exception as exc:  # a verified but unreadable file: wrong library versions, truncation
        raise ModelError(f"model file could not be loaded: {artifact}: {exc}") from None
    if not isinstance(bundle, dict) or bundle.get("format") not in READABLE_FORMATS:
        raise ModelError(f"model file has an unknown format: {artifact}")
    return model_from_bundle(bundle, card.get("version", version_dir.name), card, actual)


def model_from_bundle(bundle: dict, version: str, card: dict | None = None, sha256: str = ""):
    card = card or {}
    stage2 = bundle.get("stage2")
    return LoadedModel(
        version=version,
        trained_at=card.get("trained_at", ""),
        sha256=sha256,
        pipeline=bundle["pipeline"],
        categories=list(bundle["categories"]),
        thresholds=dict(bundle["thresholds"]),
        implies={k: tuple(v) for k, v in bundle.get("implies", {}).items()},
        stage2=Stage2(**stage2) if stage2 else None,
    )


@dataclass
class Stage2:
    """The second stage: each category's final logit is a linear function of the first stage's
    fourteen logits and their maximum (how risky the draft looks overall). For one draft the
    maximum is one category's logit, so the final logit is linear in the draft's features and
    per-word contributions stay exact.

    final[k] = weights[k] . first + max_weight[k] * max(first) + intercept[k]"""

    weights: np.ndarray  # categories x categories
    max_weight: np.ndarray  # categories
    intercept: np.ndarray  # categories

    def __post_init__(self):
        self.weights = np.asarray(self.weights, dtype=float)
        self.max_weight = np.asarray(self.max_weight, dtype=float)
        self.intercept = np.asarray(self.intercept, dtype=float)

    def apply(self, first: np.ndarray) -> np.ndarray:
        first = np.atleast_2d(first)
        return (
            first @ self.weights.T
            + first.max(axis=1, keepdims=True) * self.max_weight
            + self.intercept
        )


def implication_matrix(categories: list[str], implies: dict) -> np.ndarray:
    """m[i, j] is 1 when category i implies category j."""
    index = {c: i for i, c in enumerate(categories)}
    matrix = np.zeros((len(categories), len(categories)), dtype=np.int8)
    for source, targets in implies.items():
        for target in targets:
            matrix[index[source], index[target]] = 1
    return matrix


def decide(proba: np.ndarray, thresholds: np.ndarray, implied: np.ndarray) -> np.ndarray:
    """The categories each draft is flagged for: over its threshold, or implied by one that is."""
    flagged = proba >= thresholds
    return flagged | ((flagged.astype(np.int8) @ implied) > 0)


@dataclass
class LoadedModel:
    version: str
    trained_at: str
    sha256: str
    pipeline: object  # sklearn Pipeline: features (FeatureUnion of TF-IDF) -> clf (one-vs-rest)
    categories: list[str]
    thresholds: dict[str, float]
    implies: dict[str, tuple[str, ...]]
    stage2: Stage2 | None = None

    def __post_init__(self):
        estimators = self.pipeline.named_steps["clf"].estimators_
        self._intercepts = np.array([est.intercept_[0] for est in estimators])
        self._explainer = Explainer(self.pipeline, self._intercepts, self.stage2)
        self._threshold_array = np.array([self.thresholds[c] for c in self.categories])
        self._implied = implication_matrix(self.categories, self.implies)
        union = self.pipeline.named_steps["features"]
        weights = union.transformer_weights or {}
        self._vectorizers = [(v, weights.get(name, 1.0)) for name, v in union.transformer_list]
        # The one-vs-rest logistic regressions as one matrix product: the same values as the
        # pipeline's decision_function, without fourteen rounds of input validation per draft.
        self._weights = np.ascontiguousarray(self._explainer.coef.T)

    def info(self) -> dict:
        return {"version": self.version, "trained_at": self.trained_at, "sha256": self.sha256}

    def first_stage(self, features) -> np.ndarray:
        """The one-vs-rest logits, one row per draft."""
        return np.asarray(features @ self._weights) + self._intercepts

    def final(self, first: np.ndarray) -> np.ndarray:
        """The final logits, from the first stage's."""
        return self.stage2.apply(first) if self.stage2 is not None else first

    def logits(self, features) -> np.ndarray:
        return self.final(self.first_stage(features))

    def _probabilities(self, features) -> np.ndarray:
        return _sigmoid(self.logits(features))

    def features(self, texts: list[str]):
        """The FeatureUnion's output, computed directly: for one draft, sklearn's input
        validation costs more than the arithmetic."""
        parts = [
            _tfidf(v, texts) * w if w != 1.0 else _tfidf(v, texts) for v, w in self._vectorizers
        ]
        return sp.hstack(parts, format="csr")

    def scores(self, texts: list[str]) -> np.ndarray:
        """Probabilities, one row per text and one column per category."""
        return self._probabilities(self.features(texts))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return decide(proba, self._threshold_array, self._implied)

    def findings(self, texts: list[str]) -> list[list[Finding]]:
        features = self.features(texts)
        first = self.first_stage(features)
        probabilities = _sigmoid(self.final(first))
        decisions = self.decide(probabilities)
        results = []
        for row, text in enumerate(texts):
            flagged = np.flatnonzero(decisions[row])
            found = []
            if len(flagged):
                top = int(np.argmax(first[row]))
                spans = self._explainer.spans(text, features[row], flagged, top)
                for k in flagged:
                    category = self.categories[k]
                    found.append(
                        Finding(category, "classifier", float(probabilities[row, k]), spans[k])
                    )
            results.append(found)
        return results


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _tfidf(vectorizer, texts: list[str]):
    """TfidfVectorizer.transform: counts, then sublinear tf, idf and l2 norm, as it does them."""
    from sklearn.feature_extraction.text import CountVectorizer

    matrix = CountVectorizer.transform(vectorizer, texts).astype(vectorizer.dtype)
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1
    if vectorizer.use_idf:
        matrix.data *= vectorizer.idf_[matrix.indices]
    if vectorizer.norm == "l2":
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(matrix.dtype)
    elif vectorizer.norm is not None:
        return vectorizer.transform(texts)
    return matrix


class Explainer:
    """Exact per-word contributions of the model over word and char_wb TF-IDF features."""

    def __init__(self, pipeline, intercepts: np.ndarray, stage2: Stage2 | None = None):
        union = pipeline.named_steps["features"]
        clf = pipeline.named_steps["clf"]
        self.coef = np.vstack([est.coef_[0] for est in clf.estimators_])
        self.intercepts = intercepts
        self.stage2 = stage2
        self.parts = []
        offset = 0
        for name, vectorizer in union.transformer_list:
            vocab = vectorizer.vocabulary_
            self.parts.append((name, vectorizer, vocab, offset))
            if vectorizer.analyzer == "char_wb":
                self._char_part = (name, vectorizer, vocab, offset)
            offset += len(vocab)

    @lru_cache(maxsize=50_000)  # noqa: B019 (one explainer per loaded model)
    def _char_features(self, word: str) -> tuple[int, ...]:
        """Feature indices of one word's char_wb n-grams, as TfidfVectorizer counts them."""
        _, vectorizer, vocab, offset = self._char_part
        lo, hi = vectorizer.ngram_range
        padded = " " + word + " "
        found = []
        for n in range(lo, hi + 1):
            for i in range(max(1, len(padded) - n + 1)):
                idx = vocab.get(padded[i : i + n])
                if idx is not None:
                    found.append(offset + idx)
            if len(padded) < n:
                break
        return tuple(found)

    def _occurrences(self, text: str):
        """(feature, word, share) for every n-gram occurrence: an n-word gram gives each of
        its words 1/n of the occurrence."""
        lowered, where = _lower_with_map(text)
        units = [(m.start(), m.end()) for m in _UNIT.finditer(lowered)]
        starts = np.array([s for s, _ in units])
        pairs = []
        for _, vectorizer, vocab, offset in self.parts:
            if vectorizer.analyzer == "char_wb":
                for u, (s, e) in enumerate(units):
                    pairs.extend((idx, u, 1.0) for idx in self._char_features(lowered[s:e]))
            else:
                pattern = re.compile(vectorizer.token_pattern)
                tokens = [(m.group(), m.start()) for m in pattern.finditer(lowered)]
                lo, hi = vectorizer.ngram_range
                for n in range(lo, hi + 1):
                    for i in range(len(tokens) - n + 1):
                        gram = " ".join(t for t, _ in tokens[i : i + n])
                        idx = vocab.get(gram)
                        if idx is None:
                            continue
                        for _, start in tokens[i : i + n]:
                            u = int(np.searchsorted(starts, start, side="right")) - 1
                            pairs.append((offset + idx, u, 1.0 / n))
        return units, where, pairs

    def contributions(self, text: str, row, top: int) -> tuple[list, np.ndarray, np.ndarray]:
        """Per word (whitespace-separated unit), its exact share of each category's logit:
        (units, shares as units x categories, the part of each logit no word carries). `top`
        is the draft's highest first-stage category, the one whose logit the second stage
        takes as the maximum.

        For category k the shares plus that part add up to the model's logit for k."""
        units, where, pairs = self._occurrences(text)
        first = np.zeros((len(units), self.coef.shape[0]))
        if pairs:
            feature_idx = np.array([p[0] for p in pairs])
            unit_idx = np.array([p[1] for p in pairs])
            fraction = np.array([p[2] for p in pairs])
            values = np.zeros(self.coef.shape[1])
            values[row.indices] = row.data
            # Each occurrence of a feature carries an equal part of value * weight.
            occurrences = np.bincount(feature_idx, weights=fraction, minlength=self.coef.shape[1])
            share = values[feature_idx] * fraction / np.maximum(occurrences[feature_idx], 1e-12)
            per_occurrence = sp.csr_matrix(
                (share, (unit_idx, np.arange(len(pairs)))), shape=(len(units), len(pairs))
            )
            first = np.asarray(per_occurrence @ self.coef[:, feature_idx].T)
        if self.stage2 is None:
            return units, first, self.intercepts.copy()
        weights, max_weight = self.stage2.weights, self.stage2.max_weight
        shares = first @ weights.T + first[:, [top]] * max_weight
        rest = weights @ self.intercepts + max_weight * self.intercepts[top] + self.stage2.intercept
        return units, shares, rest

    def spans(self, text: str, row, flagged, top: int) -> dict[int, list[Span]]:
        """The words that drove each flagged category's score, as spans of the original text."""
        _, where = _lower_with_map(text)
        units, shares, _ = self.contributions(text, row, top)
        result = {}
        for k in flagged:
            k = int(k)
            per_unit = shares[:, k]
            result[k] = []
            if not len(per_unit) or per_unit.max() <= 0:
                continue
            top = per_unit.max()
            chosen = [u for u in np.argsort(-per_unit)[:6] if per_unit[u] >= 0.3 * top]
            spans = []
            for u in chosen:
                s, e = units[u]
                while s < e and text[where[s]] in _EDGE_PUNCT:
                    s += 1
                while e > s and text[where[e - 1]] in _EDGE_PUNCT:
                    e -= 1
                if e > s:
                    spans.append(Span(where[s], where[e - 1] + 1))
            result[k] = _join_adjacent(text, merge_spans(spans))
        return result


def _lower_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-case text, and for each of its characters the index in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered, list(range(len(text)))
    chars, where = [], []
    for i, ch in enumerate(text):
        for low in ch.lower():
            chars.append(low)
            where.append(i)
    return "".join(chars), where


def _join_adjacent(text: str, spans: list[Span]) -> list[Span]:
    """Words next to each other read as one marked phrase."""
    joined: list[Span] = []
    for span in spans:
        if joined and not text[joined[-1].end : span.start].strip():
            joined[-1] = Span(joined[-1].start, span.end)
        else:
            joined.append(span)
    return joined


class ModelStore:
    """The model in service, reloaded when `models/current` changes; no restart needed."""

    def __init__(self, models_dir: Path, check_every: float = 1.0):
        self.models_dir = Path(models_dir)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._model: LoadedModel | None = None
        self._reason: str | None = "not loaded yet"
        self._stamp: object = None
        self._checked_at = 0.0
        self.refresh(force=True)

    def _pointer_stamp(self):
        try:
            st = (self.models_dir / POINTER).stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino, read_pointer(self.models_dir))

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked_at < self.check_every:
            return
        with self._lock:
            self._checked_at = now
            stamp = self._pointer_stamp()
            if not force and stamp == self._stamp:
                return
            self._stamp = stamp
            version = stamp[3] if stamp else None
            if version is None:
                self._model = None
                self._reason = f"no model: {self.models_dir / POINTER} is missing or empty"
                return
            try:
                self._model = load_version(self.models_dir / version)
                self._reason = None
            except ModelError as exc:
                self._model = None
                self._reason = str(exc)

    @property
    def model(self) -> LoadedModel | None:
        self.refresh()
        return self._model

    @property
    def reason(self) -> str | None:
        return self._reason
