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

from parley.cli import main

from tests.conftest import SEEDS


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
    starts another), and the command must not hang at exit flushing logs to a stopped server. It logs its
    progress and start-up time, and links no UI."""
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
    assert "View at" not in done.stderr  # no link to the temporary API's UI: it is gone when the run ends
    assert "3/3 inputs" in done.stderr  # progress as plain log lines when not on a terminal
    assert "s start-up" in done.stdout
    assert duckdb.connect(str(warehouse), read_only=True).sql("SELECT count(*) FROM bi.articles").fetchall() == [(3,)]

    # Again on the same folder: nothing new, decided without Prefect (no flow run is logged) and run-logged.
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "unchanged" in again.stdout and "nothing new" in again.stdout and "3 unchanged" in again.stdout
    assert "Flow run" not in again.stderr
    quiet_run = again.stdout.split()[1]
    # A changed input makes the next run a full one, which copies the unchanged run into bi.pipeline_runs.
    changed = source / sorted(p.name for p in source.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe talks will resume in the spring.\n",
                       encoding="utf-8")
    full = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert full.returncode == 0, full.stderr[-2000:]
    assert "published" in full.stdout and "1 changed, 2 unchanged" in full.stdout
    rows = duckdb.connect(str(warehouse), read_only=True).execute(
        "SELECT status, message FROM bi.pipeline_runs WHERE run_id = ?", [quiet_run]).fetchall()
    assert rows and rows[0][0] == "published" and rows[0][1].startswith("nothing new")


def test_the_temporary_prefect_api_runs_flows_without_heartbeats(monkeypatch):
    """Heartbeats let a lasting server notice a crashed flow run; the temporary API dies with its run, and the flow
    engine's join of the heartbeat thread cost up to 1 s at the end of every run. A configured server keeps them."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from parley.run import prefect_api

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]  # stands in for the server: no 10 s boot
    monkeypatch.setattr(prefect_api, "_start_uvicorn", lambda port, niceness: subprocess.Popen(sleeper))
    monkeypatch.setattr(prefect_api, "_drain_prefect_clients", lambda: None)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        configured = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value()
        assert configured
        with prefect_api.api_server():
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
            assert os.environ["PREFECT_API_URL"].startswith("http://127.0.0.1:")
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == configured
        assert "PREFECT_API_URL" not in os.environ
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}), prefect_api.api_server():
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == configured  # a configured server: left as it is


# --- parley sql: sandboxed, every statement shown, files and stdin, CSV and JSON -----------------------------

@pytest.fixture
def full_warehouse(tmp_path: Path) -> Path:
    """A warehouse with the whole schema, sample facts and one published run."""
    from parley.warehouse import files

    from tests.conftest import RUN, build_warehouse

    path = tmp_path / "wh" / "news.duckdb"
    path.parent.mkdir()
    build_warehouse(path)
    con = files.connect(path)
    files.finish_run(con, RUN, status="published")
    files.close(con)
    return path


