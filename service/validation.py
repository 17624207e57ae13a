"""Turn a JSON object into a Draft, or say exactly which field is wrong. Shared by HTTP and CLI."""

from __future__ import annotations

from datetime import datetime

from service.findings import Draft

MAX_TEXT = 65_536
MAX_ATTACHMENTS = 1_000


class FieldError(ValueError):
    def __init__(self, field: str, message: str, code: str = "invalid_field"):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.code = code


def _count(attachments: dict, key: str) -> int:
    value = attachments.get(key, 0)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(f"attachments.{key}", "must be a whole number of 0 or more")
    return min(value, MAX_ATTACHMENTS)


def draft_from_json(obj: object) -> Draft:
    if not isinstance(obj, dict):
        raise FieldError("body", 'must be a JSON object with a "text" field', "invalid_json")
    text = obj.get("text")
    if text is None:
        raise FieldError("text", "is required and must be a string")
    if not isinstance(text, str):
        raise FieldError("text", f"must be a string, not {_json_type(text)}")
    check_text("text", text)

    site = obj.get("site")
    if site is not None and (not isinstance(site, str) or len(site) > 64):
        raise FieldError("site", 'must be a short string such as "facebook" or "x"')

    client_time = obj.get("client_time")
    moment = None
    if client_time is not None:
        if not isinstance(client_time, str):
            raise FieldError("client_time", f"must be a string, not {_json_type(client_time)}")
        try:
            moment = datetime.fromisoformat(client_time)
        except ValueError:
            raise FieldError(
                "client_time", "must be an ISO 8601 time such as 2026-11-24T10:42:00+00:00"
            ) from None
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise FieldError("client_time", "must include a UTC offset, such as +00:00")

    attachments = obj.get("attachments")
    images = videos = 0
    if attachments is not None:
        if not isinstance(attachments, dict):
            raise FieldError("attachments", 'must be an object such as {"images": 1}')
        images, videos = _count(attachments, "images"), _count(attachments, "videos")
    return Draft(text=text, site=site, client_time=moment, images=images, videos=videos)


def check_text(field: str, text: str) -> None:
    """A draft's text: Unicode that can be stored and sent on, and not too long."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(field, "contains an unpaired surrogate (\\ud800-\\udfff)") from None
    if len(text) > MAX_TEXT:
        raise FieldError(
            field, f"is {len(text):,} characters; the most is {MAX_TEXT:,}", "too_large"
        )


def _json_type(value: object) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        str: "a string",
    }.get(type(value), type(value).__name__)
