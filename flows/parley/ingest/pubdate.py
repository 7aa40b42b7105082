"""Publication dates from a date line or a metadata value.

`parse_published` is deliberately strict: it accepts a string only when it is essentially a date
("Thu Apr 18, 2013 2:40AM", "July 2, 2016, 5:35 am", "1 July 2016", "2016-07-02T05:35:00+03:00",
"Published: 02.07.2016"). A sentence or caption that merely contains a date returns None, so the
caller can feed it candidate lines without picking up dates the article talks about.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_ISO_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

# Each pattern yields year/mon/day groups; `order` says how to read two numeric fields.
_DATE_PATTERNS = [
    (re.compile(rf"\b{_YEAR}-(?P<mon>\d{{1,2}})-(?P<day>\d{{1,2}}){_ISO_TIME}", re.I), "ymd"),  # ISO date / timestamp
    (re.compile(rf"\b{_YEAR}/(?P<mon>\d{{1,2}})/(?P<day>\d{{1,2}})\b"), "ymd"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), "name"),  # Apr 18, 2013
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I), "name"),  # 1 July 2016
    (re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<mon>\d{{1,2}})\.{_YEAR}\b"), "ymd"),  # 02.07.2016 is European D.M.Y
    (re.compile(rf"\b(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}\b"), "slash"),  # only when unambiguous
]

_TIME = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b", re.I)
# Words a date line may carry besides the date itself.
_FILLER = {
    "published", "updated", "posted", "last", "modified", "date", "on", "at", "am", "pm", "gmt", "utc", "bst",
    "est", "edt", "cet", "cest", "eet", "eest", "msk", "pst", "pdt", "local", "time", "hrs", "h",
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
    "fri", "friday", "sat", "saturday", "sun", "sunday",
}
_MAX_LEFTOVER_WORDS = 1  # e.g. a site name squeezed onto the date line
_MAX_DATE_LINE_CHARS = 80


def _to_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_from_match(match: re.Match, order: str) -> date | None:
    year = int(match["year"])
    if order == "name":
        return _to_date(year, _MONTHS[match["mon"][:3].lower()], int(match["day"]))
    if order == "ymd":
        return _to_date(year, int(match["mon"]), int(match["day"]))
    first, second = int(match["a"]), int(match["b"])
    if first > 12 >= second:
        return _to_date(year, second, first)
    if second > 12 >= first:
        return _to_date(year, first, second)
    return None  # 02/07/2016 could be either; guessing would store wrong dates


def parse_published(text: str | None) -> date | None:
    """The date of a date line or metadata value, or None when `text` is not essentially a date."""
    if not text or len(text) > _MAX_DATE_LINE_CHARS:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        rest = _TIME.sub(" ", text[: match.start()] + " " + text[match.end() :])
        leftover = [word for word in re.findall(r"[^\W\d_]+|\d+", rest.lower()) if word not in _FILLER]
        if len(leftover) > _MAX_LEFTOVER_WORDS:
            return None
        return _date_from_match(match, order)
    return None


_MONTH_DAY = [re.compile(rf"{_MONTH}\s+{_DAY}", re.I), re.compile(rf"{_DAY}\s+{_MONTH}", re.I)]  # April 8, 8 April


def read_month_day(text: str | None, published: date | None) -> date | None:
    """The date of a dateline's "April 8" near `published`: a wire can be stamped a day before or after its
    dateline, so "Dec 31" on a story published on Jan 1 is in the year before. None without a publication date."""
    if text and re.search(r"\b(?:19|20)\d\d\s*$", text):
        return parse_published(text)  # "Jan. 5, 2011": the dateline fixes its day without a publication date
    match = next((m for p in _MONTH_DAY if text and (m := p.fullmatch(text.strip()))), None)
    if not match or published is None:
        return None
    month, day = _MONTHS[match["mon"][:3].lower()], int(match["day"])
    candidates = [_to_date(published.year + shift, month, day) for shift in (-1, 0, 1)]
    candidates = [c for c in candidates if c is not None]
    # a story is filed before it is stamped, not months after: "Sept. 30" on a wire of April 7 is last September
    filed = [c for c in candidates if (c - published).days <= _STAMP_LAG_DAYS]
    return min(filed or candidates, key=lambda c: abs((c - published).days), default=None)


_STAMP_LAG_DAYS = 2  # a wire stamped in another time zone, or the morning after, may be a day or two "before"