@pytest.mark.parametrize("statement", [
    "COPY (SELECT 'x') TO '{warehouse}'",
    "SELECT * FROM read_text('/etc/passwd')",
    "ATTACH '{other}' AS other (READ_WRITE)",
    "SELECT * FROM glob('{folder}/*')",
    "SET enable_external_access = true",
    "INSTALL httpfs",
])
def test_sql_cannot_write_files_or_escape_the_warehouse(tmp_path: Path, capsys, statement: str):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    other = small_warehouse(tmp_path / "other.duckdb")
    before = warehouse.read_bytes(), other.read_bytes()
    sql = statement.format(warehouse=warehouse, other=other, folder=tmp_path)
    assert main(["sql", "--warehouse", str(warehouse), sql]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and ("disabled" in err or "locked" in err or "read-only" in err.lower())
    assert (warehouse.read_bytes(), other.read_bytes()) == before


def test_sql_shows_every_statement_and_refuses_several_for_csv(tmp_path: Path, capsys):
    warehouse = small_warehouse(tmp_path / "w.duckdb")
    assert main(["sql", "--warehouse", str(warehouse), "SELECT 41 + 1 AS answer; SELECT body FROM bi.articles"]) == 0
    out = capsys.readouterr().out
    assert "statement 1 of 2" in out and "42" in out and "statement 2 of 2" in out and "Lavrov met Kerry." in out
    assert main(["sql", "--warehouse", str(warehouse), "--csv", "SELECT 1; SELECT 2"]) == 1
    assert "one result" in capsys.readouterr().err
    assert main(["sql", "--warehouse", str(warehouse), "SELECT 1; SELECT nope"]) == 1
    assert "statement 2 of 2" in capsys.readouterr().err


def test_sql_reads_a_file_or_standard_input(tmp_path: Path, capsys, monkeypatch):
    import io

    warehouse = small_warehouse(tmp_path / "w.duckdb")
    script = tmp_path / "q.sql"
    script.write_text("SELECT article_id FROM bi.articles;\n", encoding="utf-8")
    assert main(["sql", "--warehouse", str(warehouse), "--csv", "-f", str(script)]) == 0
    assert capsys.readouterr().out.splitlines() == ["article_id", "a1"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("SELECT upper(body) AS b FROM bi.articles"))
    assert main(["sql", "--warehouse", str(warehouse), "--csv"]) == 0
    assert "LAVROV MET KERRY." in capsys.readouterr().out


def test_sql_csv_and_json_write_lists_as_json(tmp_path: Path, capsys):
    import json

    warehouse = small_warehouse(tmp_path / "w.duckdb")
    query = "SELECT ['Sergey Lavrov', 'John Kerry'] AS participants, DATE '2013-05-07' AS day, NULL AS nothing"
    assert main(["sql", "--warehouse", str(warehouse), "--csv", query]) == 0
    assert capsys.readouterr().out.splitlines()[1] == '"[""Sergey Lavrov"", ""John Kerry""]",2013-05-07,'
    assert main(["sql", "--warehouse", str(warehouse), "--json", query]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"participants": ["Sergey Lavrov", "John Kerry"], "day": "2013-05-07", "nothing": None}]


def test_sql_one_line_errors_for_missing_or_foreign_files(tmp_path: Path):
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("not a database\n" * 500, encoding="utf-8")
    for path, expected in ((tmp_path / "missing.duckdb", "no warehouse at"), (foreign, "cannot open"),
                           (tmp_path, "is a folder")):
        done = subprocess.run([sys.executable, "-m", "parley.cli", "sql", "--warehouse", str(path), "SELECT 1"],
                              capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and expected in done.stderr and "Traceback" not in done.stderr


# --- runs, export ----------------------------------------------------------------------------------------------

def test_runs_lists_recent_runs(full_warehouse: Path, capsys):
    import json

    from tests.conftest import RUN

    assert main(["runs", "--warehouse", str(full_warehouse), "--json"]) == 0
    (run,) = json.loads(capsys.readouterr().out)
    assert run["run_id"] == RUN and run["status"] == "published" and run["articles_new"] == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_bi_view_atomically(full_warehouse: Path, tmp_path: Path, fmt: str, monkeypatch):
    import json

    from parley.warehouse import query
    from parley.warehouse.contract import views

    target = tmp_path / "export"
    assert main(["export", "--warehouse", str(full_warehouse), "--format", fmt, str(target)]) == 0
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["views"]) == set(views()) and manifest["format"] == fmt
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    for view, entry in manifest["views"].items():
        rows = duckdb.sql(f"SELECT count(*) FROM {reader}('{target / entry['file']}')").fetchall()[0][0]
        assert rows == entry["rows"], view
    if fmt == "csv":  # lists as JSON text, as `parley sql --csv` writes them
        participants = duckdb.sql(f"SELECT participants FROM read_csv_auto('{target / 'meetings.csv'}')").fetchall()
        assert all(json.loads(p) for (p,) in participants)

    # A failure half-way (the first view written, the second fails) leaves the previous export whole and no
    # staging folder behind.
    monkeypatch.setattr(query, "read_sql", lambda name: "SELECT * FROM (VALUES ('articles'), ('vanished')) v(name)")
    with pytest.raises(duckdb.CatalogException):
        query.export(full_warehouse, target, fmt)
    assert json.loads((target / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "wh"]


# --- the command's shape ---------------------------------------------------------------------------------------

def test_bench_help_lists_the_bench_flags(capsys):
    with pytest.raises(SystemExit) as done:
        main(["bench", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--articles" in out and "--add-sizes" in out  # the bench's own flags, not a pointer to itself


def test_version_and_help_with_defaults_on_every_flag(capsys):
    from parley import __version__
    from parley.cli import parser

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith(f"parley {__version__} ")
    top = parser()
    for name, sub in top._subparsers._group_actions[0].choices.items():
        for action in sub._actions:
            if action.dest in ("help", "bench_args"):
                continue
            if name == "eval":
                continue  # owned by the evaluation
            assert action.help, f"parley {name} {action.dest} has no help"
            text = sub.formatter_class(name)._get_help_string(action)
            assert "default" in text or action.nargs == 0 or action.required, f"parley {name} {action.dest}"


def test_defaults_are_relative_to_the_working_directory(tmp_path: Path):
    probe = "from parley.cli import parser; a = parser().parse_args(['run']); print(a.source.resolve(), a.warehouse.resolve())"

    def defaults(**env) -> list[str]:
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}, **env}
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env,
                              check=True).stdout.split()

    assert defaults() == [str(tmp_path / "articles"), str(tmp_path / "warehouse" / "news.duckdb")]
    assert defaults(PARLEY_WAREHOUSE=str(tmp_path / "elsewhere.duckdb"))[1] == str(tmp_path / "elsewhere.duckdb")


