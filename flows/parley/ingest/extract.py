"""EXTRACT: walk a source folder and turn every file into RawDoc records or Reject records, never exceptions.

Files are visited in sorted order, recursively; hidden files and folders (".name") are skipped. `source_name`
is the path relative to the source folder ("a.txt", "2016/b.html"); a record of a multi-record file is
"name#i" (1-based: the i-th element of a JSON list, or the object on line i of a .jsonl file). A .json file
holding a single object keeps its plain name.

Formats, by extension:
  .txt and unknown extensions  plain text; RawDoc.raw_text is the decoded file.
  .html / .htm                 RawDoc.raw_text is the HTML itself (nothing lost); title / date / url come from
                               trafilatura's metadata. `text_of()` returns trafilatura's main-text extraction
                               (comments excluded); a page with no main text is rejected as `empty`.
  .json                        one object or a list of objects; .jsonl one object per line. `text` is required,
                               `title`, `url`, `published` optional. raw_text is the record's `text`.
`text_of(raw)` is what clean() should receive: the main text for html, raw_text otherwise.

Only regular files are read: a FIFO, device or socket (or a link to one) is rejected as `special` from its
stat alone, never opened, so it cannot block the scan. A read is bounded in bytes (max_bytes + 1) and in time
(READ_TIMEOUT_SECONDS: a stalled network mount becomes an `unreadable` reject, not a hung run).

Decoding: a UTF-32 or UTF-16 byte-order mark selects that encoding; otherwise UTF-8 (a BOM is dropped) first,
failing that cp1252 (a superset of printable latin-1), accepted only if the result looks like text. Files with
NUL bytes or many control bytes are `binary`.

Hostile inputs (limits.py): JSON nested deeper than PARLEY_MAX_JSON_DEPTH levels and HTML declaring entities in its
DOCTYPE are `malformed`, never parsed; a page trafilatura cannot read in PARLEY_READ_SECONDS is `too_slow`; any other
exception one file raises is a `failed` reject naming the stage and the exception, and the scan goes on. A file name
that is not UTF-8 or holds control characters is shown with backslash escapes (types.shown_name).

Reject reasons: empty | binary | undecodable | oversized | malformed | special | unreadable | too_slow | failed
(plan_inputs adds `duplicate`). content_hash is the sha256 of the file's bytes, or for a JSON record of its canonical JSON.

The scan is a generator holding one file at a time, so 20,000 files stream.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import queue
import stat
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from ..config import MAX_ARTICLE_CHARS, MAX_JSON_DEPTH
from ..types import RawDoc, Reject, shown_name
from .limits import TooSlow, declares_entities, failure_detail, json_too_deep, time_budget

HTML_EXTENSIONS = {".html", ".htm"}
JSON_EXTENSIONS = {".json", ".jsonl"}
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"  # not tab/newline/CR/FF
_MAX_CONTROL_SHARE = 0.02  # real text has none; a binary blob has plenty
_MAX_CP1252_NON_ASCII_SHARE = 0.3  # latin-1 prose is mostly ASCII; random bytes are not
_SNIFF_BYTES = 64 * 1024
READ_TIMEOUT_SECONDS = 30.0
# UTF-32 first: its little-endian mark starts with UTF-16's. The codecs read the mark and drop it.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def scan(source_dir: Path, max_bytes: int, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[RawDoc | Reject]:
    """Every input under `source_dir` as RawDoc (accepted) or Reject (with a reason), in sorted path order."""
    source_dir = Path(source_dir)
    limits = _limits()
    for path in walk_inputs(source_dir):
        name, raw_name = shown_name(path.relative_to(source_dir).as_posix())
        shown_path = shown_name(str(path))[0]
        try:
            # a list: a file's records are decided before the first is passed on, so a failure cannot split them
            items = [_check_length(item, max_chars) if isinstance(item, RawDoc) else item
                     for item in _read_file(path, name, max_bytes, limits, shown_path)]
        except Exception as error:  # noqa: BLE001 - one file's failure is its reject, never the run's
            items = [_reject(name, shown_path, "failed", failure_detail("extract", error))]
        for item in items:
            if raw_name is not None and isinstance(item, RawDoc):
                item.raw_name = raw_name + item.source_name[len(name):].encode("utf-8")  # with its "#i"
            yield item


def _limits() -> tuple[int, float]:
    """(JSON depth, seconds to read a page) from the PARLEY_* settings."""
    from ..config import settings

    cfg = settings()
    return cfg.max_json_depth, cfg.read_seconds


def text_of(raw: RawDoc) -> str:
    """The text clean() should receive: trafilatura's main text for html, the raw text otherwise."""
    if raw.fmt != "html":
        return raw.raw_text
    cached = _HTML_TEXT_CACHE.get(raw.content_hash)
    if cached is not None:
        return cached
    return _html_main_text(raw.raw_text) or ""


