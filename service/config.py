"""Settings from a TOML file; every wrong key, type or path is refused with a message naming it."""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_CONFIG_NAME = "postguard.toml"

_SCHEMA = {
    "school": {"name": str, "aliases": list},
    "roster": {"pupils": str},
    "timetable": {
        "timezone": str,
        "school_days": list,
        "start": str,
        "end": str,
        "breaks": list,
    },
    "service": {"host": str, "port": int, "allowed_hosts": list, "data_dir": str},
    "policy": {"catalogue": str},
    "model": {"dir": str},
}


@dataclass(frozen=True)
class Timetable:
    timezone: str
    school_days: tuple[int, ...]  # Monday is 0
    start: time
    end: time
    breaks: tuple[tuple[time, time], ...]


@dataclass(frozen=True)
class Settings:
    source: Path | None = None
    school_name: str | None = None
    school_aliases: tuple[str, ...] = ()
    roster_path: Path | None = None
    timetable: Timetable | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    allowed_hosts: tuple[str, ...] = ()
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    models_dir: Path = REPO_ROOT / "models"
    catalogue_path: Path | None = None


def default_data_dir() -> Path:
    """Where feedback and the admin token live: the user's own application data folder."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "PostGuard"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "postguard"


def config_path(explicit: str | os.PathLike | None) -> Path | None:
    """The --config flag, else POSTGUARD_CONFIG, else ./postguard.toml if it exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get("POSTGUARD_CONFIG"):
        return Path(os.environ["POSTGUARD_CONFIG"])
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    path = config_path(path)
    if path is None:
        return Settings()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration file: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return _settings(path, data)


def _check_types(path: Path, data: dict) -> None:
    for section, value in data.items():
        if section not in _SCHEMA:
            raise ConfigError(f"{path}: unknown section [{section}] (known: {', '.join(_SCHEMA)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {section} must be a [{section}] table")
        for key, item in value.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                known = ", ".join(_SCHEMA[section])
                raise ConfigError(f"{path}: unknown key {section}.{key} (known: {known})")
            if not isinstance(item, expected) or isinstance(item, bool):
                raise ConfigError(
                    f"{path}: {section}.{key} must be a {_TYPE_WORDS[expected]}, "
                    f"not {type(item).__name__}"
                )


_TYPE_WORDS = {str: "string", int: "whole number", list: "list"}


def _string_list(path: Path, key: str, value: list) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: {key} must be a list of non-empty strings")
    return tuple(value)


def _clock(path: Path, key: str, value: object) -> time:
    try:
        if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
            raise ValueError
        return time(int(value[:2]), int(value[3:]))
    except ValueError:
        raise ConfigError(f'{path}: {key} must be a time like "08:30", not {value!r}') from None


def _relative(path: Path, value: str) -> Path:
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else (path.parent / candidate).resolve()


def _existing_file(path: Path, key: str, value: str) -> Path:
    resolved = _relative(path, value)
    if not resolved.is_file():
        raise ConfigError(f"{path}: {key}: file not found: {resolved}")
    return resolved


def _timetable(path: Path, table: dict) -> Timetable:
    zone = table.get("timezone", "Europe/London")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: timetable.timezone: unknown time zone {zone!r}") from None
    days = table.get("school_days", list(DAY_NAMES[:5]))
    bad_days = [d for d in days if not isinstance(d, str) or d.lower() not in DAY_NAMES]
    if bad_days or not days:
        raise ConfigError(
            f"{path}: timetable.school_days must list days from {', '.join(DAY_NAMES)}"
        )
    start = _clock(path, "timetable.start", table.get("start", "08:30"))
    end = _clock(path, "timetable.end", table.get("end", "15:30"))
    if end <= start:
        raise ConfigError(f"{path}: timetable.end must be later than timetable.start")
    breaks = []
    for n, pair in enumerate(table.get("breaks", [])):
        key = f"timetable.breaks[{n}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise ConfigError(f'{path}: {key} must be a pair like ["10:30", "10:45"]')
        b_start, b_end = _clock(path, key, pair[0]), _clock(path, key, pair[1])
        if b_end <= b_start:
            raise ConfigError(f"{path}: {key} ends before it starts")
        breaks.append((b_start, b_end))
    return Timetable(
        timezone=zone,
        school_days=tuple(sorted({DAY_NAMES.index(d.lower()) for d in days})),
        start=start,
        end=end,
        breaks=tuple(breaks),
    )


def _settings(path: Path, data: dict) -> Settings:
    _check_types(path, data)
    values: dict = {"source": path}

    school = data.get("school", {})
    if "name" in school:
        if not school["name"].strip():
            raise ConfigError(f"{path}: school.name must not be empty")
        values["school_name"] = school["name"]
    if "aliases" in school:
        values["school_aliases"] = _string_list(path, "school.aliases", school["aliases"])

    if "roster" in data:
        if "pupils" not in data["roster"]:
            raise ConfigError(f"{path}: roster.pupils is required in [roster]")
        values["roster_path"] = _existing_file(path, "roster.pupils", data["roster"]["pupils"])

    if "timetable" in data:
        values["timetable"] = _timetable(path, data["timetable"])

    service = data.get("service", {})
    if "host" in service:
        values["host"] = service["host"]
    if "port" in service:
        if not 1 <= service["port"] <= 65535:
            raise ConfigError(f"{path}: service.port must be between 1 and 65535")
        values["port"] = service["port"]
    if "allowed_hosts" in service:
        hosts = _string_list(path, "service.allowed_hosts", service["allowed_hosts"])
        values["allowed_hosts"] = tuple(h.lower() for h in hosts)
    if "data_dir" in service:
        values["data_dir"] = _relative(path, service["data_dir"])

    if "catalogue" in data.get("policy", {}):
        values["catalogue_path"] = _existing_file(
            path, "policy.catalogue", data["policy"]["catalogue"]
        )
    if "dir" in data.get("model", {}):
        values["models_dir"] = _relative(path, data["model"]["dir"])
    return Settings(**values)
