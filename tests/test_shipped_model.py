"""The model committed in models/: it verifies, loads, and its card speaks of today's data."""

import json
from pathlib import Path

import pytest

from service.classifier.dataset import digest, load_split
from service.classifier.model import ModelStore, read_pointer

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"


@pytest.fixture(scope="module")
def store():
    return ModelStore(MODELS)


def test_the_shipped_model_verifies_and_loads(store):
    assert store.model is not None, store.reason
    card = json.loads((MODELS / read_pointer(MODELS) / "card.json").read_text())
    assert store.model.sha256 == card["sha256"]


def test_the_card_was_measured_on_the_current_test_split(store):
    card = json.loads((MODELS / read_pointer(MODELS) / "card.json").read_text())
    assert card["test_data"]["sha256"] == digest(load_split(ROOT / "training_data", "test"))
    assert card["training_data"]["sha256"] == digest(load_split(ROOT / "training_data", "train"))


def test_held_out_drafts_are_not_in_training():
    from service.classifier.dataset import read_folder, refuse_duplicates

    data = ROOT / "training_data"
    trained_on = load_split(data, "train")
    for folder in ("test", "fresh"):
        held_out = read_folder(data / folder)
        assert held_out, folder
        refuse_duplicates(held_out, trained_on)  # raises, naming file and line, on a repeat


@pytest.mark.parametrize(
    "text, category",
    [
        ("look at my year 6 lot on the trip today 😍", "pupil_images"),
        ("add me on snap, don't tell your mum we talk on here x", "pupil_contact"),
    ],
)
def test_drafts_the_extension_tests_rely_on_are_high_risk(store, text, category):
    found = {f.category for f in store.model.findings([text])[0]}
    assert category in found


@pytest.mark.parametrize(
    "text",
    [
        "Off to the shops",
        "Lovely sunny morning for a walk by the river",
        "Call 07700 900123 and ask for Jayden Smith at St Matthew's",
        "😍😍 #trip Call 07700 900123 and ask for Jayden Smith at St Matthew's",
    ],
)
def test_drafts_the_extension_tests_rely_on_raise_no_classifier_finding(store, text):
    assert store.model.findings([text])[0] == []
