"""The storage format of the files parley writes (config.STORAGE_VERSION), so that older DuckDB clients open them."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .config import STORAGE_VERSION
from .sqlfiles import read_sql


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format of the connection's database file ("v1.4.0+": readable by DuckDB 1.4 and later)."""
    return con.execute(read_sql("load/storage_version")).fetchall()[0][0] or ""


def pin_storage(build: Path) -> None:
    """Rewrite a build file whose storage format is not STORAGE_VERSION (a warehouse written before the setting,
    or by another DuckDB default) into that format: COPY FROM DATABASE keeps tables, constraints, views, comments."""
    con = duckdb.connect(str(build), read_only=True)
    try:
        current = storage_version(con)
    finally:
        con.close()
    if current.rstrip("+") == STORAGE_VERSION:
        return
    pinned = build.with_name(build.name + ".pinned")
    for stale in (pinned, _wal(pinned)):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_literal(build)} AS old_build (READ_ONLY)")
        con.execute(f"ATTACH {_literal(pinned)} AS pinned (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("COPY FROM DATABASE old_build TO pinned")
        con.execute("DETACH pinned")
    finally:
        con.close()
    _wal(build).unlink(missing_ok=True)
    os.replace(pinned, build)
