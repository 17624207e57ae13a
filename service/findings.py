"""What crosses the boundaries of the checker: spans, findings and the ordering of severity."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("none", "low", "medium", "high")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, order=True)
class Span:
    """Code-point offsets into the draft (Python str indices), end exclusive."""

    start: int
    end: int

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end}


@dataclass
class Finding:
    """One reason a draft may breach the policy, before the catalogue's words are added."""

    category: str
    source: str  # "classifier" | "rule"
    score: float
    spans: list[Span] = field(default_factory=list)
    detail: str | None = None  # what a rule found, e.g. "phone number"
    severity: str | None = None  # set by the checker from the catalogue


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


@dataclass(frozen=True)
class Draft:
    """A draft and what the extension knows about it."""

    text: str
    site: str | None = None
    client_time: object | None = None  # an aware datetime, or None
    images: int = 0
    videos: int = 0
