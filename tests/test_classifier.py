"""Training, persistence, the gate and explanations, on a slice of the real training data."""

import json
import shutil
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from service.classifier import train as training
from service.classifier.dataset import load_split
from service.classifier.model import (
    ModelStore,
    load_version,
    model_from_bundle,
    read_pointer,
    sha256_file,
)
from service.errors import InputError

DATA = Path(__file__).resolve().parent.parent / "training_data"


def slice_of_data(target: Path, train_lines=40, test_lines=10) -> Path:
    """The first lines of every real data file: small enough to train in seconds."""
    for split, keep in (("train", train_lines), ("test", test_lines)):
        (target / split).mkdir(parents=True)
        for path in sorted((DATA / split).glob("*.jsonl")):
            lines = path.read_text(encoding="utf-8").splitlines()[:keep]
            (target / split / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def train_args(data, out, force=False):
    return Namespace(data=str(data), out=str(out), force=force)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return slice_of_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory, data):
    """A models folder with one trained, promoted version."""
    models = tmp_path_factory.mktemp("models")
    assert training.train_command(train_args(data, models), settings=None) == 0
    return models


def current(models):
    return load_version(models / read_pointer(models))


def test_train_writes_a_verified_version_and_promotes_it(trained):
    version = read_pointer(trained)
    card = json.loads((trained / version / "card.json").read_text())
    assert card["version"] == version
    assert card["sha256"] == sha256_file(trained / version / "model.joblib")
    for key in ("trained_at", "training_data", "libraries", "thresholds", "test"):
        assert card[key]
    assert set(card["test"]) >= {"per_category", "macro_f1", "benign_false_alarm_rate"}
    assert len(card["test"]["per_category"]) == 14
    assert card["libraries"]["scikit-learn"]
    assert 0 <= card["test"]["macro_f1"] <= 1
    assert not list(trained.glob(".incoming-*")) and not list(trained.glob(".current.*"))


def test_training_is_deterministic(data, trained):
    bundle, _ = training.train(data, show_progress=False)
    texts = [e.text for e in load_split(data, "test")]
    again = model_from_bundle(bundle, "again").scores(texts)
    assert np.array_equal(again, current(trained).scores(texts))


def test_fast_first_stage_equals_the_pipeline(trained):
    model = current(trained)
    texts = ["look at my lot on the trip 😍", "lovely sunset", "", "x"]
    first = model.first_stage(model.features(texts))
    assert np.allclose(first, model.pipeline.decision_function(texts), atol=1e-5)


def test_the_second_stage_uses_every_first_stage_score(trained):
    model = current(trained)
    texts = ["look at my lot on the trip 😍", "lovely sunset"]
    first = model.first_stage(model.features(texts))
    stage2 = model.stage2
    expected = first @ stage2.weights.T + first.max(axis=1)[:, None] * stage2.max_weight
    assert np.allclose(model.logits(model.features(texts)), expected + stage2.intercept)
    assert not np.allclose(model.logits(model.features(texts)), first)


@pytest.mark.parametrize(
    "text",
    [
        "ADD me on snap x, don't tell ur mum we talk on here İstanbul 😂😂",
        "lovely sunset over the allotment",
        "😍",
    ],
)
def test_contributions_are_exact(trained, text):
    model = current(trained)
    features = model.features([text])
    top = int(np.argmax(model.first_stage(features)[0]))
    _, shares, rest = model._explainer.contributions(text, features[0], top)
    logits = model.logits(features)[0]
    assert shares.sum(axis=0) + rest == pytest.approx(logits, abs=1e-9)


def test_findings_mark_words_of_the_draft(trained):
    model = current(trained)
    text = "😍 look at my year 6 lot on the school trip today, best class ever"
    for finding in model.findings([text])[0]:
        for span in finding.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end].strip() == text[span.start : span.end]


def test_a_tampered_model_is_not_loaded(tmp_path, trained):
    models = tmp_path / "models"
    shutil.copytree(trained, models)
    artifact = models / read_pointer(models) / "model.joblib"
    blob = bytearray(artifact.read_bytes())
    blob[-1] ^= 0xFF
    artifact.write_bytes(bytes(blob))
    store = ModelStore(models)
    assert store.model is None
    assert "digest does not match" in store.reason


def test_health_reports_a_tampered_model(tmp_path, trained, settings):
    from dataclasses import replace

    from service.app import create_app

    models = tmp_path / "models"
    shutil.copytree(trained, models)
    card_path = models / read_pointer(models) / "card.json"
    card = json.loads(card_path.read_text())
    card["sha256"] = "0" * 64
    card_path.write_text(json.dumps(card))
    client = create_app(replace(settings, models_dir=models)).test_client()
    body = client.get("/health").get_json()
    assert body["status"] == "degraded" and "digest does not match" in body["reason"]


