import pytest

from service.findings import Draft
from service.rules.school_named import SchoolNamedRule

rule = SchoolNamedRule(("St Matthew's Primary School", "St Matthew's", "SMPS"))


def named(text):
    return [text[s.start : s.end] for f in rule.analyze(Draft(text)) for s in f.spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("at St Matthew's today", ["St Matthew's"]),
        ("at St Matthew’s today", ["St Matthew’s"]),
        ("st matthews primary were great", ["st matthews primary"]),
        ("Saint Matthew's Primary School is great", ["Saint Matthew's Primary School"]),
        ("St. Matthews sports day", ["St. Matthews"]),
        ("St Matthew Primary School", ["St Matthew Primary School"]),
        ("ST MATTHEW'S", ["ST MATTHEW'S"]),
        ("#SMPS staff do", ["SMPS"]),
    ],
)
def test_finds_the_school(text, expected):
    assert named(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "St Mark's Primary won the cup",
        "St Matthias C of E school",
        "St Matthew's Church bake sale",
        "listening to the St Matthew Passion",
        "Matthew is my son",
        "St Matthew at the weekend",
        "SMPSX",
    ],
)
def test_not_other_schools_or_the_saint(text):
    assert named(text) == []
