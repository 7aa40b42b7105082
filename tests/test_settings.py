"""PARLEY_* settings and --warehouse paths: a bad one is one line on stderr and exit 2, before anything starts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from parley.cli import main
from parley.config import ENV_NAMES, PROJECT_ROOT, SettingsError, settings

from tests.conftest import SEEDS


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.mark.parametrize("name, value, reason", [
    ("PARLEY_BATCH_SIZE", "abc", "not a whole number"),
    ("PARLEY_BATCH_SIZE", "0", "must be 1 or more"),
    ("PARLEY_PROCESSES", "1.5", "not a whole number"),
    ("PARLEY_PROCESSES", "-2", "must be 1 or more"),
    ("PARLEY_MAX_FILE_BYTES", "5MB", "not a whole number"),
    ("PARLEY_SPACY_MODEL", "", "must not be empty"),
    ("PARLEY_KNOWLEDGE_DIR", " ", "must not be empty"),
    ("PARLEY_EVAL_DIR", "", "must not be empty"),
])
@pytest.mark.parametrize("command", [["run"], ["check"], ["serve", "--cron", "0 * * * *"]])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, name, value, reason, command):
    monkeypatch.setenv(name, value)
    assert main([*command, "--source", str(tmp_path)] if command[0] != "check" else command) == 2
    assert one_line_error(capsys) == f"parley: {name}={value!r}: {reason}"
    assert not any(tmp_path.iterdir())  # nothing started, nothing written


def test_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("PARLEY_BATCH_SIZE", " 32 ")
    monkeypatch.setenv("PARLEY_KNOWLEDGE_DIR", "/somewhere/kb")
    assert settings().batch_size == 32 and settings().knowledge_dir == Path("/somewhere/kb")
    monkeypatch.setenv("PARLEY_BATCH_SIZE", "many")
    with pytest.raises(SettingsError, match="PARLEY_BATCH_SIZE='many'"):
        settings()
    monkeypatch.delenv("PARLEY_BATCH_SIZE")
    assert settings().batch_size == 256


def test_processes_default_comes_from_the_environment(tmp_path, monkeypatch):
    from parley.cli import parser
    from parley.cli import run as run_command

    monkeypatch.setenv("PARLEY_PROCESSES", "2")
    seen = {}
    monkeypatch.setattr(run_command, "source_problem", lambda source: seen.setdefault("processes", "stop"))
    args = parser().parse_args(["run", "--source", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")])
    assert args.processes is None  # the flag's default is the setting, read when the command runs
    run_command._run(args)
    assert args.processes == 2


def test_importing_the_config_stays_cheap():
    probe = "import sys, parley.config; print('pydantic' in sys.modules, 'pydantic_settings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_every_parley_variable_is_a_setting_in_help_and_in_the_readme(capsys):
    code = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "flows" / "parley").rglob("*.py"))
    used = set(re.findall(r"PARLEY_[A-Z0-9_]+", code))
    assert used <= set(ENV_NAMES), f"undeclared in config.SETTINGS: {sorted(used - set(ENV_NAMES))}"
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    help_text = capsys.readouterr().out
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in ENV_NAMES:
        assert name in help_text, name
        assert f"| `{name}` |" in readme, name


# --- --warehouse paths -----------------------------------------------------------------------------------------

def bad_warehouses(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("Lavrov met Kerry in Geneva.", encoding="utf-8")
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    folder = tmp_path / "folder.duckdb"
    folder.mkdir()
    return {
        "under a file": (not_duckdb / "sub" / "news.duckdb", "is not a folder"),  # readers: "no such folder"
        "a folder": (folder, "a folder, not a DuckDB file"),
        "not DuckDB": (not_duckdb, "not a DuckDB database file"),
        "empty": (empty, "not a DuckDB database file"),
    }


@pytest.mark.parametrize("case", ["under a file", "a folder", "not DuckDB", "empty"])
@pytest.mark.parametrize("command", [["run"], ["serve", "--cron", "0 * * * *"], ["check"], ["export", "OUT"],
                                     ["runs"]])
def test_a_bad_warehouse_path_is_one_line_and_exit_2(tmp_path, capsys, case, command):
    path, reason = bad_warehouses(tmp_path)[case]
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in command] + ["--warehouse", str(path)]
    if command[0] in ("run", "serve"):
        argv += ["--source", str(SEEDS)]
    assert main(argv) == 2
    line = one_line_error(capsys)
    if case == "under a file" and command[0] not in ("run", "serve"):
        reason = "no such folder"
    assert line.startswith(f"parley {command[0]}: --warehouse {path}: ") and reason in line, line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["check"], ["export", "OUT"]])
def test_a_reader_of_a_missing_warehouse_says_so(tmp_path, capsys, command):
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    for path, reason in ((tmp_path / "news.duckdb", "no such file"), (tmp_path / "gone" / "news.duckdb", "no such folder")):
        assert main([*argv, "--warehouse", str(path)]) == 2
        assert reason in one_line_error(capsys)


def test_a_writer_accepts_a_new_file_in_a_folder_still_to_create(tmp_path):
    from parley.cli.paths import warehouse_problem

    assert warehouse_problem(tmp_path / "new" / "deeper" / "news.duckdb", "run") is None
    assert not (tmp_path / "new").exists()  # the run creates it, not the check
    real = tmp_path / "real.duckdb"
    duckdb.connect(str(real)).close()
    assert warehouse_problem(real, "check") is None and warehouse_problem(real, "run") is None
