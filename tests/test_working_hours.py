from datetime import datetime, time

import pytest

from service.config import Timetable
from service.findings import Draft
from service.rules.working_hours import WorkingHoursRule

rule = WorkingHoursRule(
    Timetable(
        timezone="Europe/London",
        school_days=(0, 1, 2, 3, 4),
        start=time(8, 30),
        end=time(15, 30),
        breaks=((time(10, 30), time(10, 45)), (time(12, 0), time(13, 0))),
    )
)


def flagged(iso):
    return bool(rule.analyze(Draft("hi", client_time=datetime.fromisoformat(iso))))


@pytest.mark.parametrize(
    "iso, expected",
    [
        ("2026-11-24T11:15:00+00:00", True),  # Tuesday, lesson time
        ("2026-11-24T10:35:00+00:00", False),  # morning break
        ("2026-11-24T12:30:00+00:00", False),  # lunch
        ("2026-11-24T08:29:00+00:00", False),  # before school
        ("2026-11-24T15:30:00+00:00", False),  # home time
        ("2026-11-28T11:00:00+00:00", False),  # Saturday
        ("2026-12-25T11:00:00+00:00", False),  # Christmas Day, a Friday
        ("2026-05-04T11:00:00+01:00", False),  # Early May bank holiday
        ("2026-06-02T10:00:00+01:00", True),  # summer time, local 10:00
        ("2026-06-02T09:00:00+00:00", True),  # 10:00 in London given in UTC
        ("2026-06-02T13:35:00+04:00", False),  # 10:35 in London: morning break
    ],
)
def test_working_hours(iso, expected):
    assert flagged(iso) is expected


def test_no_client_time_no_check():
    assert rule.analyze(Draft("hi")) == []
