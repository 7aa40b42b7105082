"""What a warehouse already holds, as the incremental plan (run/plan.py) needs it. Light on purpose: the CLI's
nothing-new check and the parse processes read it before anything heavy (pyarrow, Prefect, spaCy) is imported."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .sqlfiles import read_sql


def stored_state(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None]]:
    """source_name → (content_hash, nlp_fingerprint) of every stored article."""
    return {name: (content_hash, fingerprint) for name, content_hash, fingerprint
            in con.execute(read_sql("load/stored_state")).fetchall()}


def stored_hash_owner(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """content_hash → the source_name that owns it, to reject a new file that repeats a stored text."""
    return dict(con.execute(read_sql("load/stored_hash_owner")).fetchall())


def published_state(published: Path) -> tuple[dict, dict]:
    """stored_state and stored_hash_owner of the published file, opened read-only; empty when there is none yet or
    it cannot be read (everything is then new)."""
    if not published.is_file():
        return {}, {}
    try:
        con = duckdb.connect(str(published), read_only=True)
        try:
            return stored_state(con), stored_hash_owner(con)
        finally:
            con.close()
    except duckdb.Error:
        return {}, {}
