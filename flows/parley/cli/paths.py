"""The `--warehouse` path of a command, checked before anything starts: a bad one is a one-line reason, exit 2."""

from __future__ import annotations

import os
from pathlib import Path

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file (its main header)
# Commands that write the warehouse (it may not exist yet: its folder is created) and those that only read it.
WRITERS = {"run", "serve"}
READERS = {"check", "export", "runs"}


def warehouse_problem(path: Path, command: str) -> str | None:
    """Why `command` cannot use `path` as its warehouse file, or None."""
    shown = f"--warehouse {path}"
    if path.is_dir():
        return f"{shown}: a folder, not a DuckDB file"
    if path.exists():
        if not path.is_file():
            return f"{shown}: not a regular file"
        try:
            with path.open("rb") as file:
                head = file.read(12)
        except OSError as error:
            return f"{shown}: cannot be read ({error.strerror})"
        if head[8:12] != DUCKDB_MAGIC:
            return f"{shown}: not a DuckDB database file"
        return None
    parent = path.parent
    if command in WRITERS:  # the run creates missing folders (the default warehouse/ on a first run)
        existing = next(p for p in (parent, *parent.parents) if p.exists() or p == p.parent)
        if not existing.is_dir():
            return f"{shown}: cannot create its folder {parent} ({existing} is not a folder)"
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"{shown}: cannot write in {existing}"
        return None
    if not parent.is_dir():
        return f"{shown}: no such folder {parent}"
    if command == "runs":  # a missing file is no runs yet, or failed runs only in the run log beside it
        return None
    return f"{shown}: no such file (run `parley run` first, or set PARLEY_WAREHOUSE)"
