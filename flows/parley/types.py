"""The records that flow between stages. Plain dataclasses: every stage is a function from these to these.

Offsets (`start_char`, `end_char`) are always Python string offsets into `CleanArticle.body`
(end exclusive), so `body[start_char:end_char]` is the stored surface / quote text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass
class RawDoc:
    """One accepted input, decoded to text but otherwise untouched."""

    source_name: str  # the input's file name; `name.jsonl#3` for the 3rd record of a JSON-lines file
    source_path: str
    fmt: str  # "txt" | "html" | "json"
    content_hash: str  # sha256 of the raw bytes of this record
    raw_text: str  # decoded text as received (for html: the HTML; for json: the record's `text`)
    title: str | None = None  # metadata supplied by a structured input (json/html), if any
    url: str | None = None
    published: str | None = None  # as written in the metadata; clean() parses it
    raw_name: bytes | None = None  # the name's bytes when `source_name` had to escape them (see shown_name)


@dataclass
class Reject:
    """An input that could not become an article, and why."""

    source_name: str
    source_path: str
    reason: str  # short code: empty | binary | undecodable | oversized | duplicate | malformed | unreadable
    detail: str  # one human sentence
    size_bytes: int | None = None
    content_hash: str | None = None


@dataclass
class CleanArticle:
    body: str
    title: str | None = None
    published_date: date | None = None
    publisher: str | None = None
    byline: str | None = None
    dateline: str | None = None  # the place in a leading "Damascus –"
    dateline_date: date | None = None  # the day in a leading "TOKYO, April 8 -": the text's own "today"
    captions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # chrome lines dropped from the body, for audit
    failure: tuple[str, str] | None = None  # (reason, detail) when cleaning failed: the body is empty


@dataclass
class Entity:
    entity_id: str  # knowledge-base id, or a stable id derived from the name for NER-only entities
    name: str  # canonical name
    type: str  # PERSON | ORG | GPE | LOC | NORP | EVENT ...
    country: str | None = None  # ISO 3166 alpha-2
    source: str = "kb"  # "kb" | "ner"


@dataclass
class Mention:
    entity_id: str
    start_char: int
    end_char: int
    surface: str  # body[start_char:end_char]
    method: str  # how it was resolved: alias | surname | fuzzy | role | title | capital | ner


@dataclass
class Quote:
    start_char: int
    end_char: int
    text: str  # body[start_char:end_char], without the quotation marks
    speaker_entity_id: str | None  # NULL when the speaker is unnamed or unknown
    speaker_text: str | None  # the speaker as written ("Lavrov", "he", "a spokesperson for Erdogan")
    speaker_start: int | None = None
    speaker_end: int | None = None
    method: str = ""  # explicit | pronoun | role | continuation | signed | subject | unnamed | ...


@dataclass
class MeetingMention:
    """One report of a meeting in one article; merge_meetings() folds reports of the same meeting together."""

    participants: list[str]  # entity ids of people
    countries: list[str]  # ISO alpha-2 of the parties
    place: str | None  # canonical place name (city) where it happened / will happen
    country_code: str | None  # ISO alpha-2 of the place
    meeting_date: date | None
    date_precision: str | None  # "day" | "month" | "year" | None
    status: str  # held | planned
    mode: str  # in_person | phone | virtual
    start_char: int  # evidence span in the body
    end_char: int
    evidence: str = ""  # body[start_char:end_char]: the sentence that reports it


@dataclass
class ArticleFacts:
    """Everything enrichment found in one article."""

    entities: list[Entity]
    mentions: list[Mention]
    quotes: list[Quote]
    meetings: list[MeetingMention]


@dataclass
class ProcessedArticle:
    """One article ready to load: its input, its cleaned form, and what enrichment found."""

    article_id: str  # stable per source_name (see article_id_for)
    raw: RawDoc
    clean: CleanArticle
    facts: ArticleFacts
    nlp_fingerprint: str  # model + knowledge base + code version that produced `facts`
    failure: tuple[str, str] | None = None  # (reason, detail) when a stage failed on this input: a reject instead


def article_id_for(source_name: str | bytes) -> str:
    """An article is identified by its input name; a changed file keeps its id and replaces its rows. A name that is
    not UTF-8 is identified by its bytes (RawDoc.raw_name), so two such names never share an id."""
    import hashlib

    if isinstance(source_name, str):
        source_name = source_name.encode("utf-8", "surrogateescape")  # a UTF-8 name: the same id as ever
    return hashlib.sha256(source_name).hexdigest()[:16]


def raw_id(raw: RawDoc) -> str:
    return article_id_for(raw.raw_name if raw.raw_name is not None else raw.source_name)


# Control characters, and the line separators that break a line of a terminal or a CSV as a newline does.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    ch = match[0]
    return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")


def shown_name(name: str) -> tuple[str, bytes | None]:
    """(the name as stored and shown, its bytes if they had to be escaped). A file name is bytes: one that is not
    UTF-8 (os.fsdecode gives lone surrogates, which no database or terminal takes) or holds control characters
    (a newline, a tab) is shown with backslash escapes ("caf\\xe9.txt", "a\\nb.txt"); its bytes give its id."""
    raw = name.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "backslashreplace")
    if text == name and not _CONTROL.search(name):
        return name, None
    return _CONTROL.sub(_escape, text), raw


def whole_file(source_name: str) -> bool:
    """A JSON input named without "#": rejecting it whole retires every record of it ("feed.jsonl#3")."""
    return "#" not in source_name and source_name.lower().endswith((".json", ".jsonl"))
