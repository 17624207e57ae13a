import json

import pytest

JAYDEN = "Call 07700 900123 and ask for Jayden Smith at St Matthew's"


def test_done_when_example_has_three_rule_findings_with_exact_spans(client):
    body = client.post("/v1/check", json={"text": JAYDEN}).get_json()
    by_category = {f["category"]: f for f in body["findings"]}
    assert set(by_category) >= {"personal_data", "named_pupil", "school_named"}

    def words(category):
        return [JAYDEN[s["start"] : s["end"]] for s in by_category[category]["spans"]]

    assert words("personal_data") == ["07700 900123"]
    assert words("named_pupil") == ["Jayden Smith"]
    assert words("school_named") == ["St Matthew's"]
    for finding in body["findings"]:
        assert finding["source"] == "rule" and finding["score"] == 1.0
        assert finding["clause"] and finding["title"] and finding["message"]
        assert finding["guidance"]
    assert body["risk"] == "low"
    assert body["model_version"] is None
    assert body["took_ms"] >= 0


def test_benign_draft_has_no_findings(client):
    body = client.post("/v1/check", json={"text": "Lovely sunset over the lake tonight"}).get_json()
    assert body["risk"] == "none" and body["findings"] == []


def test_spans_are_code_point_offsets_after_emoji(client):
    text = "😀🎉 ring 07911 123456"
    body = client.post("/v1/check", json={"text": text}).get_json()
    span = body["findings"][0]["spans"][0]
    assert text[span["start"] : span["end"]] == "07911 123456"


def test_working_hours_and_attachments(client):
    body = client.post(
        "/v1/check",
        json={
            "text": "nice day",
            "client_time": "2026-11-24T11:15:00+00:00",
            "attachments": {"images": 2, "videos": 0},
        },
    ).get_json()
    assert {f["category"] for f in body["findings"]} == {"working_hours", "image_attached"}


def test_health_is_degraded_without_a_model(client):
    body = client.get("/health").get_json()
    assert body["status"] == "degraded"
    assert body["model"] is None
    assert "no model" in body["reason"]


def test_policy_lists_every_taxonomy_id(client):
    from service.catalogue import ALL_IDS

    body = client.get("/v1/policy").get_json()
    assert [c["id"] for c in body["categories"]] == list(ALL_IDS)
    assert body["policy"]["title"]
    for c in body["categories"]:
        assert c["kind"] in ("classifier", "rule")
        assert c["severity"] in ("low", "medium", "high")
        assert c["guidance"] and c["clause"]


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    return response.status_code, body["error"]["code"]


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"data": "{not json", "content_type": "application/json"}, (400, "invalid_json")),
        (
            {"data": b'{"text": "\xff\xfe"}', "content_type": "application/json"},
            (400, "invalid_json"),
        ),
        ({"data": '{"text": NaN}', "content_type": "application/json"}, (400, "invalid_json")),
        ({"data": "[1, 2]", "content_type": "application/json"}, (400, "invalid_json")),
        ({"data": "null", "content_type": "application/json"}, (400, "invalid_json")),
        (
            {"data": "[" * 100_000 + "]" * 100_000, "content_type": "application/json"},
            (400, "invalid_json"),
        ),
        (
            {"data": '{"text": "\\ud800 lone"}', "content_type": "application/json"},
            (400, "invalid_field"),
        ),
        ({"json": {}}, (400, "invalid_field")),
        ({"json": {"text": None}}, (400, "invalid_field")),
        ({"json": {"text": 42}}, (400, "invalid_field")),
        ({"json": {"text": ["a"]}}, (400, "invalid_field")),
        ({"json": {"text": "a", "site": 3}}, (400, "invalid_field")),
        ({"json": {"text": "a", "client_time": "yesterday"}}, (400, "invalid_field")),
        ({"json": {"text": "a", "client_time": "2026-11-24T10:42:00"}}, (400, "invalid_field")),
        ({"json": {"text": "a", "client_time": 1700000000}}, (400, "invalid_field")),
        ({"json": {"text": "a", "attachments": [1]}}, (400, "invalid_field")),
        ({"json": {"text": "a", "attachments": {"images": -1}}}, (400, "invalid_field")),
        ({"json": {"text": "a", "attachments": {"images": True}}}, (400, "invalid_field")),
        ({"json": {"text": "a", "attachments": {"images": "2"}}}, (400, "invalid_field")),
        ({"json": {"text": "x" * 65_537}}, (413, "too_large")),
        ({"data": "x" * (2 << 20), "content_type": "application/json"}, (413, "too_large")),
        ({"data": '{"text": "hi"}', "content_type": "text/plain"}, (415, "unsupported_media_type")),
        ({"data": '{"text": "hi"}'}, (415, "unsupported_media_type")),
    ],
)
def test_bad_requests_get_json_errors(client, kwargs, expected):
    assert error_of(client.post("/v1/check", **kwargs)) == expected


