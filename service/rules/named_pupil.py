"""named_pupil: a name from the school's local pupil roster.

A full name counts anywhere. A first name alone counts where the sentence uses it as a name:
"Grace in Y4 was sick" yes; "by the grace of God", "Hope you're well", "Will you come?",
"Summer holidays!" no. The roster stays in memory: it is never logged, sent or echoed in errors.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from service.errors import ConfigError
from service.findings import Draft, Finding, Span, merge_spans

_APOSTROPHES = "'’‘`"
_BEFORE = rf"(?<![\w{_APOSTROPHES}-])"
_AFTER = r"(?![\w-])"

# What follows a word used as a name, at the start of a sentence or in lower case.
_NAME_AFTER = re.compile(
    rf"^(?:[{_APOSTROPHES}]s\b|\s+(?:in|from)\s+(?:y(?:r|ear)?\s*\d|reception|nursery|class|my\b|our\b|"
    r"ks\d|the\s+(?:front|back))|\s+(?:was|is|has|had|did|didn't|didnt|won't|wont|can't|cant|"
    r"got|gets|said|says|told|asked|kept|keeps|threw|hit|cried|came|went|wet|needs|loves|"
    r"refused|wouldn't|wouldnt|tried|ran|bit|kicked|punched|fell|left|and\s+(?-i:[A-Z])\w*)\b)",
    re.IGNORECASE,
)
# What precedes a word used as a name.
_NAME_BEFORE = re.compile(
    r"(?:\b(?:little|pupil|child|boy|girl|called|named|with|told|asked|sat|and|for|to|"
    r"ask|tell|poor|bless)\s+)$",
    re.IGNORECASE,
)
# What follows a word used as a word: "Hope you're well", "Will you come?", "Summer holidays!".
_WORD_AFTER = re.compile(
    r"^\s+(?:you|your|you're|youre|u|ur|ya|everyone|all|this|that|it|we|i|to|for|of|"
    r"holidays?|hols|term|fair|fete|break|camp|concert|show|time|days?|sale|party|festival|"
    r"vibes|club|reading|sun|fun|fest|special|edition|is\s+coming|is\s+here)\b",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*|^\W*|[\"“(]\s*)$")


@dataclass(frozen=True)
class Pupil:
    first_name: str
    last_name: str
    year_group: str = ""


@cache
def word_names() -> frozenset[str]:
    text = (resources.files("service") / "data" / "word_names.txt").read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def load_roster(path: Path) -> list[Pupil]:
    """Read `first_name,last_name[,year_group]`; errors name the line, never a pupil."""
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read roster: {exc.strerror}") from None
    with handle:
        try:
            reader = csv.reader(handle)
            header = [h.strip().lower() for h in next(reader, [])]
            if header[:2] != ["first_name", "last_name"]:
                raise ConfigError(
                    f"{path}: line 1: header must be first_name,last_name[,year_group]"
                )
            pupils = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                first, last = (row + ["", ""])[:2]
                if not first.strip() or not last.strip():
                    raise ConfigError(
                        f"{path}: line {reader.line_num}: first_name and last_name are required"
                    )
                year = row[2].strip() if len(row) > 2 else ""
                pupils.append(Pupil(first.strip(), last.strip(), year))
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: roster is not UTF-8 text (save it as CSV UTF-8)") from None
        except csv.Error as exc:
            raise ConfigError(f"{path}: line {reader.line_num}: {exc}") from None
    return pupils


def _name_pattern(name: str) -> str:
    parts = re.split(r"\s+", name.strip())
    escaped = [re.escape(p) for p in parts]
    # A name written with a curly or straight apostrophe ("O'Neill", "O’Neill") is the same name.
    escaped = [re.sub(r"\\?['’]", f"[{_APOSTROPHES}]", p) for p in escaped]
    return r"\s+".join(escaped)


def _alternation(names: set[str]) -> re.Pattern | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)  # longest first: "Mary Jane" before "Mary"
    body = "|".join(_name_pattern(n) for n in ordered)
    return re.compile(rf"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE)


class NamedPupilRule:
    id = "named_pupil"

    def __init__(self, pupils: list[Pupil]):
        self._full = _alternation({f"{p.first_name} {p.last_name}" for p in pupils})
        self._first = _alternation({p.first_name for p in pupils})
        self._word_names = word_names()

    def _used_as_name(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        before, after = text[:start], text[end:]
        if _NAME_BEFORE.search(before[-20:]) and not _WORD_AFTER.match(after):
            return True
        if word.lower() not in self._word_names:
            return True
        if _WORD_AFTER.match(after):
            return False
        capitalised = word[:1].isupper()
        at_sentence_start = bool(_SENTENCE_START.search(before[-4:] if before else ""))
        if capitalised and not at_sentence_start:
            return True
        return bool(_NAME_AFTER.match(after))

    def analyze(self, draft: Draft) -> list[Finding]:
        text = draft.text
        spans = []
        if self._full:
            spans += [Span(m.start(), m.end()) for m in self._full.finditer(text)]
        if self._first:
            for m in self._first.finditer(text):
                if any(s.start <= m.start() < s.end for s in spans):
                    continue
                if self._used_as_name(text, m.start(), m.end()):
                    spans.append(Span(m.start(), m.end()))
        if not spans:
            return []
        return [
            Finding(self.id, "rule", 1.0, merge_spans(spans), detail="name on the pupil roster")
        ]