def walk_inputs(source_dir: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(source_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # also fixes the descent order
        for file_name in sorted(files):
            if not file_name.startswith("."):
                yield Path(folder) / file_name


def _check_length(doc: RawDoc, max_chars: int) -> RawDoc | Reject:
    """A record of a large .jsonl file, or a page whose markup is small but text huge, can pass the byte limit."""
    length = len(text_of(doc))
    if length <= max_chars:
        return doc
    return _reject(doc.source_name, doc.source_path, "oversized",
                   f"the article text is {length} characters, over the {max_chars}-character limit",
                   len(doc.raw_text.encode("utf-8")), doc.content_hash)  # fmt: skip


def _reject(name: str, path: str, reason: str, detail: str, size: int | None = None, digest: str | None = None):
    return Reject(source_name=name, source_path=path, reason=reason, detail=detail, size_bytes=size,
                  content_hash=digest)  # fmt: skip


def _read_file(path: Path, name: str, max_bytes: int, limits: tuple[int, float],
               source_path: str) -> Iterator[RawDoc | Reject]:
    max_depth, read_seconds = limits
    try:
        info = path.stat()  # follows a symbolic link: a link to a FIFO is a FIFO
        if not stat.S_ISREG(info.st_mode):
            yield _reject(name, source_path, "special", f"{_kind(info.st_mode)}, not a regular file: never opened")
            return
        size = info.st_size
        if size > max_bytes:  # decided from the size alone: the file is never read
            yield _reject(name, source_path, "oversized", f"{size} bytes is over the {max_bytes}-byte limit", size)
            return
        data = _READER.read(path, max_bytes + 1, READ_TIMEOUT_SECONDS)  # +1 catches a file that grew since stat
    except TimeoutError:
        yield _reject(name, source_path, "unreadable", f"reading the file stalled for over {READ_TIMEOUT_SECONDS:g} s")
        return
    except OSError as error:
        yield _reject(name, source_path, "unreadable", f"cannot read the file: {error.strerror or error}")
        return
    size = len(data)
    if size > max_bytes:
        yield _reject(name, source_path, "oversized", f"more than {max_bytes} bytes", size)
        return
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        yield _reject(name, source_path, "empty", "the file has no content" if size == 0 else "only whitespace",
                      size, digest)  # fmt: skip
        return
    text, problem = decode_bytes(data)
    if text is None:
        yield _reject(name, source_path, problem, _DECODE_DETAIL[problem], size, digest)
        return
    if not text.strip():  # e.g. a BOM or no-break spaces only
        yield _reject(name, source_path, "empty", "only whitespace", size, digest)
        return
    suffix = path.suffix.lower()
    if suffix in JSON_EXTENSIONS:
        yield from _json_records(text, name, source_path, size, lines=suffix == ".jsonl", max_depth=max_depth)
    elif suffix in HTML_EXTENSIONS:
        if declares_entities(text):  # refused before lxml sees it: entity expansion can take hours ("billion laughs")
            yield _reject(name, source_path, "malformed", "the HTML declares entities in a DOCTYPE (never expanded)",
                          size, digest)  # fmt: skip
            return
        try:
            with time_budget(read_seconds):
                doc = _html_doc(text, name, source_path, size, digest)
        except TooSlow as slow:
            doc = _reject(name, source_path, "too_slow", str(slow), size, digest)
        yield doc
    else:
        yield RawDoc(source_name=name, source_path=source_path, fmt="txt", content_hash=digest, raw_text=text)


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "not a file"


def _read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes. O_NONBLOCK: if the path was swapped for a FIFO since its stat, open cannot block,
    and fstat refuses it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(f"{_kind(mode)}, not a regular file")
        chunks, left = [], limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _BoundedReader:
    """Reads files on a daemon thread so the caller can give up on one that stalls (a hung network mount blocks
    inside the read call, where no signal or timeout reaches). The stalled thread is abandoned; the next read gets
    a fresh one."""

    def __init__(self):
        self._requests: queue.Queue | None = None
        self._results: queue.Queue | None = None
        self._lock = threading.Lock()  # one read at a time: results come back in request order

    def _start(self) -> None:
        requests, results = queue.Queue(), queue.Queue()

        def serve():
            while True:
                path, limit = requests.get()
                try:
                    results.put((_read_regular(path, limit), None))
                except OSError as error:
                    results.put((None, error))

        threading.Thread(target=serve, name="parley-reader", daemon=True).start()
        self._requests, self._results = requests, results

    def read(self, path: Path, limit: int, timeout: float) -> bytes:
        with self._lock:
            if self._requests is None:
                self._start()
            self._requests.put((path, limit))
            try:
                data, error = self._results.get(timeout=timeout)
            except queue.Empty:
                self._requests = self._results = None  # abandon the stalled thread
                raise TimeoutError(path) from None
        if error is not None:
            raise error
        return data


_READER = _BoundedReader()


_DECODE_DETAIL = {
    "binary": "the file holds NUL or control bytes, not text",
    "undecodable": "none of UTF-8, UTF-16/32 (with a byte-order mark) and cp1252 gives readable text",
}


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, encoding used) or (None, reject reason). UTF-8 first, then cp1252 if the result reads as text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None, "undecodable"
            sample = text[:_SNIFF_BYTES]
            if sum(sample.count(chr(byte)) for byte in _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(sample):
                return None, "binary"
            return text, codec
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample or sum(sample.count(byte) for byte in _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(sample):
        return None, "binary"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")  # strict: the five bytes cp1252 leaves undefined fail here
    except UnicodeDecodeError:
        return None, "undecodable"
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii > _MAX_CP1252_NON_ASCII_SHARE * len(text):
        return None, "undecodable"
    return text, "cp1252"


def _canonical_hash(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _loads(text: str, max_depth: int, at_line: bool) -> tuple[object, str | None]:
    """(the parsed JSON, None), or (None, why it is malformed). json.loads recurses per level, so nesting deeper
    than `max_depth` is refused before it starts."""
    too_deep = f"the JSON is nested deeper than {max_depth} levels"
    if json_too_deep(text, max_depth):
        return None, too_deep
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"bad JSON at line {error.lineno}: {error.msg}" if at_line else f"bad JSON: {error.msg}"
    except RecursionError:  # the pre-scan's bound is far below Python's; kept as a second line
        return None, too_deep


def _json_records(text: str, name: str, source_path: str, size: int, lines: bool,
                  max_depth: int = MAX_JSON_DEPTH) -> Iterator[RawDoc | Reject]:
    if lines:
        # split on "\n" only: str.splitlines() would also break on U+2028 inside a JSON string
        numbered = [(f"{name}#{i}", line) for i, line in enumerate(text.split("\n"), start=1) if line.strip()]
        for record_name, line in numbered:
            record, problem = _loads(line, max_depth, at_line=False)
            yield (_reject(record_name, source_path, "malformed", problem, size) if problem
                   else _json_doc(record, record_name, source_path, size))
        return
    payload, problem = _loads(text, max_depth, at_line=True)
    if problem:
        yield _reject(name, source_path, "malformed", problem, size)
    elif isinstance(payload, list):
        for i, record in enumerate(payload, start=1):
            yield _json_doc(record, f"{name}#{i}", source_path, size)
    else:
        yield _json_doc(payload, name, source_path, size)


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def _json_doc(record, name: str, source_path: str, size: int) -> RawDoc | Reject:
    if not isinstance(record, dict):
        return _reject(name, source_path, "malformed", f"a JSON {type(record).__name__}, not an object", size)
    text = record.get("text")
    if not isinstance(text, str):
        return _reject(name, source_path, "malformed", "the record has no string `text` field", size)
    digest = _canonical_hash(record)
    if not text.strip():
        return _reject(name, source_path, "empty", "the record's `text` is blank", size, digest)
    return RawDoc(source_name=name, source_path=source_path, fmt="json", content_hash=digest, raw_text=text,
                  title=_optional_str(record, "title"), url=_optional_str(record, "url"),
                  published=_optional_str(record, "published"))  # fmt: skip


# Main text of recent pages, so scan() and text_of() do not run trafilatura twice on the same page.
_HTML_TEXT_CACHE: OrderedDict[str, str] = OrderedDict()
_HTML_TEXT_CACHE_SIZE = 256
# Dates only from the page's metadata and markup, not guessed from dates in the article text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _html_main_text(html: str) -> str | None:
    import trafilatura  # heavy import, needed only for html inputs

    return trafilatura.extract(html, include_comments=False, date_extraction_params=_DATE_PARAMS)


def _html_doc(html: str, name: str, source_path: str, size: int, digest: str) -> RawDoc | Reject:
    import trafilatura

    document = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True,
                                           date_extraction_params=_DATE_PARAMS)  # fmt: skip
    main_text = (document.text if document is not None else None) or ""
    if not main_text.strip():
        return _reject(name, source_path, "empty", "trafilatura found no main text in the HTML", size, digest)
    _HTML_TEXT_CACHE[digest] = main_text
    if len(_HTML_TEXT_CACHE) > _HTML_TEXT_CACHE_SIZE:
        _HTML_TEXT_CACHE.popitem(last=False)
    return RawDoc(source_name=name, source_path=source_path, fmt="html", content_hash=digest, raw_text=html,
                  title=document.title or None, url=document.url or None, published=document.date or None)  # fmt: skip
