"""Date expressions in running text ("on Wednesday", "Dec. 1, 2016", "last December") resolved against a
publication date.

Decisions:
- A bare weekday ("on Wednesday") means the most recent such day on or before publication for past events and the
  next one on or after publication for future ones: wire copy dated Wednesday that says "met on Wednesday" means
  that same day. "last Wednesday" is strictly before, "next Wednesday" strictly after.
- Week-level phrases ("earlier this week", "this weekend", "last week") resolve to their month when the whole
  week (or weekend) lies in one month, else to (None, None): the schema has no week precision and guessing a day
  would be wrong most of the time.
- Relative expressions need a publication date; without one they resolve to (None, None). Fully written dates
  ("1 July 2016") resolve without one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WDAY = r"(?P<wday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

# (kind, pattern). Order matters only for equal-length overlaps; the finder keeps the longest match.
_PATTERNS = [
    ("ymd", rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("mdy", rf"\b(?:on\s+)?(?:{_WDAY},?\s+)?{_MON}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b"),  # Dec. 1, 2016
    ("dmy", rf"\b(?:on\s+)?(?:{_WDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),  # 1 July 2016
    ("md", rf"\b(?:on\s+)?(?:{_WDAY},?\s+)?{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?![.,]?\d)"),  # April 20
    ("dm", rf"\b(?:on\s+)?(?:{_WDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s+(?:19|20)\d\d)"),  # 20 April
    ("my", rf"\b(?:in\s+)?{_MON},?\s+(?:of\s+)?{_YEAR}\b"),  # December 2015
    ("month_rel", rf"\b(?:in\s+)?{_MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),  # in August of last year
    ("last_month_name", rf"\b(?P<rel>last|next|this|early|late|mid-?|earlier\s+this|later\s+this)\s*{_MON}\b"),
    ("in_month", rf"\bin\s+{_MON}(?!\s*\d)"),  # in August
    ("rel_period", r"\b(?P<rel>last|this|next|earlier\s+this|later\s+this)\s+(?P<unit>month|year|week|weekend)\b"),
    ("weekday", rf"\b(?:(?P<rel>last|next|this|on|earlier\s+on|late\s+on|early\s+on)\s+)?{_WDAY}\b"),
    ("day_word", r"\b(?P<word>today|tonight|yesterday|tomorrow|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)\b"),
    ("days_ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b"),
    ("year", rf"\b(?:in|since|during)\s+{_YEAR}\b"),
]
_COMPILED = [(kind, re.compile(pattern, re.I)) for kind, pattern in _PATTERNS]
_ANY_CUE = re.compile(
    r"\d|today|tonight|yesterday|tomorrow|days?\b|night|morning|afternoon|evening|week|month|year|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
    re.I,
)


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping date expressions in `text`, longest first, as (start, end, expression) in text order."""
    if not _ANY_CUE.search(text):
        return []
    found = [(m.start(), m.end(), kind) for kind, regex in _COMPILED for m in regex.finditer(text) if _proper(m)]
    found.sort(key=lambda hit: (-(hit[1] - hit[0]), hit[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, _kind in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, text[start:end]))
    return sorted(kept)


def _proper(match: re.Match) -> bool:
    """Month and weekday names must be capitalised: "they may", "to march" are not dates."""
    groups = match.groupdict()
    return all(not groups.get(name) or groups[name][0].isupper() for name in ("mon", "wday"))


def resolve_expression(text: str, published: date | None, future: bool = False) -> tuple[date | None, str | None]:
    """(date, precision) for the first date expression in `text`; (None, None) when it cannot be fixed."""
    for start, end, _expr in find_date_expressions(text):
        for kind, regex in _COMPILED:
            match = regex.fullmatch(text, start, end)
            if match and _proper(match):
                return _resolve(kind, match, published, future)
    return None, None


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match, published: date | None, future: bool) -> tuple[date | None, str | None]:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if kind == "ymd":
        day = _safe_date(int(groups["year"]), int(groups["mnum"]), int(groups["day"]))
        return (day, "day") if day else (None, None)
    if kind in ("mdy", "dmy"):
        day = _safe_date(int(groups["year"]), _month(groups["mon"]), int(groups["day"]))
        return (day, "day") if day else (None, None)
    if kind == "my":
        return date(int(groups["year"]), _month(groups["mon"]), 1), "month"
    if kind == "year":
        return date(int(groups["year"]), 1, 1), "year"
    if published is None:
        return None, None
    if kind in ("md", "dm"):
        return _month_day(_month(groups["mon"]), int(groups["day"]), published, future)
    if kind == "month_rel":
        offset = {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()]
        return date(published.year + offset, _month(groups["mon"]), 1), "month"
    if kind == "last_month_name":
        rel = groups["rel"].lower()
        if rel in ("last", "next"):
            return _month_only(_month(groups["mon"]), published, rel == "next", strict=True), "month"
        return _month_only(_month(groups["mon"]), published, future, strict=False), "month"
    if kind == "in_month":
        return _month_only(_month(groups["mon"]), published, future, strict=False), "month"
    if kind == "rel_period":
        return _period(groups["rel"].lower().split()[-1], groups["unit"].lower(), published)
    if kind == "weekday":
        return _weekday(WEEKDAYS[groups["wday"].lower()], (groups.get("rel") or "").lower(), published, future), "day"
    if kind == "day_word":
        word = " ".join(groups["word"].lower().split())
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return published + timedelta(days=shift), "day"
    if kind == "days_ago":
        count = _NUMBER_WORDS.get(groups["n"].lower()) or int(groups["n"])
        return published - timedelta(days=count), "day"
    return None, None


