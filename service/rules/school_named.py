"""school_named: the school's configured name or an alias.

Tolerant of straight and curly apostrophes, "St" / "St." / "Saint", case, and a missing
"Primary School"; never another saint's school, nor "St Matthew's Church" or "the St Matthew
Passion".
"""

from __future__ import annotations

import re

from service.findings import Draft, Finding, Span, merge_spans

_APOSTROPHE = "['’‘`´]"
_SUFFIXES = (
    "c of e primary school",
    "church of england primary school",
    "catholic primary school",
    "rc primary school",
    "primary academy",
    "primary school",
    "junior school",
    "infant school",
    "academy",
    "primary",
    "school",
)
_SAINT = r"(?:st\.?|saint)"
# A church, a feast or a gospel of the same saint is not the school.
_NOT_THE_SCHOOL = re.compile(
    r"^\s*(?:church|chapel|cathedral|hospital|hospice|day|passion|gospel|parish|house|road|street|"
    r"close|square|court|centre|center|hall|college)\b",
    re.IGNORECASE,
)


def _core(name: str) -> str:
    """The distinctive part of a name: "St Matthew's" from "St Matthew's Primary School"."""
    core = name.strip()
    lowered = core.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(" " + suffix) and len(lowered) > len(suffix) + 1:
            core = core[: -len(suffix) - 1].strip()
            break
    return core


def _word_pattern(word: str, possessive: bool) -> str:
    if re.fullmatch(r"(?i)st\.?|saint", word):
        return _SAINT
    pieces = re.split(_APOSTROPHE, word)
    if len(pieces) == 2 and pieces[1].lower() == "s":
        # Matthew's, Matthews and Matthew’s name the school; a bare Matthew only with a suffix.
        return re.escape(pieces[0]) + (f"{_APOSTROPHE}?s" if possessive else "")
    return f"{_APOSTROPHE}?".join(re.escape(p) for p in pieces)


def _pattern(name: str) -> str:
    words = _core(name).split()
    suffix = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in _SUFFIXES)
    with_s = r"\s+".join(_word_pattern(w, True) for w in words)
    without_s = r"\s+".join(_word_pattern(w, False) for w in words)
    if with_s == without_s:
        return rf"{with_s}(?:\s+(?:{suffix}))?"
    return rf"{with_s}(?:\s+(?:{suffix}))?|{without_s}\s+(?:{suffix})"


class SchoolNamedRule:
    id = "school_named"

    def __init__(self, names: tuple[str, ...]):
        alternatives = sorted({_pattern(n) for n in names if n.strip()}, key=len, reverse=True)
        self._pattern = re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})(?![\w])", re.IGNORECASE)

    def analyze(self, draft: Draft) -> list[Finding]:
        spans = []
        for match in self._pattern.finditer(draft.text):
            if _NOT_THE_SCHOOL.match(draft.text[match.end() :]):
                continue
            spans.append(Span(match.start(), match.end()))
        if not spans:
            return []
        return [Finding(self.id, "rule", 1.0, merge_spans(spans), detail="the school's name")]
