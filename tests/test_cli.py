"""The command line: exit codes, one-line errors, batch checks written whole."""

import json
import subprocess
import sys

import pytest

from service.cli import main


@pytest.fixture
def config(tmp_path, roster_path):
    path = tmp_path / "postguard.toml"
    path.write_text(
        f"""
[school]
name = "St Matthew's Primary School"
aliases = ["St Matthew's", "SMPS"]

[roster]
pupils = "{roster_path.as_posix()}"

[service]
data_dir = "{(tmp_path / "data").as_posix()}"

[model]
dir = "{(tmp_path / "models").as_posix()}"
""",
        encoding="utf-8",
    )
    return path


def test_check_prints_the_response(config, capsys):
    assert main(["check", "--config", str(config), "ring Jayden Smith on 07911 123456"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert {f["category"] for f in body["findings"]} == {"personal_data", "named_pupil"}


def test_config_from_the_environment(config, capsys, monkeypatch):
    monkeypatch.setenv("POSTGUARD_CONFIG", str(config))
    assert main(["check", "Jayden Smith"]) == 0
    assert "named_pupil" in capsys.readouterr().out


def test_batch_keeps_order_and_fields(tmp_path, config):
    drafts = [
        {"id": "a", "text": "Lovely sunset tonight"},
        {"id": "b", "text": "email me on jo@example.com", "site": "x"},
        {"id": "c", "text": "Jayden Smith at SMPS", "attachments": {"images": 1}},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in drafts), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["check", "--config", str(config), "--input", str(source), "--output", str(out)]
    assert main(args) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[1]["site"] == "x"
    assert rows[0]["result"]["risk"] == "none"
    assert [f["category"] for f in rows[1]["result"]["findings"]] == ["personal_data"]
    assert {f["category"] for f in rows[2]["result"]["findings"]} == {
        "named_pupil",
        "school_named",
        "image_attached",
    }


@pytest.mark.parametrize(
    "line, message",
    [
        ("{oops", "line 2: not valid JSON"),
        ('{"id": 1}', "line 2: text: is required"),
        ('{"text": "hi", "client_time": "noon"}', "line 2: client_time"),
    ],
)
def test_batch_stops_at_a_bad_line_and_writes_nothing(tmp_path, config, capsys, line, message):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    code = main(["check", "--config", str(config), "--input", str(source), "--output", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(source) in err and message in err
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))


@pytest.mark.parametrize(
    "body, key",
    [
        ("[school]\nname = 5\n", "school.name must be a string"),
        ('[school]\nnmae = "x"\n', "unknown key school.nmae"),
        ('[roster]\npupils = "missing.csv"\n', "roster.pupils: file not found"),
        ('[timetable]\nstart = "8.30"\n', "timetable.start must be a time"),
        ('[timetable]\nschool_days = ["monday"]\n', "timetable.school_days"),
        ('[timetable]\ntimezone = "Mars/Olympus"\n', "timetable.timezone"),
        ('[timetable]\nbreaks = [["12:00"]]\n', "timetable.breaks[0]"),
        ("[service]\nport = 99999\n", "service.port"),
        ("[colours]\nx = 1\n", "unknown section [colours]"),
        ("[school\n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_stops_with_one_line_naming_the_key(tmp_path, capsys, body, key):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    assert main(["check", "--config", str(path), "hello"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(path) in err and key in err


def test_a_catalogue_missing_an_id_is_refused(tmp_path, capsys):
    from service.catalogue import default_catalogue_path

    text = default_catalogue_path().read_text(encoding="utf-8")
    start = text.index("[categories.harassment]")
    end = text.index("[categories.discrimination]")
    catalogue = tmp_path / "policy.toml"
    catalogue.write_text(text[:start] + text[end:], encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[policy]\ncatalogue = "{catalogue.as_posix()}"\n', encoding="utf-8")
    assert main(["check", "--config", str(config), "hello"]) == 2
    assert "missing category id(s): harassment" in capsys.readouterr().err


def test_a_catalogue_with_an_unknown_id_is_refused(tmp_path, capsys):
    from service.catalogue import default_catalogue_path

    text = default_catalogue_path().read_text(encoding="utf-8")
    catalogue = tmp_path / "policy.toml"
    catalogue.write_text(
        text + '\n[categories.swearing]\nkind = "rule"\nclause = "1"\nseverity = "low"\n'
        'title = "t"\nmessage = "m"\nguidance = "g"\n',
        encoding="utf-8",
    )
    config = tmp_path / "c.toml"
    config.write_text(f'[policy]\ncatalogue = "{catalogue.as_posix()}"\n', encoding="utf-8")
    assert main(["check", "--config", str(config), "hello"]) == 2
    assert "unknown category id(s): swearing" in capsys.readouterr().err


def test_usage_errors_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "service", "check"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "check needs the draft's text" in result.stderr


def test_review_exports_only_shared_drafts(tmp_path, config, capsys):
    from service.config import load_settings
    from service.feedback import Feedback, FeedbackStore

    store = FeedbackStore(load_settings(config).data_dir / "feedback.sqlite3")
    store.add(Feedback("false_alarm", ("school_named",), True, "our SMPS bake sale", None, "x"))
    store.add(Feedback("helpful", ("personal_data",), False, None, None, None))
    out = tmp_path / "shared.jsonl"
    assert main(["review", "--config", str(config), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["text"], r["labels"]) for r in rows] == [("our SMPS bake sale", [])]
