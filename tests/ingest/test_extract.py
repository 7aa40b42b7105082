"""scan() over good and bad inputs: every file becomes a RawDoc or a Reject with the right reason, never an error."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from parley.ingest import extract
from parley.ingest.clean import clean
from parley.ingest.extract import decode_bytes, scan, text_of
from parley.run.plan import PlanCounts, plan_inputs
from parley.types import RawDoc, Reject

from tests.conftest import DATA, SEEDS

HTML_PAGE = DATA / "inputs" / "news_page.html"
ARTICLE = "Lavrov met Cavusoglu in Sochi on Friday.\n\nThe ministers discussed Syria.\n"


def _scan(folder: Path, max_bytes: int = 100_000) -> dict[str, RawDoc | Reject]:
    return {item.source_name: item for item in scan(folder, max_bytes)}


def _planned(folder: Path, max_bytes: int = 100_000) -> dict[str, RawDoc | Reject]:
    """scan() then plan_inputs() on an empty warehouse: what a first run would load, duplicates rejected."""
    return {item.source_name: item for item in plan_inputs(scan(folder, max_bytes), {}, {}, "fp", PlanCounts())}


def _recording_reads(monkeypatch) -> list[str]:
    opened: list[str] = []
    real = extract._read_regular
    monkeypatch.setattr(extract, "_read_regular", lambda path, limit: opened.append(path.name) or real(path, limit))
    return opened


def _write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_text_files_are_read_exactly_in_sorted_recursive_order(tmp_path):
    _write(tmp_path, "b.txt", ARTICLE)
    _write(tmp_path, "a.txt", "\ufeff" + ARTICLE.replace("Friday", "Monday"))
    _write(tmp_path, "sub/c.txt", ARTICLE.replace("Sochi", "Ankara"))
    _write(tmp_path, ".hidden.txt", ARTICLE + "hidden")
    _write(tmp_path, ".git/d.txt", ARTICLE + "in a hidden folder")
    items = list(scan(tmp_path, 100_000))
    assert [item.source_name for item in items] == ["a.txt", "b.txt", "sub/c.txt"]
    assert all(isinstance(item, RawDoc) and item.fmt == "txt" for item in items)
    first = items[0]
    assert first.raw_text == ARTICLE.replace("Friday", "Monday")  # BOM dropped, nothing else touched
    assert first.content_hash == hashlib.sha256((tmp_path / "a.txt").read_bytes()).hexdigest()
    assert first.source_path == str(tmp_path / "a.txt")


def test_seed_folder_scans_clean(tmp_path):
    items = list(scan(SEEDS, 5_000_000))
    assert len(items) == 5 and all(isinstance(item, RawDoc) for item in items)
    assert items[2].raw_text == (SEEDS / items[2].source_name).read_text(encoding="utf-8")


def test_scan_is_a_lazy_generator(tmp_path, monkeypatch):
    for i in range(5):
        _write(tmp_path, f"{i}.txt", ARTICLE + str(i))
    opened = _recording_reads(monkeypatch)
    items = scan(tmp_path, 100_000)
    assert inspect.isgenerator(items)
    next(items)
    assert opened == ["0.txt"]


def test_empty_and_whitespace_files(tmp_path):
    _write(tmp_path, "zero.txt", b"")
    _write(tmp_path, "blank.txt", " \n\t\r\n ")
    _write(tmp_path, "nbsp.txt", "\ufeff\u00a0\n")
    found = _scan(tmp_path)
    assert {name: item.reason for name, item in found.items()} == {
        "zero.txt": "empty", "blank.txt": "empty", "nbsp.txt": "empty"}  # fmt: skip
    assert found["zero.txt"].size_bytes == 0


def test_binary_files_are_rejected(tmp_path):
    _write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _write(tmp_path, "doc.txt", b"Looks like text\x00\x00\x00 but has NUL bytes")
    found = _scan(tmp_path)
    assert found["image.png"].reason == "binary"
    assert found["doc.txt"].reason == "binary"


def test_latin1_text_is_decoded_as_cp1252(tmp_path):
    text = "Zürich café – “naïve” talks in Genève, said the ministers.\n"
    _write(tmp_path, "latin.txt", text.encode("cp1252"))
    doc = _scan(tmp_path)["latin.txt"]
    assert isinstance(doc, RawDoc) and doc.raw_text == text
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


def test_high_byte_noise_is_undecodable(tmp_path):
    noise = bytes(b for b in range(0xA0, 0x100)) * 8  # valid cp1252, but no language looks like this
    _write(tmp_path, "noise.txt", noise)
    _write(tmp_path, "undefined.txt", b"Abc \x81\x8d\x8f\x90 def " * 4)  # bytes undefined in cp1252, not UTF-8
    found = _scan(tmp_path)
    assert found["noise.txt"].reason == "undecodable"
    assert found["undefined.txt"].reason == "undecodable"


def test_oversized_files_are_rejected_without_reading(tmp_path, monkeypatch):
    _write(tmp_path, "big.txt", "x" * 2_000)
    _write(tmp_path, "small.txt", ARTICLE)
    opened = _recording_reads(monkeypatch)
    found = _scan(tmp_path, max_bytes=1_000)
    assert found["big.txt"].reason == "oversized" and found["big.txt"].size_bytes == 2_000
    assert isinstance(found["small.txt"], RawDoc)
    assert "big.txt" not in opened


def test_a_jsonl_record_too_long_to_parse_is_rejected_alone(tmp_path):
    records = [{"text": ARTICLE}, {"text": "Word " * 400}, {"text": ARTICLE + " Later."}]
    _write(tmp_path, "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    found = {item.source_name: item for item in scan(tmp_path, max_bytes=1_000_000, max_chars=1_000)}
    assert found["feed.jsonl#2"].reason == "oversized" and "2000 characters" in found["feed.jsonl#2"].detail
    assert isinstance(found["feed.jsonl#1"], RawDoc) and isinstance(found["feed.jsonl#3"], RawDoc)


def test_duplicates_name_the_first_file(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b/copy.txt", ARTICLE)
    _write(tmp_path, "c.txt", ARTICLE + "\nOne more sentence.")
    found = _planned(tmp_path)
    assert isinstance(found["a.txt"], RawDoc) and isinstance(found["c.txt"], RawDoc)
    duplicate = found["b/copy.txt"]
    assert duplicate.reason == "duplicate" and "a.txt" in duplicate.detail
    assert duplicate.content_hash == found["a.txt"].content_hash


def test_jsonl_records(tmp_path):
    records = [
        {"text": ARTICLE, "title": "Ministers meet", "url": "https://example.org/1", "published": "2016-07-01"},
        {"title": "no text here"},
        {"text": ARTICLE + "Second story."},
        {"published": "2016-07-01", "url": "https://example.org/1", "title": "Ministers meet", "text": ARTICLE},
    ]
    lines = [json.dumps(record, ensure_ascii=False) for record in records] + ["{broken json", ""]
    _write(tmp_path, "feed.jsonl", "\n".join(lines))
    found = _planned(tmp_path)
    assert sorted(found) == [f"feed.jsonl#{i}" for i in range(1, 6)]
    first = found["feed.jsonl#1"]
    assert (first.fmt, first.raw_text, first.title, first.url, first.published) == (
        "json", ARTICLE, "Ministers meet", "https://example.org/1", "2016-07-01")  # fmt: skip
    assert found["feed.jsonl#2"].reason == "malformed"
    assert isinstance(found["feed.jsonl#3"], RawDoc) and found["feed.jsonl#3"].title is None
    # the same record with its keys in another order has the same canonical hash
    assert found["feed.jsonl#4"].reason == "duplicate" and "feed.jsonl#1" in found["feed.jsonl#4"].detail
    assert found["feed.jsonl#5"].reason == "malformed"


def test_json_object_list_and_malformed(tmp_path):
    _write(tmp_path, "one.json", json.dumps({"text": ARTICLE, "title": "Ministers meet"}))
    _write(tmp_path, "many.json", json.dumps([{"text": ARTICLE + "A"}, "not an object", {"text": "   "}]))
    _write(tmp_path, "bad.json", '{"text": "unterminated')
    found = _scan(tmp_path)
    assert found["one.json"].title == "Ministers meet" and found["one.json"].fmt == "json"
    assert isinstance(found["many.json#1"], RawDoc)
    assert found["many.json#2"].reason == "malformed"
    assert found["many.json#3"].reason == "empty"
    assert found["bad.json"].reason == "malformed"


def test_unknown_extensions_and_unreadable(tmp_path):
    _write(tmp_path, "notes.md", ARTICLE)
    _write(tmp_path, "blob.bin", bytes(range(256)) * 8)
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    found = _scan(tmp_path)
    assert isinstance(found["notes.md"], RawDoc) and found["notes.md"].fmt == "txt"
    assert found["blob.bin"].reason == "binary"
    assert found["dangling.txt"].reason == "unreadable"


def test_html_page_main_text_and_metadata(tmp_path):
    shutil.copy(HTML_PAGE, tmp_path / "page.html")
    doc = _scan(tmp_path)["page.html"]
    assert doc.fmt == "html" and doc.raw_text == HTML_PAGE.read_text(encoding="utf-8")
    assert doc.title == "Lavrov and Cavusoglu discuss Syria ceasefire in Antalya"
    assert doc.url == "https://news.example.org/world/2021/06/30/lavrov-cavusoglu-antalya"
    assert doc.published.startswith("2021-06-30")
    main_text = text_of(doc)
    assert "humanitarian access has to be expanded" in main_text
    for furniture in ("Great article", "Join our Weekly Newsletter", "All rights reserved", "Politics"):
        assert furniture not in main_text
    extract._HTML_TEXT_CACHE.clear()
    assert text_of(doc) == main_text  # same text whether or not scan() ran in this process

    article = clean(main_text, doc.title, doc.published)
    assert article.title == doc.title and article.published_date == date(2021, 6, 30)
    assert article.dateline == "Antalya"
    assert article.body.startswith("Russian Foreign Minister Sergei Lavrov met")
    assert len(article.body.split("\n")) == 4


def test_html_without_main_text_is_empty(tmp_path):
    # a JavaScript app shell: the article arrives later in the browser, the file itself has no text
    _write(tmp_path, "shell.html", '<html><head><title>Loading</title></head><body><div id="app"></div>'
                                   "<script>window.start();</script></body></html>")
    assert _scan(tmp_path)["shell.html"].reason == "empty"


@pytest.mark.parametrize("reason", ["empty", "binary", "undecodable", "oversized", "malformed", "duplicate"])
def test_reject_details_are_sentences(tmp_path, reason):
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "binary.txt", b"\x00\x01\x02" * 10)
    _write(tmp_path, "undecodable.txt", b"\x81\x8d\x8f\x90 abc")
    _write(tmp_path, "oversized.txt", "y" * 600)
    _write(tmp_path, "malformed.json", "[")
    _write(tmp_path, "x1.txt", ARTICLE)
    _write(tmp_path, "x2.txt", ARTICLE)
    rejects = [item for item in _planned(tmp_path, 500).values() if isinstance(item, Reject)]
    assert sorted(r.reason for r in rejects) == sorted(["empty", "binary", "undecodable", "oversized", "malformed",
                                                        "duplicate"])  # fmt: skip
    chosen = next(r for r in rejects if r.reason == reason)
    assert len(chosen.detail.split()) >= 3


def test_special_files_are_rejected_without_being_opened(tmp_path, monkeypatch):
    import socket

    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block until a writer came
    os.symlink("/dev/zero", tmp_path / "zeros.txt")  # a device that never ends
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "feed.sock"))
    _write(tmp_path, "real.txt", ARTICLE)
    opened = _recording_reads(monkeypatch)
    try:
        found = _scan(tmp_path)
    finally:
        server.close()
    assert found["pipe.txt"].reason == "special" and "FIFO" in found["pipe.txt"].detail
    assert found["zeros.txt"].reason == "special" and "character device" in found["zeros.txt"].detail
    assert found["feed.sock"].reason == "special" and "socket" in found["feed.sock"].detail
    assert isinstance(found["real.txt"], RawDoc)
    assert opened == ["real.txt"]


def test_a_read_that_stalls_becomes_unreadable_and_the_scan_goes_on(tmp_path, monkeypatch):
    import threading

    _write(tmp_path, "a_stuck.txt", ARTICLE)
    _write(tmp_path, "b_fine.txt", ARTICLE + "More.")
    released = threading.Event()
    real = extract._read_regular

    def hanging_once(path, limit):
        if path.name == "a_stuck.txt":
            released.wait(30)  # like a read on a hung network mount
        return real(path, limit)

    monkeypatch.setattr(extract, "_read_regular", hanging_once)
    monkeypatch.setattr(extract, "READ_TIMEOUT_SECONDS", 0.2)
    try:
        found = _scan(tmp_path)
    finally:
        released.set()
    assert found["a_stuck.txt"].reason == "unreadable" and "stalled" in found["a_stuck.txt"].detail
    assert isinstance(found["b_fine.txt"], RawDoc) and found["b_fine.txt"].raw_text == ARTICLE + "More."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, codec):
    text = "Çavuşoğlu met Lavrov in Moscow on Tuesday.\n"
    data = text.encode(codec) if codec in ("utf-16", "utf-32") else (
        {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}[codec] + text.encode(codec))
    _write(tmp_path, "wide.txt", data)
    doc = _scan(tmp_path)["wide.txt"]
    assert isinstance(doc, RawDoc) and doc.raw_text == text


def test_a_bom_alone_is_empty_and_wide_binary_is_binary(tmp_path):
    _write(tmp_path, "bom.txt", " \n".encode("utf-16"))  # the mark, then whitespace only
    _write(tmp_path, "wide_noise.txt", b"\xff\xfe" + random.Random(7).randbytes(2_000))  # a blob that starts FF FE
    found = _scan(tmp_path)
    assert found["bom.txt"].reason == "empty"
    assert found["wide_noise.txt"].reason in ("binary", "undecodable")
