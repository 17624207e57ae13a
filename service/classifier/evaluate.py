"""postguard evaluate: score a labelled file with the model in service (or a named version)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from service.catalogue import CLASSIFIER_IDS
from service.classifier.dataset import (
    label_matrix,
    read_examples,
    read_folder,
    refuse_duplicates,
)
from service.classifier.metrics import scores
from service.classifier.model import ModelError, load_version, read_pointer
from service.errors import InputError
from service.jsonl import write_atomically


def load_model(models_dir: Path, version_dir: str | None):
    if version_dir:
        path = Path(version_dir)
    else:
        version = read_pointer(models_dir)
        if version is None:
            raise InputError(f"{models_dir}: no model in service (models/current is missing)")
        path = models_dir / version
    try:
        return load_version(path)
    except ModelError as exc:
        raise InputError(str(exc)) from None


def evaluate(model, examples) -> dict:
    predicted = model.decide(model.scores([e.text for e in examples]))
    figures = scores(label_matrix(examples), predicted, CLASSIFIER_IDS)
    wrong = []
    for row, example in enumerate(examples):
        got = tuple(c for c, flag in zip(CLASSIFIER_IDS, predicted[row], strict=True) if flag)
        if set(got) != set(example.labels):
            wrong.append(
                {
                    "where": example.where,
                    "text": example.text,
                    "expected": list(example.labels),
                    "got": list(got),
                }
            )
    figures["model_version"] = model.version
    figures["wrong"] = wrong
    return figures


def _macro(figures: dict) -> str:
    if figures["macro_f1"] is None:
        return "- (no category is labelled or predicted in this file)"
    return f"{figures['macro_f1']:.3f} over {figures['macro_f1_categories']} categories"


def report_text(figures: dict) -> str:
    lines = [
        f"model {figures['model_version']} on {figures['drafts']} drafts "
        f"({figures['benign_drafts']} benign)",
        "",
        f"{'category':24} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for category, m in figures["per_category"].items():
        if not (m["support"] or m["predicted"]):
            lines.append(f"{category:24} {'-':>9} {'-':>7} {'-':>6} {0:8d}")
            continue
        lines.append(
            f"{category:24} {m['precision']:9.3f} {m['recall']:7.3f} {m['f1']:6.3f} "
            f"{m['support']:8d}"
        )
    lines += [
        "",
        f"macro-F1                 {_macro(figures)}",
        f"benign false-alarm rate  {figures['benign_false_alarm_rate']:.3f}"
        if figures["benign_drafts"]
        else "benign false-alarm rate  - (no benign drafts in this file)",
        "",
        f"{len(figures['wrong'])} drafts got wrong:",
    ]
    for w in figures["wrong"]:
        lines.append(
            f"  {w['where']}: expected {w['expected'] or 'benign'}, "
            f"got {w['got'] or 'benign'}: {w['text'][:100]}"
        )
    return "\n".join(lines)


def report_html(figures: dict) -> str:
    """A self-contained page: one bar chart per category, then the drafts it got wrong."""
    colours = {"precision": "#3b6ea5", "recall": "#e08a2b", "f1": "#3a9b5c"}
    charts = []
    for category, m in figures["per_category"].items():
        if not (m["support"] or m["predicted"]):
            continue  # nothing of this category in the file, and nothing predicted
        bars = []
        for i, key in enumerate(("precision", "recall", "f1")):
            width = round(m[key] * 220)
            y = 8 + i * 22
            bars.append(
                f'<text x="0" y="{y + 13}" font-size="12">{key}</text>'
                f'<rect x="70" y="{y}" width="{width}" height="16" fill="{colours[key]}"/>'
                f'<text x="{76 + width}" y="{y + 13}" font-size="12">{m[key]:.2f}</text>'
            )
        charts.append(
            f"<figure><figcaption>{html.escape(category)} (support {m['support']})"
            f'</figcaption><svg width="330" height="76" role="img" '
            f'aria-label="{html.escape(category)} precision {m["precision"]:.2f}, '
            f'recall {m["recall"]:.2f}, F1 {m["f1"]:.2f}">{"".join(bars)}</svg></figure>'
        )
    wrong = "".join(
        f"<tr><td>{html.escape(w['text'])}</td>"
        f"<td>{html.escape(', '.join(w['expected']) or 'benign')}</td>"
        f"<td>{html.escape(', '.join(w['got']) or 'benign')}</td></tr>"
        for w in figures["wrong"]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PostGuard evaluation</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}
.charts{{display:flex;flex-wrap:wrap;gap:1rem}}
figure{{margin:0;border:1px solid #ddd;padding:.5rem}}
td,th{{border-bottom:1px solid #eee;padding:.3rem;text-align:left;vertical-align:top}}</style>
</head><body><h1>PostGuard evaluation</h1>
<p>Model {html.escape(figures["model_version"])}, {figures["drafts"]} drafts
({figures["benign_drafts"]} benign). Macro-F1 <b>{_macro(figures)}</b>; benign false-alarm
rate <b>{figures["benign_false_alarm_rate"]:.3f}</b>.</p>
<div class="charts">{"".join(charts)}</div>
<h2>Drafts it got wrong ({len(figures["wrong"])})</h2>
<table><tr><th>draft</th><th>expected</th><th>got</th></tr>{wrong}</table>
</body></html>
"""


def read_labelled(path: Path) -> list:
    """A labelled JSONL file, or every *.jsonl in a folder; one text counted once."""
    examples = read_folder(path) if path.is_dir() else read_examples(path)
    refuse_duplicates(examples)
    if not examples:
        raise InputError(f"{path}: no examples")
    return examples


def evaluate_command(args, settings) -> int:
    examples = read_labelled(Path(args.input))
    figures = evaluate(load_model(settings.models_dir, args.model), examples)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(report_text(figures))
    if args.html:
        write_atomically(Path(args.html), [report_html(figures)])
    return 0