def test_missing_or_unreadable_source_is_an_error_that_publishes_nothing(tmp_path: Path, capsys):
    warehouse = tmp_path / "w" / "news.duckdb"
    assert main(["run", "--source", str(tmp_path / "nope"), "--warehouse", str(warehouse)]) == 2
    assert "no such folder" in capsys.readouterr().err
    a_file = tmp_path / "file.txt"
    a_file.write_text("Lavrov met Kerry.", encoding="utf-8")
    assert main(["run", "--source", str(a_file), "--warehouse", str(warehouse)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert not warehouse.parent.exists()


def test_serve_never_overlaps_its_own_runs_and_waits_for_a_manual_one(tmp_path, monkeypatch):
    from parley.run import flow

    served = {}
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # a configured server: serve starts none
    monkeypatch.setattr(flow.parley_run, "serve", lambda **kwargs: served.update(kwargs))
    assert main(["serve", "--cron", "0 * * * *", "--source", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    assert served["limit"] == 1 and served["parameters"]["wait_seconds"] == 600
    assert served["parameters"]["scheduled"]  # each run takes the nothing-new path first and reports into Prefect


def test_serve_refuses_a_bad_cron_in_one_line(tmp_path, capsys):
    assert main(["serve", "--cron", "every hour", "--source", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("parley serve: --cron 'every hour': not a cron expression") and "\n" not in err


def test_runs_lists_failed_runs_from_the_run_log(tmp_path, capsys):
    from parley.run import log

    warehouse = tmp_path / "news.duckdb"
    log.append(warehouse, {"run_id": "r1", "started_at": "2026-01-01T10:00:00"})
    log.append(warehouse, {"run_id": "r1", "finished_at": "2026-01-01T10:00:09", "status": "failed",
                              "message": "OSError: [Errno 28] No space left on device"})
    assert main(["runs", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "r1" in out and "failed" in out and "No space left" in out


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o bashdefault -F _shtab_parley parley"),
                                           ("zsh", "#compdef parley")])
def test_print_completion_covers_the_sub_commands_and_their_flags(capsys, shell, marker):
    with pytest.raises(SystemExit) as done:
        main(["--print-completion", shell])
    script = capsys.readouterr().out
    assert done.value.code == 0 and marker in script
    assert all(word in script for word in ("serve", "--warehouse", "--cron", "--verbose"))
