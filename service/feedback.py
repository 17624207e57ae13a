"""Feedback from staff: verdicts always, a draft's text only when they chose to share it."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from service.catalogue import ALL_IDS
from service.validation import FieldError, check_text

VERDICTS = ("false_alarm", "missed", "helpful")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    verdict TEXT NOT NULL,
    categories TEXT NOT NULL,
    site TEXT,
    text TEXT,
    labels TEXT
)
"""


@dataclass(frozen=True)
class Feedback:
    verdict: str
    categories: tuple[str, ...]
    share_text: bool
    text: str | None
    labels: tuple[str, ...] | None
    site: str | None


def _ids(obj: dict, field: str) -> tuple[str, ...] | None:
    value = obj.get(field)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(field, "must be a list of category ids")
    unknown = [v for v in value if v not in ALL_IDS]
    if unknown:
        raise FieldError(field, f"unknown category id(s): {', '.join(unknown[:5])}")
    return tuple(value)


def feedback_from_json(obj: object) -> Feedback:
    if not isinstance(obj, dict):
        raise FieldError("body", "must be a JSON object", "invalid_json")
    verdict = obj.get("verdict")
    if verdict not in VERDICTS:
        raise FieldError("verdict", f"must be one of {', '.join(VERDICTS)}")
    share = obj.get("share_text", False)
    if not isinstance(share, bool):
        raise FieldError("share_text", "must be true or false")
    text = obj.get("text")
    if share:
        if not isinstance(text, str) or not text.strip():
            raise FieldError("text", "is required when share_text is true")
        check_text("text", text)
    site = obj.get("site")
    if site is not None and (not isinstance(site, str) or len(site) > 64):
        raise FieldError("site", "must be a short string")
    return Feedback(
        verdict=verdict,
        categories=_ids(obj, "categories") or (),
        share_text=share,
        text=text if share else None,  # never kept unless the person chose to share it
        labels=_ids(obj, "labels"),
        site=site,
    )


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute(_SCHEMA)
        return db

    def add(self, item: Feedback) -> str:
        ident = uuid.uuid4().hex
        with self._connect() as db:
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    ident,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    item.verdict,
                    json.dumps(list(item.categories)),
                    item.site,
                    item.text,
                    json.dumps(list(item.labels)) if item.labels is not None else None,
                ),
            )
        return ident

    def shared(self) -> list[dict]:
        """Feedback whose text was shared for review, oldest first."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, verdict, categories, site, text, labels FROM feedback "
                "WHERE text IS NOT NULL ORDER BY created_at, id"
            ).fetchall()
        return [
            {
                "id": r[0],
                "created_at": r[1],
                "verdict": r[2],
                "categories": json.loads(r[3]),
                "site": r[4],
                "text": r[5],
                "labels": json.loads(r[6]) if r[6] else None,
            }
            for r in rows
        ]
