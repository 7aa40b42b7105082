"""Quotation-mark pairing: the quoted stretches of a body, paragraph by paragraph.

Curly, straight and single quotes; a paragraph that lacks its opening mark (a quote continued from the paragraph
before); a quote left open until the paragraph ends (a multi-paragraph quote: each paragraph opens, only the last
closes) or until the next opening mark. Apostrophes (don't, Russia's, '90s) never pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.kb import lexicon

OPEN_DOUBLE = "“„"
CLOSE_DOUBLE = "”"
OPENERS_BEFORE = set(" \t([{—–-/:") | {""}
CLOSERS_AFTER = set(" \t)]}.,;:!?—–-…") | {""}
WORD = re.compile(r"\w+")


@dataclass
class Span:
    """One quotation: text offsets without the marks; mark offsets for the zones around it."""

    start: int
    end: int
    open_mark: int | None  # None when the paragraph lacks the opening mark
    close_mark: int | None  # None when the quote runs to the end of the paragraph
    para_start: int
    para_end: int


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the body."""
    spans, start = [], 0
    for line in body.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _before(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _after(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else ""


def _can_open(text: str, i: int) -> bool:
    if _before(text, i) in ".!?;," and _after(text, i).isupper():
        return True  # a space lost before the mark: `budget."We have`
    return (_before(text, i) in OPENERS_BEFORE or _before(text, i) in "“‘\"'") and not _after(text, i).isspace()


def _can_close(text: str, i: int) -> bool:
    if _before(text, i) == " " and i > 1 and text[i - 2] in "'’" and not _after(text, i).isalnum():
        return True  # `the term 'outreach,' " he said`: a space between the single and the double closing mark
    return not _before(text, i).isspace() and _before(text, i) != "" and (
        _after(text, i) in CLOSERS_AFTER or _after(text, i).isspace() or _after(text, i) in "”’\"'"
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _double_quotes(line: str) -> list[tuple[int | None, int | None]]:
    """(open, close) mark positions of the double-quoted stretches of one line."""
    pairs: list[tuple[int | None, int | None]] = []
    opened: int | None = None
    for i, ch in enumerate(line):
        if ch not in OPEN_DOUBLE and ch not in CLOSE_DOUBLE and ch != '"':
            continue
        opener = ch in OPEN_DOUBLE or (ch == '"' and _can_open(line, i))
        closer = ch in CLOSE_DOUBLE or (ch == '"' and _can_close(line, i))
        if opened is None:
            if opener:
                opened = i
            elif closer and not pairs:  # a closing mark with no opening one: the quote began the paragraph
                pairs.append((None, i))
        elif closer and (not opener or ch == '"'):
            pairs.append((opened, i))
            opened = None
        elif opener:  # a new opening mark while one is open: the previous quote was never closed
            pairs.append((opened, -i))
            opened = i
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _single_quotes(line: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """‘Single’ quotes outside double quotes; an apostrophe (don’t, Russia’s, ’90s) never opens or closes one."""
    inside = [False] * (len(line) + 1)
    for a, b in taken:
        for k in range(a, b + 1):
            inside[k] = True
    pairs, i = [], 0
    while i < len(line):
        ch = line[i]
        if ch in "‘'" and not inside[i] and _before(line, i) in OPENERS_BEFORE | {"“", '"'} and _after(line, i).isalpha():
            possessive = None
            for j in range(i + 2, len(line)):
                if inside[j] or line[j] not in "’'" or not _can_close(line, j) or _after(line, j).isalpha():
                    continue
                # "voters' rights": an s-final word followed by a lower-case word is more likely a possessive
                if line[j - 1] == "s" and line[j + 1 : j + 3][1:2].islower():
                    possessive = possessive if possessive is not None else j
                    continue
                pairs.append((i, j))
                i = j
                break
            else:
                if possessive is not None:
                    pairs.append((i, possessive))
                    i = possessive
        i += 1
    return pairs


def quote_spans(body: str) -> list[Span]:
    spans: list[Span] = []
    for para_start, para_end in paragraphs(body):
        line = body[para_start:para_end]
        doubles = _double_quotes(line)
        closed = [(a if a is not None else 0, abs(b) if b is not None else len(line)) for a, b in doubles]
        found: list[tuple[int | None, int | None]] = list(doubles) + list(_single_quotes(line, closed))
        for open_at, close_at in sorted(found, key=lambda p: p[0] if p[0] is not None else -1):
            text_start = open_at + 1 if open_at is not None else 0
            if close_at is None:
                text_end, close_mark = len(line), None
            elif close_at < 0:  # closed by the next opening mark
                text_end, close_mark = -close_at, None
            else:
                text_end, close_mark = close_at, para_start + close_at
            start, end = _trimmed(body, para_start + text_start, para_start + text_end)
            if end > start and WORD.search(body, start, end):
                spans.append(
                    Span(start, end, None if open_at is None else para_start + open_at, close_mark, para_start, para_end)
                )
    return spans


# --- what a quoted span is ---------------------------------------------------------------------------------------
HEADLINE_WORDS = 20


def is_headline(line: str) -> bool:
    stripped = line.rstrip(" \"'”’")
    return not stripped.endswith((".", "!", "?", ":", ";", ",")) and len(line.split()) <= HEADLINE_WORDS


def is_title(text: str) -> bool:
    """Title Case ("Legend in the Coal Fields", "Fox and Friends"): the name of a work or show, not words said."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    content = [w for w in words if w.lower() not in lexicon("title_minor_word")]
    return 2 <= len(content) and len(words) <= 10 and all(w[0].isupper() for w in content) and not text.isupper()


def word_count(text: str) -> int:
    return len(WORD.findall(text))
