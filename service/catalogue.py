"""The policy catalogue: every category's clause, severity and words, read from a TOML data file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from service.errors import ConfigError
from service.findings import SEVERITY_RANK

CLASSIFIER_IDS = (
    "pupil_contact",
    "pupil_images",
    "staff_images",
    "confidential_info",
    "school_matters",
    "abusive_comments",
    "harassment",
    "discrimination",
    "defamation",
    "representing_school",
    "public_grievance",
    "disrepute",
    "illegal_content",
    "policy_circumvention",
)
# TAXONOMY.md: school_matters goes on every draft that discusses the author's school, its staff,
# pupils or parents. These categories are always about exactly that, so they imply it.
IMPLIES = {
    "pupil_images": ("school_matters",),
    "staff_images": ("school_matters",),
    "confidential_info": ("school_matters",),
    "abusive_comments": ("school_matters",),
    "public_grievance": ("school_matters",),
}
RULE_IDS = ("personal_data", "named_pupil", "school_named", "working_hours", "image_attached")
ALL_IDS = CLASSIFIER_IDS + RULE_IDS

_TEXT_FIELDS = ("clause", "title", "message", "guidance")


@dataclass(frozen=True)
class Category:
    id: str
    kind: str  # "classifier" | "rule"
    clause: str
    severity: str
    title: str
    message: str
    guidance: str
    related: tuple[str, ...] = ()
    raises: tuple[str, ...] = ()

    def public(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "clause": self.clause,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "guidance": self.guidance,
        }


@dataclass(frozen=True)
class Catalogue:
    title: str
    source: str
    version: str
    question: str
    categories: dict[str, Category]

    def __getitem__(self, category_id: str) -> Category:
        return self.categories[category_id]

    def public(self) -> dict:
        return {
            "policy": {
                "title": self.title,
                "source": self.source,
                "version": self.version,
                "question": self.question,
            },
            "categories": [self.categories[i].public() for i in ALL_IDS],
        }


def default_catalogue_path() -> Path:
    return Path(str(resources.files("service") / "data" / "policy.toml"))


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue file; every taxonomy id exactly once, nothing else."""
    path = Path(path) if path else default_catalogue_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: policy catalogue file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None

    policy = data.get("policy")
    if not isinstance(policy, dict):
        raise ConfigError(f"{path}: missing [policy] table (title, source, version)")
    for key in ("title", "source", "version"):
        if not isinstance(policy.get(key), str) or not policy[key].strip():
            raise ConfigError(f"{path}: policy.{key} must be a non-empty string")
    categories_data = data.get("categories")
    if not isinstance(categories_data, dict):
        raise ConfigError(f"{path}: missing [categories.<id>] tables")

    unknown = sorted(set(categories_data) - set(ALL_IDS))
    if unknown:
        raise ConfigError(f"{path}: unknown category id(s): {', '.join(unknown)}")
    missing = [i for i in ALL_IDS if i not in categories_data]
    if missing:
        raise ConfigError(f"{path}: missing category id(s): {', '.join(missing)}")

    categories = {}
    for cid in ALL_IDS:
        categories[cid] = _category(path, cid, categories_data[cid])
    return Catalogue(
        title=policy["title"],
        source=policy["source"],
        version=policy["version"],
        question=policy.get("question", ""),
        categories=categories,
    )


def _category(path: Path, cid: str, entry: object) -> Category:
    where = f"{path}: categories.{cid}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    expected_kind = "classifier" if cid in CLASSIFIER_IDS else "rule"
    if entry.get("kind") != expected_kind:
        raise ConfigError(f"{where}.kind must be {expected_kind!r}")
    if entry.get("severity") not in ("low", "medium", "high"):
        raise ConfigError(f"{where}.severity must be one of low, medium, high")
    for key in _TEXT_FIELDS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(f"{where}.{key} must be a non-empty string")
    lists = {}
    for key in ("related", "raises"):
        value = entry.get(key, [])
        if not isinstance(value, list) or any(v not in CLASSIFIER_IDS for v in value):
            raise ConfigError(f"{where}.{key} must be a list of classifier category ids")
        lists[key] = tuple(value)
    allowed = {"kind", "severity", *_TEXT_FIELDS, "related", "raises"}
    extra = sorted(set(entry) - allowed)
    if extra:
        raise ConfigError(f"{where}: unknown key(s): {', '.join(extra)}")
    return Category(
        id=cid,
        kind=entry["kind"],
        clause=entry["clause"],
        severity=entry["severity"],
        title=entry["title"],
        message=entry["message"],
        guidance=entry["guidance"],
        **lists,
    )


def max_severity(severities) -> str:
    return max(severities, key=SEVERITY_RANK.__getitem__, default="none")
