"""postguard serve | check | train | evaluate | review | token (see API.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.errors import ConfigError, InputError
from service.jsonl import read_jsonl, write_atomically

BATCH = 512


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    config_help = "configuration file (TOML); default $POSTGUARD_CONFIG or ./postguard.toml"
    common.add_argument("--config", default=argparse.SUPPRESS, help=config_help)
    parser = argparse.ArgumentParser(
        prog="postguard",
        description="Warns school staff that a social media draft may breach the school's policy.",
    )
    parser.add_argument("--config", help=config_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", parents=[common], help="run the service")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8765)")

    check = sub.add_parser("check", parents=[common], help="check one draft, or a JSONL file")
    check.add_argument("text", nargs="?", help="the draft to check")
    check.add_argument("--input", help='JSONL file of drafts: one {"text": ...} per line')
    check.add_argument("--output", help="where to write results (default: standard output)")
    check.add_argument("--site", help="facebook, x, ...")

    train = sub.add_parser("train", parents=[common], help="train, evaluate and promote a model")
    train.add_argument("--data", help="training data folder (default training_data/)")
    train.add_argument("--out", help="models folder (default models/)")
    train.add_argument("--force", action="store_true", help="promote even if it is worse")

    evaluate = sub.add_parser("evaluate", parents=[common], help="score a labelled JSONL file")
    evaluate.add_argument(
        "--input", required=True, help="labelled JSONL (text, labels), or a folder of them"
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--html", help="also write an HTML report with a chart per category")
    evaluate.add_argument("--model", help="a model version folder (default: models/current)")

    review = sub.add_parser("review", parents=[common], help="export drafts shared for review")
    review.add_argument("--out", help="JSONL to write (default: standard output)")

    sub.add_parser("token", parents=[common], help="print the admin token for this machine")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from service.config import load_settings

        settings = load_settings(args.config)
        return COMMANDS[args.command](args, settings)
    except (ConfigError, InputError) as exc:
        print(f"postguard: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _serve(args, settings) -> int:
    import waitress

    from service.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    app = create_app(settings)
    models = app.extensions["postguard"]["models"]
    model = models.model
    state = f"model {model.version}" if model else f"rules only ({models.reason})"
    print(f"PostGuard is running at http://{host}:{port} with {state}. Ctrl+C stops it.")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}, not only on this computer", file=sys.stderr)
    waitress.serve(app, host=host, port=port, threads=4, ident="PostGuard", _quiet=True)
    return 0


def _check(args, settings) -> int:
    from service.validation import FieldError, draft_from_json

    if args.input:
        return _check_batch(args, settings)
    if args.text is None:
        raise InputError("check needs the draft's text, or --input FILE.jsonl")
    try:
        draft = draft_from_json({"text": args.text, "site": args.site})
    except FieldError as exc:
        raise InputError(str(exc)) from None
    from service.checker import build_checker

    result = build_checker(settings).check(draft)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _check_batch(args, settings) -> int:
    from service.validation import FieldError, draft_from_json

    path = Path(args.input)
    items, drafts = [], []
    for number, obj in read_jsonl(path):
        try:
            drafts.append(draft_from_json(obj))
        except FieldError as exc:
            raise InputError(f"{path}: line {number}: {exc}") from None
        items.append(obj)
    from service.checker import build_checker

    checker = build_checker(settings)
    results = []
    for start in range(0, len(drafts), BATCH):
        results += checker.check_many(drafts[start : start + BATCH])
    lines = (
        json.dumps({**item, "result": result}, ensure_ascii=False) + "\n"
        for item, result in zip(items, results, strict=True)
    )
    if args.output:
        write_atomically(Path(args.output), lines)
    else:
        sys.stdout.writelines(lines)
    return 0


def _train(args, settings) -> int:
    from service.classifier.train import train_command

    return train_command(args, settings)


def _evaluate(args, settings) -> int:
    from service.classifier.evaluate import evaluate_command

    return evaluate_command(args, settings)


def _review(args, settings) -> int:
    from service.feedback import FeedbackStore

    items = FeedbackStore(settings.data_dir / "feedback.sqlite3").shared()
    lines = []
    for item in items:
        labels = item["labels"]
        if labels is None:
            # Without labels from the person, a false alarm is benign; anything else needs a look.
            labels = [] if item["verdict"] == "false_alarm" else item["categories"]
        record = {
            "text": item["text"],
            "labels": labels,
            "site": item["site"] or "facebook",
            "kind": "post",
            "note": f"shared feedback {item['id']} ({item['verdict']}); review before training",
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    if args.out:
        write_atomically(Path(args.out), lines)
        print(f"{len(lines)} shared draft(s) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.writelines(lines)
    return 0


def _token(args, settings) -> int:
    from service.security import admin_token

    print(admin_token(settings.data_dir))
    return 0


COMMANDS = {
    "serve": _serve,
    "check": _check,
    "train": _train,
    "evaluate": _evaluate,
    "review": _review,
    "token": _token,
}
