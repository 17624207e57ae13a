"""personal_data: phone numbers, email addresses, UK postcodes, street addresses, dates of birth.

Phone numbers come from the phonenumbers library; the rest are patterns. Prices, years, times,
scores and order or reference numbers must not raise it.
"""

from __future__ import annotations

import re

import phonenumbers

from service.findings import Draft, Finding, Span, merge_spans

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"
)

# Outward code, optional space, inward code (digit + two letters not in CIKMOV).
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl"
    r"|gardens|gdns|grove|terrace|walk|mews|rise|hill|row|square|sq|parade|green|view|vale"
)
_NUMBER = r"(?:flat|apt|apartment|unit)?\s*\d{1,4}[a-z]?,?\s+"
# "12 Oak Road": the street's name capitalised, as addresses are written.
ADDRESS_CAPITALISED = re.compile(
    rf"\b(?i:{_NUMBER})(?:[A-Z][a-z'’]+\s+){{1,3}}(?i:{STREET_TYPES})\b\.?"
)
# "lives at 42 hatters way": lower case, but only after words that introduce an address.
ADDRESS_CUED = re.compile(
    rf"\b(?:lives?|living|staying|moved|moving)\s+(?:at|to|on)\s+(?:number\s+|no\.?\s*)?"
    rf"(\d{{1,4}}[a-z]?,?\s+(?:[a-z'’]+\s+){{1,3}}(?:{STREET_TYPES}))\b",
    re.IGNORECASE,
)
_NOT_STREET_WORDS = {"the", "a", "an", "down", "up", "on", "at", "to", "in", "and", "nil", "of"}

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
DATE_OF_BIRTH = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday\s+is)\s*[:\-]?\s*({_DATE})",
    re.IGNORECASE,
)

# Numbers that belong to orders, references and accounts rather than people.
_REFERENCE_CUE = re.compile(
    r"(?:order|ref|reference|invoice|tracking|account|acct|booking|ticket|case|policy|"
    r"membership|serial|sort\s+code|customer|parcel)\s*(?:no\.?|number|id|is|:|#)?\s*(?:is|:)?\s*$",
    re.IGNORECASE,
)
_PHONE_CUE = re.compile(r"(?:phone|call|ring|text|tel|mob|mobile|whatsapp|contact)", re.I)


def _phone_spans(text: str) -> list[Span]:
    spans = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        # People write phone numbers with a trunk 0 or an international prefix.
        if not (raw.startswith(("0", "+", "(0", "(+"))):
            continue
        before = text[max(0, match.start - 24) : match.start]
        if _REFERENCE_CUE.search(before) and not _PHONE_CUE.search(before):
            continue
        spans.append(Span(match.start, match.end))
    return spans


def _address_spans(text: str) -> list[Span]:
    spans = []
    for match in ADDRESS_CAPITALISED.finditer(text):
        words = re.findall(r"[A-Za-z'’]+", match.group(0))
        middle = [w.lower() for w in words[:-1] if w.lower() not in ("flat", "apt", "unit")]
        if any(w in _NOT_STREET_WORDS for w in middle):
            continue
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        spans.append(Span(start, match.end()))
    for match in ADDRESS_CUED.finditer(text):
        words = re.findall(r"[A-Za-z'’]+", match.group(1))[:-1]
        if any(w.lower() in _NOT_STREET_WORDS for w in words):
            continue
        spans.append(Span(match.start(1), match.end(1)))
    return spans


class PersonalDataRule:
    id = "personal_data"

    def analyze(self, draft: Draft) -> list[Finding]:
        text = draft.text
        found: dict[str, list[Span]] = {
            "phone number": _phone_spans(text),
            "email address": [Span(m.start(), m.end()) for m in EMAIL.finditer(text)],
            "postcode": [Span(m.start(), m.end()) for m in POSTCODE.finditer(text)],
            "street address": _address_spans(text),
            "date of birth": [Span(m.start(1), m.end(1)) for m in DATE_OF_BIRTH.finditer(text)],
        }
        kinds = [kind for kind, spans in found.items() if spans]
        if not kinds:
            return []
        spans = merge_spans([s for spans in found.values() for s in spans])
        return [Finding(self.id, "rule", 1.0, spans, detail=", ".join(kinds))]
