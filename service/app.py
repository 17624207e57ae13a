"""The Flask app factory: settings, the checker, security checks and JSON errors."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from service.checker import build_checker
from service.config import Settings, load_settings
from service.feedback import FeedbackStore
from service.security import host_allowed, origin_allowed

MAX_BODY = 1 << 20  # 1 MiB: room for 65,536 characters of any script, escaped
_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}
log = logging.getLogger("postguard")


def error(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def create_app(settings: Settings | None = None, config: str | Path | None = None) -> Flask:
    settings = settings or load_settings(config)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, JSON_SORT_KEYS=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    checker = build_checker(settings)
    app.extensions["postguard"] = {
        "settings": settings,
        "catalogue": checker.catalogue,
        "checker": checker,
        "models": checker.models,
        "feedback": FeedbackStore(settings.data_dir / "feedback.sqlite3"),
    }
    # The extension's service worker needs no CORS; this serves its pages (options, popup).
    CORS(app, origins=[r"^(chrome|moz|safari-web)-extension://.*$"])

    @app.before_request
    def guard():
        if not host_allowed(request.headers.get("Host"), settings.allowed_hosts):
            return error(
                403, "forbidden_host", "This service answers only on 127.0.0.1 or localhost."
            )
        if not origin_allowed(request.headers.get("Origin")):
            return error(
                403,
                "forbidden_origin",
                "Web pages may not use the PostGuard service; only the extension and local tools.",
            )
        return None

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 413:
            return error(413, "too_large", f"The request body is larger than {MAX_BODY:,} bytes.")
        if exc.code == 405:
            return error(405, "method_not_allowed", f"{request.method} is not allowed here.")
        if exc.code == 404:
            return error(404, "not_found", f"There is nothing at {request.path}.")
        code = _ERROR_CODES.get(exc.code, "error")
        return error(exc.code or 500, code, exc.description or code)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # Logged without the request body: drafts are never logged.
        log.error("internal error on %s %s: %s", request.method, request.path, type(exc).__name__)
        return error(500, "internal", "Something went wrong inside PostGuard.")

    from service.api import bp

    app.register_blueprint(bp)
    return app
