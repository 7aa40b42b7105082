"""CLEAN: raw article text -> CleanArticle (body, title, date, byline, publisher, dateline, captions).

Line based and regex only (it runs on every article). The steps, in order:
  0. re-flow hard-wrapped text (wire copy) into one paragraph per line (`reflow`);
  1. repair mojibake (ftfy, curly quotes kept), normalise whitespace per line, drop blank lines;
  2. cut a trailing teaser block ("Check Also", "Related Articles", "Leave a Reply" ... near the end);
  3. sort each line: site chrome (CHROME_PATTERNS) -> `removed`; byline / source / agency sign-off lines ->
     byline, publisher; photo captions and verbatim-repeated lines -> `captions`;
  4. read the head of the article up to the first body paragraph: date line -> published, first
     title-like line -> title, a short name line just before the body -> publisher;
  5. strip a leading dateline ("MOSCOW (Reuters) -", "Damascus –", "TOKYO, April 8 -") from the first body
     paragraph; its month and day, read in the publication's year, are the text's own "today".
The body is one paragraph per line, joined with "\\n"; every line not claimed above stays in it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import ftfy

from ..types import CleanArticle
from .pubdate import parse_published, read_month_day
from .reflow import reflow

# Whole-line site chrome, matched case-insensitively against lines of at most CHROME_MAX_CHARS.
CHROME_PATTERNS = [
    (r"(follow|like|find|connect with|join) us( on| at)?\s*:?(\s*(facebook|twitter|x|instagram|telegram|youtube|linkedin|"
     r"whatsapp|tiktok|social media|and|&|[|,/•·]))*", "social share bar"),
    (r"(share|share this( article| story)?|tweet|email|print|whatsapp|facebook|twitter|linkedin)\s*:?", "share buttons"),
    (r"go to forum\b.*|.*\bcomment\(s\)|\d+\s+comments?|(add|post|view|show|leave) (a |all )?comments?", "comment counter"),
    (r"leave a (reply|comment)|cancel reply|post comment|submit comment", "reply form heading"),
    (r"your email address will not be published.*|required fields are marked.*", "reply form notice"),
    (r"(name|email|e-mail|website|comment)\s*\*?", "reply form field labels"),
    (r"save my name, email.*|notify me of (follow-up comments|new posts).*", "reply form checkboxes"),
    (r"\w+\s*[×x*+\-−]\s*\w+\s*=\s*\w{0,6}", "arithmetic captcha"),
    (r"(join|subscribe to|sign up (for|to)|get) (our|the)\b.{0,40}\bnewsletters?\b.*|(subscribe|sign up|register)( now| here| today)?",
     "newsletter prompt"),
    (r"for (the )?(latest|more) (news|updates|stories).{0,40}\b(follow|subscribe|like|join|visit|sign up)\b.{0,40}",
     "'follow us for news' prompt"),
    (r"related (items|articles|posts|stories|news|topics|content)\s*:?|tags?\s*:.*|topics\s*:.*", "related-links heading / tag list"),
    (r"(read more|also read|read also|see also|more on this|recommended|watch|listen)\s*(:.*|>+.*)?", "inline teaser link"),
    (r"advertisement|sponsored( content)?|story continues below.*|skip (to|ad).*", "advert marker"),
    (r"(©|\(c\)|copyright\s*(©|\(c\))?)\s*\d{4}\b.*|.*\ball rights reserved\.?", "copyright line"),
    (r"click here\b.*|(download|get) (the|our) app.*|image copyright\b.*|media caption\b.*", "call to action / media furniture"),
    (r"[\W_]+", "punctuation only (separators, bullets)"),
]
CHROME_MAX_CHARS = 120  # a body paragraph is longer; short lines only can be chrome
_CHROME = [(re.compile(pattern, re.I), why) for pattern, why in CHROME_PATTERNS]

# A heading after which everything is teasers, comments or forms; honoured only near the end of the text.
TAIL_HEADING = re.compile(
    r"(check also|related (articles|posts|stories|items|news|content)|read more|more stories|more from .{1,30}|"
    r"you (may|might) also like|recommended( for you)?|most (read|popular)|trending( now)?|leave a (reply|comment)|"
    r"\d*\s*comments?)\s*:?",
    re.I,
)
TAIL_MIN_SHARE_BEFORE = 0.5  # the heading must come after at least half of the text's characters

# Agency sign-off ("TBP and Agencies", "(AFP)", "Agencies"); group `pub` names the publisher if there is one.
SIGN_OFF = re.compile(r"[(\[]?(?:with\s+)?(?:(?P<pub>[\w.\- ]{1,40}?)\s*(?:and|&|\+|/|,|with)\s*)?agencies[)\]]?\.?", re.I)
# A wire's own sign-off on the last lines ("Reuter", "REUTER...", a "MORE" continuation marker).
WIRE_SIGN_OFF = re.compile(r"(?P<pub>reuters?|ap|afp|upi)\b[.^M\s]*|more", re.I)
WIRE_SIGN_OFF_LINES = 2  # only the last lines of the text are sign-offs
# ... or the end of the last paragraph itself ("... he said. REUTER").
WIRE_SIGN_OFF_INLINE = re.compile(r"(?<=[.!?\"”)])\s+(?P<pub>REUTERS?|Reuters?)[.^M\s]*$")
# "Reporting by: A | Source: B", "Written by A", "By A, Reuters", "Source: B".
BYLINE_PATTERNS = [
    re.compile(r"(?:reporting|reported|written|writing|edited|editing|compiled|text|story)\s+by\s*:?\s*(?P<names>[^|;]+?)"
               r"(?:\s*[|;]\s*(?:source|via|from)\s*:?\s*(?P<pub>.+))?", re.I),  # fmt: skip
    re.compile(r"[Bb][Yy]:?\s+(?P<names>[A-Z][\w'’.\-]+(?:\s+(?:[A-Z][\w'’.\-]+|and|&|,))*?)"
               r"(?:\s*[,|/–—-]\s*(?P<pub>[A-Z][\w.&' ]{1,40}))?"),  # fmt: skip
    re.compile(r"(?:source|sources|via)\s*:\s*(?P<pub>.{2,60})", re.I),
]
BYLINE_MAX_CHARS = 100
_AGENCIES_SUFFIX = re.compile(r"\s*(?:and|&|\+|/|,)\s*(?:other\s+)?agencies\.?$", re.I)

# A caption: a line ending in a picture credit ("[Image: MFA, Russia]", "Photo: AA", "(Reuters/John Smith)").
CAPTION = re.compile(
    r".*(?:(?i:[\[(]\s*(?:image|photo|picture|pic|photograph|credit|file photo)s?\s*(?:credit)?\s*:[^\])]{1,80}[\])])"
    r"|(?i:\b(?:image|photo|picture|pic|photograph|photo credit)s?\s*:\s*[^.:]{1,60})"
    r"|\b(?:REUTERS|AFP|AP|EPA|Getty Images|Anadolu Agency)/[\w .\-]{1,40}\)?)\s*$",
)  # fmt: skip

# Dateline at the head of the first paragraph: place, optional ", Country"/date, optional "(Agency)", a dash.
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2})"
    r"(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}?)?(?:,?\s+(?P<date>(?:[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][A-Za-z]{2,8})(?:,?\s+(?:19|20)\d\d)?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&]{1,30})\))?\s*(?P<dash>[–—]|--?)\s+"
)
DATELINE_MAX_PLACE_WORDS = 3
# A dateline on a line of its own ("ANKARA", "KYIV, Ukraine"): capitals, unless it is a wire agency's name.
DATELINE_LINE = re.compile(r"(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2})(?:, [A-Z][A-Za-z ]{1,30})?")
WIRE_AGENCIES = {
    "afp", "ap", "aa", "ansa", "bernama", "dpa", "efe", "irna", "interfax", "kuna", "kyodo", "mena", "pti", "ria",
    "ria novosti", "reuters", "sana", "sputnik", "tass", "upi", "wam", "xinhua", "yonhap", "anadolu agency",
}  # fmt: skip

TITLE_MAX_CHARS = 200
TITLE_MIN_WORDS = 3
TITLE_QUESTION_MAX_WORDS = 12
PUBLISHER_MAX_WORDS = 4
HEAD_MAX_LINES = 8  # the title / date / publisher lines sit in the first few lines
_SENTENCE_END = re.compile(r"[.!?;:,][\"'”’)\]]*$")
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalise_lines(text: str) -> list[str]:
    """Mojibake repaired, one space between words, no blank lines."""
    text = ftfy.fix_text(text, uncurl_quotes=False)
    text = _INVISIBLE.sub("", text)
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def chrome_reason(line: str) -> str | None:
    """Why `line` is site chrome, or None for article text."""
    if len(line) > CHROME_MAX_CHARS:
        return None
    for pattern, why in _CHROME:
        if pattern.fullmatch(line):
            return why
    return None


def _clean_publisher(name: str | None) -> str | None:
    if not name:
        return None
    name = _AGENCIES_SUFFIX.sub("", name.strip()).strip(" .,-|")
    return name or None


def byline_parts(line: str) -> tuple[str | None, str | None] | None:
    """(byline, publisher) when `line` is a byline / source credit, else None."""
    if len(line) > BYLINE_MAX_CHARS or line.endswith("."):
        return None
    for pattern in BYLINE_PATTERNS:
        match = pattern.fullmatch(line)
        if match:
            names = match.groupdict().get("names")
            return (names.strip(" ,") if names else None), _clean_publisher(match["pub"])
    return None


def sign_off_publisher(line: str) -> tuple[bool, str | None]:
    """(is an agency sign-off, publisher it names)."""
    match = SIGN_OFF.fullmatch(line) if len(line) <= 60 else None
    return (True, _clean_publisher(match["pub"])) if match else (False, None)


def cut_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off a trailing teaser / comments block that starts with a TAIL_HEADING line."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen >= TAIL_MIN_SHARE_BEFORE * total and len(line) <= 60 and TAIL_HEADING.fullmatch(line):
            return lines[:i], lines[i:]
        seen += len(line)
    return lines, []


def is_body_paragraph(line: str) -> bool:
    """Running text rather than a heading: long, or a sentence that ends in punctuation."""
    return len(line) > TITLE_MAX_CHARS or bool(_SENTENCE_END.search(line))


def is_title_like(line: str) -> bool:
    """A headline: a few words, no final full stop (a short question or exclamation is a headline too)."""
    words = len(line.split())
    if words < TITLE_MIN_WORDS or len(line) > TITLE_MAX_CHARS:
        return False
    return not is_body_paragraph(line) or (line[-1] in "?!" and words <= TITLE_QUESTION_MAX_WORDS)


def _is_name_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= PUBLISHER_MAX_WORDS and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _title_case(place: str) -> str:
    return " ".join("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")) for word in place.split())


class Dateline(NamedTuple):
    place: str | None
    agency: str | None
    rest: str  # the paragraph without its dateline
    month_day: str | None = None  # "April 8" in "TOKYO, April 8 -" ("Jan. 5, 2011" with its year)


def split_dateline(paragraph: str) -> Dateline:
    """The dateline a paragraph opens with (place None and the paragraph as `rest` when it has none)."""
    match = DATELINE.match(paragraph)
    if not match or len(match["place"].split()) > DATELINE_MAX_PLACE_WORDS:
        return Dateline(None, None, paragraph)
    rest = paragraph[match.end() :]
    first_sentence = rest.split(". ", 1)[0]
    weak = not (match["place"].isupper() or match["agency"] or match["date"]) and match["dash"].startswith("-")
    if weak or f" {match['dash']} " in first_sentence or not (rest[:1].isupper() or rest[:1] in "\"“‘'<"):
        return Dateline(None, None, paragraph)  # "Vote For Me - a TV show - ..." is an apposition, not a dateline
    return Dateline(_title_case(match["place"]), match["agency"], rest, match["date"])


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def clean(text: str, meta_title: str | None = None, meta_published: str | None = None) -> CleanArticle:
    """The article's body and metadata; `meta_title` / `meta_published` (from json or html) win over the text."""
    lines, tail = cut_tail(normalise_lines(reflow(text)))
    article = CleanArticle(body="")
    lines, sign_off = _cut_wire_sign_off(lines, article)
    tail = sign_off + tail
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1

    kept: list[str] = []
    for i, line in enumerate(lines):
        if counts[line] > 1 and line == lines[0] and is_title_like(line):
            if i > 0:  # a headline printed again further down is not a caption
                article.removed.append(line)
                continue
        elif _claim_line(line, counts[line], article):
            continue
        kept.append(line)

    title = " ".join(normalise_lines(meta_title)) if meta_title else None
    article.title = title = title or None
    article.published_date = parse_published(meta_published)
    body_start = _read_head(kept, article, meta_title=title)
    body_lines = kept[body_start:]
    if body_lines and not article.dateline:
        dateline = split_dateline(body_lines[0])
        if dateline.place:
            article.dateline = dateline.place
            article.dateline_date = read_month_day(dateline.month_day, article.published_date)
            article.publisher = article.publisher or _clean_publisher(dateline.agency)
            body_lines[0] = dateline.rest
    article.body = "\n".join(body_lines)
    article.removed.extend(tail)
    return article


