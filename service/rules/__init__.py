"""The rule overlay: one module per rule id, each a small class with `id` and `analyze(draft)`.

Adding a rule is one module and one line in `build_rules`.
"""

from __future__ import annotations

from typing import Protocol

from service.config import Settings
from service.findings import Draft, Finding


class Rule(Protocol):
    id: str

    def analyze(self, draft: Draft) -> list[Finding]: ...


def build_rules(settings: Settings) -> list[Rule]:
    """The rules this configuration enables, in catalogue order."""
    from service.rules.image_attached import ImageAttachedRule
    from service.rules.named_pupil import NamedPupilRule, load_roster
    from service.rules.personal_data import PersonalDataRule
    from service.rules.school_named import SchoolNamedRule
    from service.rules.working_hours import WorkingHoursRule

    rules: list[Rule] = [PersonalDataRule()]
    if settings.roster_path:
        rules.append(NamedPupilRule(load_roster(settings.roster_path)))
    if settings.school_name or settings.school_aliases:
        names = ((settings.school_name,) if settings.school_name else ()) + settings.school_aliases
        rules.append(SchoolNamedRule(names))
    if settings.timetable:
        rules.append(WorkingHoursRule(settings.timetable))
    rules.append(ImageAttachedRule())
    return rules
