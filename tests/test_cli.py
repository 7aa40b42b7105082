"""The `parley` command: fast paths stay free of heavy imports; errors are reported, not raised."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from conftest import SEEDS
from parley.cli import main


def small_warehouse(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA bi")
    con.execute("CREATE TABLE bi_articles AS SELECT 'a1' AS article_id, 'Lavrov met Kerry.' AS body")
    con.execute("CREATE VIEW bi.articles AS SELECT * FROM bi_articles")
    con.close()
    return path


def test_sql_prints_rows(tmp_path: Path, capsys):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    assert main(["sql", "--warehouse", str(warehouse), "--csv", "SELECT article_id, body FROM bi.articles"]) == 0
    out = capsys.readouterr().out
    assert "a1" in out and "Lavrov met Kerry." in out


def test_sql_reports_errors_and_missing_warehouse(tmp_path: Path, capsys):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    assert main(["sql", "--warehouse", str(warehouse), "SELECT nope FROM bi.articles"]) == 1
    assert "error" in capsys.readouterr().err
    assert main(["sql", "--warehouse", str(tmp_path / "missing.duckdb"), "SELECT 1"]) == 2


def test_sql_is_read_only(tmp_path: Path):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    assert main(["sql", "--warehouse", str(warehouse), "DROP VIEW bi.articles"]) == 1
    assert duckdb.connect(str(warehouse), read_only=True).sql("SELECT count(*) FROM bi.articles").fetchall() == [(1,)]


def test_sql_path_imports_neither_prefect_nor_great_expectations(tmp_path: Path):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    probe = textwrap.dedent(f"""
        import sys
        from parley.cli import main
        assert main(["sql", "--warehouse", {str(warehouse)!r}, "SELECT 1"]) == 0
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("prefect", "great_expectations", "spacy"))
        print("HEAVY", heavy)
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


@pytest.mark.slow
def test_run_command_with_two_processes_uses_one_prefect_api_and_exits_promptly(tmp_path: Path):
    """The command as a user runs it, with no Prefect server configured: worker processes and Prefect's own
    threads must all report to the run's one temporary API (Prefect logs "Starting temporary server" when it
    starts another), and the command must not hang at exit flushing logs to a stopped server."""
    source = tmp_path / "articles"
    source.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, source / seed.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    warehouse = tmp_path / "w" / "news.duckdb"
    command = [sys.executable, "-m", "parley.cli", "run", "--source", str(source), "--warehouse", str(warehouse),
               "--processes", "2"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "published" in done.stdout
    assert "Starting temporary server" not in done.stderr
    assert "Error logging to API" not in done.stderr
    assert duckdb.connect(str(warehouse), read_only=True).sql("SELECT count(*) FROM bi.articles").fetchall() == [(3,)]


def test_serve_never_overlaps_its_own_runs_and_waits_for_a_manual_one(tmp_path, monkeypatch):
    from parley import pipeline

    served = {}
    monkeypatch.setattr(pipeline.parley_run, "serve", lambda **kwargs: served.update(kwargs))
    assert main(["serve", "--cron", "0 * * * *", "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    assert served["limit"] == 1 and served["parameters"]["wait_seconds"] == 600


def test_runs_lists_failed_runs_from_the_run_log(tmp_path, capsys):
    from parley import runlog

    warehouse = tmp_path / "news.duckdb"
    runlog.append(warehouse, {"run_id": "r1", "started_at": "2026-01-01T10:00:00"})
    runlog.append(warehouse, {"run_id": "r1", "finished_at": "2026-01-01T10:00:09", "status": "failed",
                              "message": "OSError: [Errno 28] No space left on device"})
    assert main(["runs", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "r1" in out and "failed" in out and "No space left" in out
