"""The warehouse lock and the run log: plain functions, no Prefect."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from parley.run import log
from parley.run.lock import RunLock, RunLocked, hold, lock_path


def test_one_holder_at_a_time_and_the_refusal_names_the_holder(tmp_path):
    published = tmp_path / "news.duckdb"
    with hold(published, "run-a") as first:
        with pytest.raises(RunLocked) as refused:
            RunLock(published, "run-b").acquire()
        assert str(refused.value).startswith(f"another run is building {published} (pid {os.getpid()}, started ")
        assert "run run-a" in str(refused.value)
        with hold(published, "run-a") as again:  # the same run re-enters its own lock
            assert again is first and first.still_held()
    second = RunLock(published, "run-b").acquire()  # released on exit
    second.release()


def test_the_kernel_releases_the_lock_of_a_killed_holder(tmp_path):
    published = tmp_path / "news.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from parley.run.lock import RunLock
        lock = RunLock({str(published)!r}, "doomed").acquire()
        print("held", flush=True)
        import time; time.sleep(300)
    """)], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(RunLocked):
        RunLock(published, "mine").acquire()
    holder.kill()
    holder.wait()
    RunLock(published, "mine").acquire(wait_seconds=10).release()


def test_a_lock_file_replaced_under_a_holder_is_no_longer_held(tmp_path):
    published = tmp_path / "news.duckdb"
    lock = RunLock(published, "run-a").acquire()
    lock_path(published).unlink()  # someone "cleaned up": a second run could now lock a new file
    assert not lock.still_held()
    lock.release()


def test_run_log_merges_start_and_end_and_names_killed_runs(tmp_path):
    published = tmp_path / "news.duckdb"
    log.append(published, dict(run_id="r1", started_at="2026-01-01T10:00:00", source_dir="/in"))
    log.append(published, dict(run_id="r1", finished_at="2026-01-01T10:01:00", status="checks_failed",
                                  message="1 check failed", files_seen=3))
    log.append(published, dict(run_id="r2", started_at="2026-01-01T11:00:00", source_dir="/in"))
    with log.log_path(published).open("a") as handle:
        handle.write('{"run_id": "r3", "started_at": "2026-01-01T12:')  # cut short by a full disk
    rows = {row["run_id"]: row for row in log.unrecorded_runs(published, recorded={"r0"}, current_run="r9")}
    assert rows["r1"]["status"] == "checks_failed" and rows["r1"]["files_seen"] == 3
    assert rows["r2"]["status"] == "failed" and rows["r2"]["message"] == log.KILLED_MESSAGE
    assert "r3" not in rows
    assert log.unrecorded_runs(published, recorded={"r1", "r2"}, current_run="r9") == []
    text = log.format_runs(log.unrecorded_runs(published, recorded=set(), current_run="r9"))
    assert "r1" in text and "checks_failed" in text and log.KILLED_MESSAGE in text


def test_run_log_never_raises(tmp_path):
    log.append(Path(tmp_path / "missing-dir" / "news.duckdb"), {"run_id": "x"})  # no folder: silently skipped
    assert log.runs(tmp_path / "missing-dir" / "news.duckdb") == []
