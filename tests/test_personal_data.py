import pytest

from service.findings import Draft
from service.rules.personal_data import PersonalDataRule

rule = PersonalDataRule()


def found(text):
    return [(f.detail, [text[s.start : s.end] for s in f.spans]) for f in rule.analyze(Draft(text))]


@pytest.mark.parametrize(
    "text, detail, words",
    [
        ("Call 07700 900123 and ask", "phone number", ["07700 900123"]),
        ("ring me on +44 7700 900 123 x", "phone number", ["+44 7700 900 123"]),
        ("office is 01582 400123", "phone number", ["01582 400123"]),
        ("US cousin +1 212 555 0142", "phone number", ["+1 212 555 0142"]),
        ("text me 07911123456", "phone number", ["07911123456"]),
        ("email me jo.bloggs@gmail.com", "email address", ["jo.bloggs@gmail.com"]),
        ("she's in LU2 7HB now", "postcode", ["LU2 7HB"]),
        ("postcode lu1 3ab", "postcode", ["lu1 3ab"]),
        ("Address: 12 Oak Road, Luton", "street address", ["12 Oak Road"]),
        ("Flat 3, 45 Dunstable Road", "street address", ["45 Dunstable Road"]),
        ("she lives at 42 hatters way now", "street address", ["42 hatters way"]),
        ("dob 12/03/2015", "date of birth", ["12/03/2015"]),
        ("born on 3rd May 2016 bless", "date of birth", ["3rd May 2016"]),
        ("Date of birth: 14 February 2017", "date of birth", ["14 February 2017"]),
    ],
)
def test_finds_personal_data_with_exact_spans(text, detail, words):
    assert found(text) == [(detail, words)]


@pytest.mark.parametrize(
    "text",
    [
        "tickets £12.50 each, £25 for a family",
        "back in 2024 we went to Spain",
        "kick off 3.15pm, doors at 10:30",
        "we won 3-1 and then 21-14",
        "order number 0123456789 still not here",
        "booking ref: 0161 496 0000",
        "tracking no: 0093 4423 1123",
        "scored 3 nil down the road",
        "it cost 1500 quid",
        "the 2023-24 season was rubbish",
        "I teach 30 kids and love it",
        "my birthday is in May",
    ],
)
def test_no_alarm_on_numbers_that_are_not_personal_data(text):
    assert found(text) == []


def test_several_kinds_are_reported_together():
    text = "ring 07911 123456 or email a.b@c.org"
    assert found(text) == [
        ("phone number, email address", ["07911 123456", "a.b@c.org"]),
    ]
