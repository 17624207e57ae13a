"""Routes only: parse and validate, call the checker, return JSON (see API.md)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request

from service import __version__
from service.app import error
from service.feedback import feedback_from_json
from service.security import admin_token, token_matches
from service.validation import FieldError, draft_from_json

bp = Blueprint("api", __name__)


def _ctx() -> dict:
    return current_app.extensions["postguard"]


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def _json_body():
    """The body as JSON, or an error response naming what is wrong with it."""
    if request.mimetype != "application/json":
        return None, error(
            415,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        )
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, error(400, "invalid_json", f"The body is not valid UTF-8 (byte {exc.start}).")
    try:
        return json.loads(text, parse_constant=_reject_constant), None
    except ValueError as exc:
        return None, error(400, "invalid_json", f"The body is not valid JSON: {exc}.")
    except RecursionError:
        return None, error(400, "invalid_json", "The body's JSON is nested too deeply.")


def _field_error(exc: FieldError):
    status = 413 if exc.code == "too_large" else 400
    return error(status, exc.code, str(exc))


@bp.get("/health")
def health():
    models = _ctx()["models"]
    model = models.model
    body = {
        "status": "ok" if model else "degraded",
        "version": __version__,
        "model": model.info() if model else None,
    }
    if not model:
        body["reason"] = models.reason
    return jsonify(body)


@bp.get("/v1/policy")
def policy():
    return jsonify(_ctx()["catalogue"].public())


def _validated(parse):
    """The body as `parse` reads it, or the error response that says what is wrong with it."""
    body, failure = _json_body()
    if failure:
        return None, failure
    try:
        return parse(body), None
    except FieldError as exc:
        return None, _field_error(exc)


@bp.post("/v1/check")
def check():
    draft, failure = _validated(draft_from_json)
    return failure or jsonify(_ctx()["checker"].check(draft))


@bp.post("/v1/feedback")
def feedback():
    item, failure = _validated(feedback_from_json)
    return failure or (jsonify({"id": _ctx()["feedback"].add(item)}), 201)


def _admin_refused():
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token_matches(given, admin_token(_ctx()["settings"].data_dir)):
        return None
    return error(
        403,
        "admin_token_required",
        "This needs the admin token: send it as 'Authorization: Bearer <token>' "
        "(see `postguard token`).",
    )


@bp.post("/v1/admin/reload")
def reload_model():
    refused = _admin_refused()
    if refused:
        return refused
    models = _ctx()["models"]
    models.refresh(force=True)
    model = models.model
    return jsonify({"model": model.info() if model else None, "reason": models.reason})


@bp.get("/v1/admin/feedback")
def shared_feedback():
    refused = _admin_refused()
    if refused:
        return refused
    return jsonify({"feedback": _ctx()["feedback"].shared()})
