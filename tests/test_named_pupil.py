import pytest

from service.errors import ConfigError
from service.findings import Draft
from service.rules.named_pupil import NamedPupilRule, load_roster


@pytest.fixture
def rule(pupils):
    return NamedPupilRule(pupils)


def names(rule, text):
    return [text[s.start : s.end] for f in rule.analyze(Draft(text)) for s in f.spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ask for Jayden Smith at reception", ["Jayden Smith"]),
        ("jayden smith lol", ["jayden smith"]),
        ("Grace in Y4 was sick", ["Grace"]),
        ("Grace was sick again today", ["Grace"]),
        ("Grace's mum rang the office", ["Grace"]),
        ("we went to see Grace at the weekend", ["Grace"]),
        ("little grace in y2 bless her", ["grace"]),
        ("aisha was off today", ["aisha"]),
        ("Liam O’Neill is top of the class", ["Liam O’Neill"]),
        ("Mary-Jane cried at lunch", ["Mary-Jane"]),
        ("Hope and Grace fell out", ["Hope", "Grace"]),
        ("I hope Will comes back", ["Will"]),
    ],
)
def test_finds_pupils_used_as_names(rule, text, expected):
    assert names(rule, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "by the grace of God we made it",
        "Hope you're well!",
        "Will you come on Saturday?",
        "Summer holidays!",
        "Summer is coming",
        "saving grace tbh",
        "hope everyone is well",
        "will do",
        "Smith's the butcher is shut",
        "Jaydens",
    ],
)
def test_ignores_words_that_are_not_names_here(rule, text):
    assert names(rule, text) == []


def test_roster_errors_name_the_line_not_the_pupil(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("first_name,last_name\nJayden,Smith\nSecretName,\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_roster(path)
    assert "line 3" in str(err.value)
    assert "SecretName" not in str(err.value)


def test_roster_needs_its_header(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("name\nJayden Smith\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1: header"):
        load_roster(path)


def test_roster_from_excel_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufefffirst_name,last_name\r\nAisha,Begum\r\n", encoding="utf-8")
    assert [p.first_name for p in load_roster(path)] == ["Aisha"]
