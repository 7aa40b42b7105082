"""The stored layout of the files parley writes: their storage format (config.STORAGE_VERSION), so that older DuckDB
clients open them, and the fingerprint of their schema and bi views."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import duckdb

from ..config import SQL_DIR, STORAGE_VERSION
from .sqlfiles import read_sql, sql_literal


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


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
    for stale in (pinned, wal_path(pinned)):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {sql_literal(build)} AS old_build (READ_ONLY)")
        con.execute(f"ATTACH {sql_literal(pinned)} AS pinned (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("COPY FROM DATABASE old_build TO pinned")
        con.execute("DETACH pinned")
    finally:
        con.close()
    wal_path(build).unlink(missing_ok=True)
    os.replace(pinned, build)


@lru_cache(maxsize=1)
def layout_fingerprint() -> str:
    """Storage format + schema and bi SQL + contract: a warehouse whose stored layout differs is migrated by a run."""
    digest = hashlib.sha256(STORAGE_VERSION.encode())
    for path in sorted([*SQL_DIR.glob("schema/*.sql"), *SQL_DIR.glob("bi/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "layout " + digest.hexdigest()[:16]
