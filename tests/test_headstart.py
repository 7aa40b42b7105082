"""The head start (articles parsed while the Prefect API starts) and the checker process give the flow exactly
what it would have computed itself."""

from __future__ import annotations

from pathlib import Path

from parley import checker, headstart
from parley.config import settings
from parley.enrich import process_batch
from parley.extract import scan
from parley.types import RawDoc
from parley.validate import validate

ARTICLES = {
    "a.txt": "Ministers met in Paris\n\nThe French foreign minister met her German counterpart in Paris on Monday. "
             "\"We agreed on the budget,\" she told reporters after the talks.\n",
    "b.txt": "Talks on trade\n\nThe Japanese prime minister said on Tuesday that the trade talks would go on next "
             "week in Tokyo, according to officials close to the negotiations.\n",
}


def _folder(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    return source


def test_head_start_results_equal_the_flows_own(tmp_path):
    source = _folder(tmp_path)
    raws = [item for item in scan(source, settings().max_file_bytes) if isinstance(item, RawDoc)]
    headstart.begin(source, tmp_path / "none.duckdb")  # no warehouse yet: every input is new
    headstart._thread.join()  # let it finish its work before the flow "asks"
    try:
        ready = headstart.take(raws)
        assert set(ready) == set(ARTICLES)
        assert [ready[r.source_name] for r in raws] == process_batch(raws, head_start=False)
        assert headstart.take(raws) == {}  # handed over once
    finally:
        headstart.end()


def test_head_start_skips_a_changed_input(tmp_path):
    source = _folder(tmp_path)
    headstart.begin(source, tmp_path / "none.duckdb")
    headstart._thread.join()
    try:
        (source / "a.txt").write_text(ARTICLES["a.txt"] + "A line added after the head start.\n", encoding="utf-8")
        raws = [item for item in scan(source, settings().max_file_bytes) if isinstance(item, RawDoc)]
        processed = process_batch(raws)  # takes b.txt from the head start, parses the new a.txt itself
        assert "added after the head start" in processed[0].clean.body
        assert processed == process_batch(raws, head_start=False)
    finally:
        headstart.end()


def test_checker_process_returns_the_in_process_result(seed_warehouse, tmp_path):
    checker.start()
    try:
        result = checker.validate(seed_warehouse, tmp_path / "docs-a", None, "run-a")
    finally:
        checker.stop()
    direct = validate(seed_warehouse, tmp_path / "docs-b", run_id="run-b")
    assert result is not None and result.success and result.passed == direct.passed > 0
    assert result.docs_path.is_file()
    assert checker.validate(seed_warehouse, tmp_path / "docs-c", None, "run-c") is None  # none started: caller checks