def _cut_wire_sign_off(lines: list[str], article: CleanArticle) -> tuple[list[str], list[str]]:
    """Split the wire's sign-off ("Reuter") off the last lines; it names the publisher."""
    cut = len(lines)
    while cut > max(len(lines) - WIRE_SIGN_OFF_LINES, 1) and WIRE_SIGN_OFF.fullmatch(lines[cut - 1]):
        match = WIRE_SIGN_OFF.fullmatch(lines[cut - 1])
        if match["pub"] and not article.publisher:
            article.publisher = "Reuters" if match["pub"].lower().startswith("reuter") else match["pub"].upper()
        cut -= 1
    kept, removed = lines[:cut], lines[cut:]
    inline = WIRE_SIGN_OFF_INLINE.search(kept[-1]) if kept else None
    if inline:
        article.publisher = article.publisher or "Reuters"
        removed.insert(0, inline[0].strip())
        kept[-1] = kept[-1][: inline.start()]
    return kept, removed


def _claim_line(line: str, repeats: int, article: CleanArticle) -> bool:
    """Move `line` to chrome / byline / captions when it is one of those; True when it leaves the body."""
    if chrome_reason(line):
        article.removed.append(line)
        return True
    parts = byline_parts(line)
    if parts:
        byline, publisher = parts
        article.byline = article.byline or byline
        article.publisher = article.publisher or publisher
        article.removed.append(line)
        return True
    is_sign_off, publisher = sign_off_publisher(line)
    if is_sign_off:
        article.publisher = article.publisher or publisher
        article.removed.append(line)
        return True
    if CAPTION.fullmatch(line) or repeats > 1:
        if line not in article.captions:
            article.captions.append(line)
        return True
    return False


def _read_head(lines: list[str], article: CleanArticle, meta_title: str | None) -> int:
    """Take title, date and publisher lines from the head of `lines`; the index where the body starts."""
    i = 0
    while i < min(len(lines), HEAD_MAX_LINES):
        line = lines[i]
        line_date = parse_published(line)
        if line_date:
            article.published_date = article.published_date or line_date
            article.removed.append(line)
        elif meta_title and _fold(line) == _fold(meta_title):
            pass  # the title repeated at the top of the text
        elif article.title is None and not meta_title and is_title_like(line):
            article.title = line
        elif is_body_paragraph(line):
            break
        elif _is_name_line(line) and _next_is_body(lines, i + 1):
            place = DATELINE_LINE.fullmatch(line)
            if place and line.casefold() not in WIRE_AGENCIES:
                article.dateline = _title_case(place["place"])
            else:
                article.publisher = article.publisher or _clean_publisher(line)
            article.removed.append(line)
        else:
            break  # a subheading or kicker: keep it as body text
        i += 1
    return i


def _next_is_body(lines: list[str], i: int) -> bool:
    return i >= len(lines) or is_body_paragraph(lines[i])
