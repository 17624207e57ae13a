"""working_hours: the draft is written on a school day, in working hours, outside a break."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from service.config import Timetable
from service.findings import Draft, Finding


@lru_cache(maxsize=64)
def _england_bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


class WorkingHoursRule:
    id = "working_hours"

    def __init__(self, timetable: Timetable):
        self.timetable = timetable
        self.zone = ZoneInfo(timetable.timezone)

    def in_working_hours(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        tt = self.timetable
        if local.weekday() not in tt.school_days:
            return False
        if local.date() in _england_bank_holidays(local.year):
            return False
        clock = local.time().replace(tzinfo=None)
        if not tt.start <= clock < tt.end:
            return False
        return not any(start <= clock < end for start, end in tt.breaks)

    def analyze(self, draft: Draft) -> list[Finding]:
        if draft.client_time is None or not self.in_working_hours(draft.client_time):
            return []
        local = draft.client_time.astimezone(self.zone)
        detail = f"written at {local:%H:%M} on a school day"
        return [Finding(self.id, "rule", 1.0, [], detail=detail)]