def test_the_service_takes_a_new_model_without_restart(tmp_path, trained, settings):
    from dataclasses import replace

    from service.app import create_app

    models = tmp_path / "models"
    models.mkdir()
    app = create_app(replace(settings, models_dir=models))
    app.extensions["postguard"]["models"].check_every = 0
    client = app.test_client()
    assert client.get("/health").get_json()["status"] == "degraded"
    version = read_pointer(trained)
    shutil.copytree(trained / version, models / version)
    training.promote(models, version)
    body = client.get("/health").get_json()
    assert body["status"] == "ok" and body["model"]["version"] == version
    check = client.post("/v1/check", json={"text": "hello"}).get_json()
    assert check["model_version"] == version


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "not valid JSON"),
        ('{"labels": []}', 'missing "text"'),
        ('{"text": "hi there", "labels": ["pupil_photos"]}', "unknown label id 'pupil_photos'"),
        ('{"text": "hi there", "labels": ["school_named"]}', "is a rule"),
        ('{"text": "hi there", "labels": "disrepute"}', "must be a list"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_bad_training_data_stops_with_file_and_line(tmp_path, data, trained, line, reason):
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    bad = copy / "train" / "zz_reviewed.jsonl"
    bad.write_text('{"text": "a fine example", "labels": []}\n' + line + "\n", encoding="utf-8")
    models = tmp_path / "models"
    shutil.copytree(trained, models)
    before = sorted(p.name for p in models.rglob("*"))
    with pytest.raises(InputError) as err:
        training.train_command(train_args(copy, models), settings=None)
    assert f"{bad}: line 2:" in str(err.value) and reason in str(err.value)
    assert sorted(p.name for p in models.rglob("*")) == before


def test_duplicate_examples_are_refused(tmp_path, data):
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    first = sorted((copy / "train").glob("*.jsonl"))[0]
    line = first.read_text(encoding="utf-8").splitlines()[0]
    (copy / "reviewed").mkdir()
    (copy / "reviewed" / "extra.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"extra.jsonl: line 1: duplicate example \(same text as"):
        training.train(copy, show_progress=False)


def test_a_test_example_seen_in_training_is_refused(tmp_path, data):
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    first = sorted((copy / "train").glob("*.jsonl"))[0]
    line = first.read_text(encoding="utf-8").splitlines()[0]
    with open(copy / "test" / "leak.jsonl", "w", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(InputError, match="leak.jsonl: line 1: duplicate"):
        training.train(copy, show_progress=False)


def test_gate_figures():
    old = {"macro_f1": 0.80, "benign_false_alarm_rate": 0.02}
    assert training.gate({"macro_f1": 0.795, "benign_false_alarm_rate": 0.025}, old) == []
    assert training.gate(old, None) == []
    worse_f1 = training.gate({"macro_f1": 0.78, "benign_false_alarm_rate": 0.02}, old)
    assert len(worse_f1) == 1 and "macro-F1" in worse_f1[0]
    noisier = training.gate({"macro_f1": 0.81, "benign_false_alarm_rate": 0.04}, old)
    assert len(noisier) == 1 and "false-alarm" in noisier[0]


def test_a_worse_model_is_not_promoted_unless_forced(tmp_path, data, trained, capsys):
    models = tmp_path / "models"
    shutil.copytree(trained, models)
    kept = read_pointer(models)
    # The same drafts with their labels rotated across files: a model that learnt the wrong things.
    worse = tmp_path / "worse"
    shutil.copytree(data, worse)
    paths = sorted((worse / "train").glob("*.jsonl"))
    rows = [
        (path, json.loads(line))
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    labels = [row["labels"] for _, row in rows]
    rotated = labels[len(labels) // 2 :] + labels[: len(labels) // 2]
    for path in paths:
        path.write_text(
            "".join(
                json.dumps({**row, "labels": label}) + "\n"
                for (where, row), label in zip(rows, rotated, strict=True)
                if where == path
            ),
            encoding="utf-8",
        )
    assert training.train_command(train_args(worse, models), settings=None) == 1
    out = capsys.readouterr().out
    assert "not promoted" in out and "current" in out and "new" in out
    assert read_pointer(models) == kept
    assert training.train_command(train_args(worse, models, force=True), settings=None) == 0
    assert read_pointer(models) != kept


def test_categories_about_the_school_imply_school_matters():
    from service.catalogue import CLASSIFIER_IDS, IMPLIES
    from service.classifier.model import decide, implication_matrix

    categories = list(CLASSIFIER_IDS)
    k = categories.index
    proba = np.zeros((2, len(categories)))
    proba[0, k("pupil_images")] = 0.9  # over its threshold; school_matters is not
    proba[1, k("harassment")] = 0.9  # harassment need not be about the school
    flagged = decide(proba, np.full(len(categories), 0.5), implication_matrix(categories, IMPLIES))
    assert flagged[0, k("school_matters")] and flagged[0, k("pupil_images")]
    assert flagged[1, k("harassment")] and not flagged[1, k("school_matters")]


def _evaluate(trained, path, tmp_path, as_json=False, html=None):
    from service.classifier.evaluate import evaluate_command

    settings = Namespace(models_dir=trained)
    args = Namespace(input=str(path), json=as_json, html=html, model=None)
    return evaluate_command(args, settings)


def _labelled(tmp_path, rows) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "".join(json.dumps({"text": t, "labels": labels}) + "\n" for t, labels in rows),
        encoding="utf-8",
    )
    return path


def test_evaluate_reports_figures_and_the_drafts_it_got_wrong(trained, tmp_path, capsys):
    rows = [
        ("Lovely walk along the canal with the dog this morning", []),
        ("Roast chicken and Yorkshires tonight", []),
        ("Nobody needs to know about my lot's trip photos", ["pupil_images", "school_matters"]),
    ]
    assert _evaluate(trained, _labelled(tmp_path, rows), tmp_path, as_json=True) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["drafts"] == 3 and figures["benign_drafts"] == 2
    model = current(trained)
    predicted = model.decide(model.scores([t for t, _ in rows]))
    expected_wrong = sum(
        {c for c, f in zip(model.categories, flags, strict=True) if f} != set(labels)
        for (_, labels), flags in zip(rows, predicted, strict=True)
    )
    assert len(figures["wrong"]) == expected_wrong
    assert figures["per_category"]["pupil_images"]["support"] == 1


def test_macro_f1_of_a_one_category_file_counts_only_what_occurs(tmp_path, capsys):
    from service.catalogue import CLASSIFIER_IDS
    from service.classifier.metrics import scores

    y_true = np.zeros((4, 14), dtype=int)
    y_true[:2, CLASSIFIER_IDS.index("disrepute")] = 1
    y_pred = y_true.copy()
    y_pred[1, CLASSIFIER_IDS.index("disrepute")] = 0  # one missed: F1 2/3
    figures = scores(y_true, y_pred, CLASSIFIER_IDS)
    assert figures["macro_f1_categories"] == 1
    assert figures["macro_f1"] == pytest.approx(2 / 3, abs=1e-4)
    y_pred[2, CLASSIFIER_IDS.index("harassment")] = 1  # a false alarm counts
    figures = scores(y_true, y_pred, CLASSIFIER_IDS)
    assert figures["macro_f1_categories"] == 2
    assert figures["macro_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert figures["benign_false_alarm_rate"] == 0.5
    assert scores(np.zeros((2, 14)), np.zeros((2, 14)), CLASSIFIER_IDS)["macro_f1"] is None


def test_evaluate_writes_an_html_report(trained, tmp_path, capsys):
    from service.classifier.dataset import read_examples
    from service.classifier.evaluate import evaluate

    rows = [("Lovely walk along the canal", []), ("year 6 were feral today", ["school_matters"])]
    path = _labelled(tmp_path, rows)
    report = tmp_path / "report.html"
    assert _evaluate(trained, path, tmp_path, html=str(report)) == 0
    figures = evaluate(current(trained), read_examples(path))
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    for category, m in figures["per_category"].items():
        charted = f'aria-label="{category} precision' in page
        assert charted == bool(m["support"] or m["predicted"]), category
    assert f"over {figures['macro_f1_categories']} categories" in capsys.readouterr().out


def test_evaluate_names_the_line_of_a_bad_input(trained, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "labels": []}\n{"labels": ["disrepute"]}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2: missing \"text\""):
        _evaluate(trained, path, tmp_path)


def test_evaluate_takes_a_folder_of_labelled_files(trained, tmp_path, capsys):
    folder = tmp_path / "labelled"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"text": "Lovely walk by the canal", "labels": []}\n')
    (folder / "b.jsonl").write_text(
        '{"text": "y6 were feral today", "labels": ["school_matters"]}\n'
    )
    (folder / "notes.txt").write_text("not data")
    assert _evaluate(trained, folder, tmp_path, as_json=True) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["drafts"] == 2 and figures["benign_drafts"] == 1
    (folder / "c.jsonl").write_text('{"text": "Y6 were feral today!", "labels": []}\n')
    with pytest.raises(InputError, match=r"c\.jsonl: line 1: duplicate example"):
        _evaluate(trained, folder, tmp_path)
