"""Date expressions in running text ("on Wednesday", "Dec. 1, 2016", "last December") resolved against a
publication date.

Decisions:
- A bare weekday ("on Wednesday") means the most recent such day on or before publication for past events and the
  next one on or after publication for future ones: wire copy dated Wednesday that says "met on Wednesday" means
  that same day. "last Wednesday" is strictly before, "next Wednesday" strictly after.
- Week-level phrases ("earlier this week", "this weekend", "last week", "two weeks ago", "over the weekend")
  resolve to their month when the whole week's working days (or the weekend) lie in one month, else to
  (None, None): the schema has no week precision and guessing a day would be wrong most of the time.
- A range ("March 3-5", "from Monday to Wednesday") is dated by its first day; "on the 15th" is that day of the
  reference month (or the month before for what was held, after for what is planned).
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
    # a range keeps its first day: "3-5 March", "from 3 to 5 March" ("March 3-5" is "md" up to the hyphen)
    ("dm", rf"\b(?:from\s+)?{_DAY}\s*(?:-|\u2013|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?!,?\s+(?:19|20)\d\d)"),
    # "on the 15th": a day of the reference month; the suffix is required and a noun may not follow ("the 20th
    # century", "the 5th round")
    ("nth", r"\b(?:on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?=\s*(?:$|[,.;:)]|(?:and|or|to|at|in|when|with|of\s+(?:this|the)\s+month)\b))"),
    ("my", rf"\b(?:in\s+)?{_MON},?\s+(?:of\s+)?{_YEAR}\b"),  # December 2015
    ("month_rel", rf"\b(?:in\s+)?{_MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),  # in August of last year
    ("last_month_name", rf"\b(?P<rel>last|next|this|early|late|mid-?|earlier\s+this|later\s+this)\s*{_MON}\b"),
    ("in_month", rf"\bin\s+{_MON}(?!\s*\d)"),  # in August
    ("rel_period", r"\b(?P<rel>last|this|next|earlier\s+this|later\s+this|(?:earlier|later)\s+in\s+the)\s+"
                   r"(?P<unit>month|year|week|weekend)\b"),  # "later in the month" is this month
    ("weekday", rf"\b(?:(?P<rel>last|next|this|on|earlier\s+on|late\s+on|early\s+on)\s+)?{_WDAY}\b"),
    ("day_word", r"\b(?P<word>today|tonight|yesterday|tomorrow|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)\b"),
    ("days_ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b"),
    ("weeks_ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+weeks?\s+ago\b"),
    # the nearest weekend in the tense's direction: "met over the weekend", "talks at the weekend"
    ("weekend", r"\b(?:(?:over|at|during)\s+the|this\s+past|this\s+coming|the\s+coming)\s+weekend\b"),
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
        rel = groups["rel"].lower().split()[-1]
        return _period("this" if rel == "the" else rel, groups["unit"].lower(), published)
    if kind == "weekday":
        return _weekday(WEEKDAYS[groups["wday"].lower()], (groups.get("rel") or "").lower(), published, future), "day"
    if kind == "day_word":
        word = " ".join(groups["word"].lower().split())
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return published + timedelta(days=shift), "day"
    if kind == "days_ago":
        count = _NUMBER_WORDS.get(groups["n"].lower()) or int(groups["n"])
        return published - timedelta(days=count), "day"
    if kind == "weeks_ago":
        count = _NUMBER_WORDS.get(groups["n"].lower()) or int(groups["n"])
        return _week_month(published - timedelta(weeks=count), "week")
    if kind == "weekend":
        words = m.group(0).lower()
        ahead = "coming" in words or (future and "past" not in words)
        return _weekend(published, ahead)
    if kind == "nth":
        return _nth_day(int(groups["day"]), published, future)
    return None, None


_COMING_WEEKS = timedelta(days=45)


def _month_day(month: int, day: int, published: date, future: bool) -> tuple[date | None, str | None]:
    """The occurrence of month/day nearest to publication in the right direction (same day allowed); a day of the
    coming weeks is this year's even where the clause reads as past ("the April 29-May 2 visit" in an April 24
    story): a day almost a year back would be written with its year."""
    this_year = _safe_date(published.year, month, day)
    if this_year is None:
        return None, None
    if future and this_year < published:
        return _safe_date(published.year + 1, month, day), "day"
    if not future and this_year > published + _COMING_WEEKS:
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
    shift = timedelta(weeks={"last": -1, "this": 0, "next": 1}[rel])
    return _week_month(published + shift, unit)


def _week_month(day: date, unit: str) -> tuple[date | None, str | None]:
    """The week (or weekend) holding `day` fixes its month when it lies inside one month; the schema has no week
    precision, and a day would be a guess. Officials meet on working days, so a week is Monday to Friday: "last
    week" read on Thursday 5 March is 23-27 February, not a week that spills into March through its Sunday."""
    monday = day - timedelta(days=day.weekday())
    first = monday + timedelta(days=5) if unit == "weekend" else monday
    last = monday + timedelta(days=6 if unit == "weekend" else 4)
    if (first.year, first.month) != (last.year, last.month):
        return None, None
    return date(first.year, first.month, 1), "month"


def _weekend(published: date, ahead: bool) -> tuple[date | None, str | None]:
    """The weekend just past (or, for what is planned, the coming one); a weekend day counts as its own weekend."""
    if published.weekday() >= 5:
        return _week_month(published, "weekend")
    return _week_month(published + timedelta(weeks=0 if ahead else -1), "weekend")


def _nth_day(day: int, published: date, future: bool) -> tuple[date | None, str | None]:
    """'on the 15th': that day of the reference month, else of the month before (held) or after (planned)."""
    when = _safe_date(published.year, published.month, day)
    if when is not None and (when <= published if not future else when >= published):
        return when, "day"
    step = 1 if future else -1
    year, month = published.year + (published.month + step - 1) // 12, (published.month + step - 1) % 12 + 1
    when = _safe_date(year, month, day)
    return (when, "day") if when else (None, None)


def _weekday(weekday: int, rel: str, published: date, future: bool) -> date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if rel == "last":
        return published - timedelta(days=back or 7)
    if rel == "next":
        return published + timedelta(days=ahead or 7)
    return published + timedelta(days=ahead) if future else published - timedelta(days=back)


def points_ahead(key: str | None, today: date | None) -> bool:
    """Whether a week-level expression (as `date_of` keys it) lies after `today` although its month may not:
    "this weekend" read on Tuesday to Friday is still to come ("before hosting a meeting this weekend"); read on
    a Monday it may be the one just past."""
    if not key or today is None:
        return False
    return key.startswith("this weekend") and 1 <= today.weekday() <= 4