def test_the_longest_allowed_text_is_accepted(client):
    response = client.post("/v1/check", json={"text": "é" * 65_536})
    assert response.status_code == 200


def test_nulls_in_optional_fields_mean_absent(client):
    response = client.post(
        "/v1/check", json={"text": "hi", "site": None, "client_time": None, "attachments": None}
    )
    assert response.status_code == 200


def test_unknown_routes_and_methods(client):
    assert error_of(client.get("/v2/nothing")) == (404, "not_found")
    assert error_of(client.get("/v1/check")) == (405, "method_not_allowed")
    assert error_of(client.delete("/health")) == (405, "method_not_allowed")


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://localhost:3000", "null", "file://"]
)
def test_web_page_origins_are_refused(client, origin):
    response = client.post("/v1/check", json={"text": "hi"}, headers={"Origin": origin})
    assert error_of(response) == (403, "forbidden_origin")


@pytest.mark.parametrize(
    "origin",
    ["chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://1234-5678"],
)
def test_extension_origins_are_served(client, origin):
    response = client.post("/v1/check", json={"text": "hi"}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin


def test_preflight_from_a_web_page_is_refused(client):
    response = client.options(
        "/v1/check",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "192.168.1.5:8765", ""])
def test_foreign_host_headers_are_refused(client, host):
    response = client.get("/health", headers={"Host": host})
    assert error_of(response) == (403, "forbidden_host")


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"])
def test_loopback_host_headers_are_served(client, host):
    assert client.get("/health", headers={"Host": host}).status_code == 200


def test_a_configured_host_name_is_served(settings):
    from dataclasses import replace

    from service.app import create_app

    app = create_app(replace(settings, allowed_hosts=("postguard.local",)))
    assert app.test_client().get("/health", headers={"Host": "postguard.local"}).status_code == 200


def test_feedback_keeps_text_only_when_shared(client, app):
    store = app.extensions["postguard"]["feedback"]
    kept = client.post(
        "/v1/feedback",
        json={
            "verdict": "false_alarm",
            "categories": ["school_named"],
            "share_text": True,
            "text": "our SMPS bake sale",
            "labels": [],
        },
    )
    assert kept.status_code == 201 and kept.get_json()["id"]
    private = client.post(
        "/v1/feedback",
        json={
            "verdict": "helpful",
            "categories": ["personal_data"],
            "share_text": False,
            "text": "my secret draft",
        },
    )
    assert private.status_code == 201
    assert [f["text"] for f in store.shared()] == ["our SMPS bake sale"]
    raw = store.path.read_bytes()
    assert b"my secret draft" not in raw


@pytest.mark.parametrize(
    "body",
    [
        {"verdict": "meh"},
        {"verdict": "helpful", "categories": ["not_a_category"]},
        {"verdict": "helpful", "categories": "personal_data"},
        {"verdict": "helpful", "share_text": "yes"},
        {"verdict": "missed", "share_text": True},
    ],
)
def test_bad_feedback_names_the_field(client, body):
    assert error_of(client.post("/v1/feedback", json=body)) == (400, "invalid_field")


def test_shared_text_must_be_unicode(client):
    raw = '{"verdict": "missed", "share_text": true, "text": "\\ud800"}'
    response = client.post("/v1/feedback", data=raw, content_type="application/json")
    assert error_of(response) == (400, "invalid_field")


def test_admin_calls_need_the_token(client, settings):
    from service.security import admin_token

    assert error_of(client.post("/v1/admin/reload")) == (403, "admin_token_required")
    wrong = {"Authorization": "Bearer nope"}
    assert error_of(client.get("/v1/admin/feedback", headers=wrong)) == (
        403,
        "admin_token_required",
    )
    token = {"Authorization": f"Bearer {admin_token(settings.data_dir)}"}
    assert client.post("/v1/admin/reload", headers=token).status_code == 200
    assert client.get("/v1/admin/feedback", headers=token).get_json() == {"feedback": []}


def test_draft_text_is_never_logged(client, caplog):
    caplog.set_level("DEBUG")
    secret = "Grace in Y4 told me a secret 07911 123456"
    client.post("/v1/check", json={"text": secret})
    client.post(
        "/v1/check", data=json.dumps({"text": secret})[:-1], content_type="application/json"
    )
    assert "secret" not in caplog.text
