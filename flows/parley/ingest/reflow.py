"""Hard-wrapped text (wire copy, e-mail, old archives) back into one paragraph per line.

Wire stories arrive wrapped at ~65 characters, with paragraphs that start on an indented line or after a blank line.
Left as they are, every line end cuts a sentence (and a quotation) in two. `reflow` joins the lines of each
paragraph with a space, and a word hyphenated across a line end ("govern-" + "ment") becomes one word again. Text
that is not hard-wrapped (one paragraph per line, as web pages and feeds give it) is returned unchanged.
"""

from __future__ import annotations

import re

MIN_LINES = 4  # fewer lines say nothing about wrapping
MAX_WRAP_WIDTH = 100  # a wrapping width above this is not hard wrapping
FULL_LINE_SHARE = 0.6  # a line is "full" at 60% of the wrap width or more ...
MIN_FULL_LINES = 0.5  # ... and half the lines of wrapped text are full
MIN_OPEN_ENDS = 0.3  # a third of its lines end mid-sentence (in paragraph-per-line text almost none do)
INDENT = re.compile(r"^\s+\S")  # wire paragraphs start indented (sign-offs by a single space)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
# Word endings that only exist as the rest of a word: "govern-/ment" joins, "medium-/term" keeps its hyphen.
SUFFIXES = frozenset(
    """
    ment ments tion tions sion sions ation ations ing ings ed ly ness ity ities ance ances ence ences ive ives ous
    al als able ible ism isms ist ists ure ures ary ery ory er ers est ship ships ward wards ise ised ize ized
    """.split()
)
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]{2,})-$")
_NEXT_WORD = re.compile(r"^([a-z]+)")


def wrap_width(lines: list[str]) -> int | None:
    """The width the text is wrapped at, or None when it is not hard-wrapped."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < MIN_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > MAX_WRAP_WIDTH:
        return None
    full = sum(n >= FULL_LINE_SHARE * width for n in lengths)
    open_ends = sum(not _SENTENCE_END.search(line.rstrip()) for line in lines if line.strip())
    if full < MIN_FULL_LINES * len(lengths) or open_ends < MIN_OPEN_ENDS * len(lengths):
        return None
    return width


def _join(left: str, right: str, words: set[str]) -> str:
    """`left` + `right` across a line end: a word hyphenated by the wrap rejoins, a compound keeps its hyphen,
    anything else takes a space."""
    hyphen, nxt = _LINE_END_HYPHEN.search(left), _NEXT_WORD.match(right)
    if hyphen and nxt:
        whole = (hyphen[1] + nxt[1]).lower()
        return (left[:-1] if nxt[1] in SUFFIXES or whole in words else left) + right
    return left + " " + right


def reflow(text: str) -> str:
    """One paragraph per line when `text` is hard-wrapped; `text` itself otherwise."""
    lines = text.splitlines()
    width = wrap_width(lines)
    if width is None:
        return text
    indented = sum(bool(INDENT.match(line)) for line in lines)
    by_indent = 0 < indented < sum(bool(line.strip()) for line in lines)  # some, not all, lines start paragraphs
    words = set(re.findall(r"[a-z]+", text.lower()))
    paragraphs: list[str] = []
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current is not None:
                paragraphs.append(current)
            current = None
            continue
        if current is None or (by_indent and INDENT.match(line)):
            if current is not None:
                paragraphs.append(current)
            current = stripped
        else:
            current = _join(current, stripped, words)
    if current is not None:
        paragraphs.append(current)
    return "\n".join(paragraphs)
