"""The parse process of a one-process `parley run` and the checker process give the flow exactly what it would
have computed itself, and no helper process outlives its run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from parley.checks import worker
from parley.checks.validate import validate
from parley.children import Forked
from parley.config import settings
from parley.ingest.extract import scan
from parley.run import parse_process
from parley.run.enrich import process_batch
from parley.types import RawDoc

from tests.conftest import SEEDS, command_line, query

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


def _raws(source: Path) -> list[RawDoc]:
    return [item for item in scan(source, settings().max_file_bytes) if isinstance(item, RawDoc)]


def test_parse_process_results_equal_the_flows_own(tmp_path):
    source = _folder(tmp_path)
    raws = _raws(source)
    parse_process.begin(source, tmp_path / "none.duckdb")  # no warehouse yet: every input is new
    try:
        # Nothing in this process imports for the children before receive(): the caller's imports come first.
        assert not [t for t in threading.enumerate() if t.name.startswith("parley-parse-receiver")]
        assert parse_process.take(raws) == {}
        parse_process.receive()
        ready = parse_process.take(raws)
        assert set(ready) == set(ARTICLES)
        assert [ready[r.source_name] for r in raws] == process_batch(raws)
        assert parse_process.take(raws) == {}  # handed over once
    finally:
        parse_process.end()


def test_two_parse_processes_share_the_chunks_and_give_the_flows_own_results(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    line = "The delegation from {} arrived in Geneva on Monday for another round of talks on fishing quotas.\n"
    for country in ("Norway", "Iceland", "Chile"):  # over CHUNK_WORDS each: one chunk apiece, two for one child
        (source / f"{country}.txt").write_text(f"Talks in Geneva\n\n{line.format(country) * 320}", encoding="utf-8")
    raws = _raws(source)
    parse_process.begin(source, tmp_path / "none.duckdb", processes=2)
    parse_process.receive()
    try:
        ready = parse_process.take(raws)
        assert set(ready) == {"Norway.txt", "Iceland.txt", "Chile.txt"}
        assert [ready[r.source_name] for r in raws] == process_batch(raws)
    finally:
        parse_process.end()


def test_an_input_changed_after_the_parse_process_read_it_is_parsed_again(tmp_path):
    source = _folder(tmp_path)
    parse_process.begin(source, tmp_path / "none.duckdb")
    parse_process.receive()
    try:
        before = _raws(source)
        assert set(parse_process.take(before[1:])) == {"b.txt"}  # one chunk: a.txt is parsed too, in its old version
        (source / "a.txt").write_text(ARTICLES["a.txt"] + "A line added after the parse.\n", encoding="utf-8")
        raws = _raws(source)
        assert parse_process.take(raws) == {}  # the old a.txt is not handed over for the new one
        processed = parse_process.processed(raws)
        assert "added after the parse" in processed[0].clean.body
        assert processed == process_batch(raws)
    finally:
        parse_process.end()


def test_a_dead_parse_process_leaves_the_parse_to_the_flow(tmp_path):
    source = _folder(tmp_path)
    raws = _raws(source)
    parse_process.begin(source, tmp_path / "none.duckdb")
    parse_process.receive()
    try:
        parse_process._children[0].kill()
        assert parse_process.take(raws) == {}
        assert parse_process.processed(raws) == process_batch(raws)
    finally:
        parse_process.end()


def test_checker_process_returns_the_in_process_result(seed_warehouse, tmp_path):
    worker.start()
    try:
        result = worker.validate(seed_warehouse, tmp_path / "docs-a", None, "run-a")
    finally:
        worker.stop()
    direct = validate(seed_warehouse, tmp_path / "docs-b", run_id="run-b")
    assert result is not None and result.success and result.passed == direct.passed > 0
    assert result.docs_path.is_file()
    assert worker.validate(seed_warehouse, tmp_path / "docs-c", None, "run-c") is None  # none started: caller checks


FACTS = {
    "mentions": "SELECT article_id, entity_id, start_char, end_char FROM bi.mentions ORDER BY ALL",
    "quotes": "SELECT article_id, speaker_entity_id, quote_text, start_char, end_char FROM bi.quotes ORDER BY ALL",
    "meetings": "SELECT meeting_id, meeting_date, place, status, mode, participant_ids FROM bi.meetings ORDER BY ALL",
}


def _command(tmp_path: Path) -> tuple[list[str], dict]:
    """`parley run` on the seeds, one process, as a user runs it: no Prefect server configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    warehouse = tmp_path / "w" / "news.duckdb"
    return [sys.executable, "-m", "parley.cli", "run", "--source", str(SEEDS), "--warehouse", str(warehouse)], env


@pytest.mark.slow
def test_the_command_publishes_what_a_run_parsing_in_its_own_process_finds(seed_warehouse, tmp_path):
    command, env = _command(tmp_path)
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "5 articles came parsed from the parse processes" in done.stderr
    for name, sql in FACTS.items():
        assert query(tmp_path / "w" / "news.duckdb", sql) == query(seed_warehouse, sql), name


@pytest.mark.slow
def test_no_helper_process_outlives_a_run_killed_with_sigkill(tmp_path):
    command, env = _command(tmp_path)
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the parse process, the checker and the Prefect API all started
            helpers = psutil.Process(run.pid).children(recursive=True)
            lines = [command_line(helper) for helper in helpers]
            if all(any(mark in line for line in lines) for mark in ("spawn_main", "parley.checks.worker", "uvicorn")):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the helpers did not all start: {lines}")
        run.send_signal(signal.SIGKILL)
        run.wait()
        _, alive = psutil.wait_procs(helpers, timeout=20)
        assert not alive, [command_line(helper) for helper in alive]
    finally:
        for process in [run, *helpers]:  # nothing left behind when the test fails
            try:
                process.kill()
            except (OSError, psutil.Error):
                pass


_PARENT = """
import os, signal, subprocess, sys
from parley.children import tied_to
child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                          "print('ready', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True,
                         preexec_fn=tied_to(os.getpid(), 0, signal.Signals[sys.argv[1]]))
child.stdout.readline()  # SIGTERM is ignored from here on
print(child.pid, flush=True)
signal.pause()
"""


@pytest.mark.parametrize("death_signal, dies", [("SIGKILL", True), ("SIGTERM", False)])
def test_a_helper_tied_by_sigkill_dies_with_its_parent_even_if_it_would_stop_slowly(death_signal, dies):
    """The Prefect API is tied by SIGKILL: on SIGTERM uvicorn shuts down gracefully with no time limit. Here the
    helper ignores SIGTERM outright; tied by SIGKILL it still dies when its parent is killed, tied by SIGTERM not."""
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, death_signal], stdout=subprocess.PIPE, text=True)
    helper = psutil.Process(int(parent.stdout.readline()))
    try:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        _, alive = psutil.wait_procs([helper], timeout=10 if dies else 2)
        assert (not alive) is dies
    finally:
        try:
            helper.kill()
        except psutil.Error:
            pass


def test_a_forked_copy_returns_its_result_or_none_when_it_fails():
    assert Forked(pow, 2, 5).result() == 32
    assert Forked(int, "not a number").result() is None