def _month_day(month: int, day: int, published: date, future: bool) -> tuple[date | None, str | None]:
    """The occurrence of month/day nearest to publication in the right direction (same day allowed)."""
    this_year = _safe_date(published.year, month, day)
    if this_year is None:
        return None, None
    if future and this_year < published:
        return _safe_date(published.year + 1, month, day), "day"
    if not future and this_year > published:
        return _safe_date(published.year - 1, month, day), "day"
    return this_year, "day"


def _month_only(month: int, published: date, future: bool, strict: bool) -> date:
    """'last December' is the most recent December before the publication month, 'next December' the first one
    after it; a bare "in August" may also be the publication month itself."""
    if future:
        ahead = month > published.month or (month == published.month and not strict)
        return date(published.year if ahead else published.year + 1, month, 1)
    behind = month < published.month or (month == published.month and not strict)
    return date(published.year if behind else published.year - 1, month, 1)


def _period(rel: str, unit: str, published: date) -> tuple[date | None, str | None]:
    if unit == "month":
        year, month = published.year, published.month + {"last": -1, "this": 0, "next": 1}[rel]
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
        return date(year, month, 1), "month"
    if unit == "year":
        return date(published.year + {"last": -1, "this": 0, "next": 1}[rel], 1, 1), "year"
    return _week(rel, unit, published)


def _week(rel: str, unit: str, published: date) -> tuple[date | None, str | None]:
    """A week (Monday to Sunday) or weekend fixes its month when it lies inside one month; the schema has no week
    precision, and a day would be a guess."""
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks={"last": -1, "this": 0, "next": 1}[rel])
    first = monday + timedelta(days=5) if unit == "weekend" else monday
    last = monday + timedelta(days=6)
    if (first.year, first.month) != (last.year, last.month):
        return None, None
    return date(first.year, first.month, 1), "month"


def _weekday(weekday: int, rel: str, published: date, future: bool) -> date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if rel == "last":
        return published - timedelta(days=back or 7)
    if rel == "next":
        return published + timedelta(days=ahead or 7)
    return published + timedelta(days=ahead) if future else published - timedelta(days=back)
