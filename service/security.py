"""Who may talk to the service: the extension and local scripts, never a web page."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")


def origin_allowed(origin: str | None) -> bool:
    """No Origin (CLI, scripts) or a browser extension's; web pages and "null" are refused."""
    if origin is None:
        return True
    return origin.lower().startswith(EXTENSION_SCHEMES)


def host_allowed(host_header: str | None, extra: tuple[str, ...]) -> bool:
    """Defends against DNS rebinding: the Host must be loopback or a configured name."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):
        name = host[: host.find("]") + 1] if "]" in host else host
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOCAL_HOSTS or name in extra


def admin_token(data_dir: Path) -> str:
    """The token for administrative calls, made once and readable only by this user."""
    path = Path(data_dir) / "admin_token"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.replace(tmp, path)
    return token


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
