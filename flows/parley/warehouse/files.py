"""The build file and its atomic publish: connections, schema, the run's row in pipeline_runs.

A run never writes the published file: it starts a build file from the standby (the file published before,
synced: standby.py) or a copy of the published one, loads into that (load.py), validates it, and renames it over
the published one. All SQL is in sql/ (schema/, bi/, load/).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..config import STORAGE_VERSION
from .sqlfiles import read_sql, sql_folder
from .storage import layout_fingerprint, pin_storage, wal_path


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# --- connections and schema ------------------------------------------------------------------------------------

def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only)


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the WAL into the database file, then close: the file alone is then the whole database."""
    con.execute("CHECKPOINT")
    con.close()


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, then bi views and their descriptions; every statement is IF NOT EXISTS / OR REPLACE, so this is
    safe to re-run."""
    from .contract import comment_statements
    from .migrate import add_person_links, unkey_facts

    for name in sql_folder("schema") + sql_folder("bi"):
        con.execute(read_sql(name))
    unkey_facts(con)  # a file written before schema version 3 loses its fact tables' key constraints (migrate.py)
    add_person_links(con)  # a file written before schema version 4 gets its person_links (migrate.py)
    for statement in comment_statements():
        con.execute(statement)
    # The layout this file now has: a run with nothing new skips a file that has it (run/unchanged.py).
    con.execute(f"COMMENT ON TABLE schema_version IS '{layout_fingerprint()}'")


def prepare_build(published: Path, build: Path, why: list[str] | None = None) -> bool:
    """Start the build file from the standby synced to the published file (standby.py), else as a byte copy of the
    published one (no DuckDB lock needed), or as a new database. Returns True if the standby was used; why it was
    not is appended to `why`. Raises verify.Damaged, copying nothing, if the published file is damaged: a copy
    of it would fail the run deep inside, or publish the damage."""
    from .standby import take_standby
    from .verify import Damaged, file_problem

    published, build = Path(published), Path(build)
    for stale in (build, wal_path(build)):
        stale.unlink(missing_ok=True)
    used_standby = take_standby(published, build, why)
    if published.exists() and not used_standby:
        problem = file_problem(published)  # every block checksummed: as cheap as the copy that follows
        if problem:
            raise Damaged(published, problem)
        shutil.copyfile(published, build)
        if wal_path(published).exists():  # a published file is normally checkpointed; keep its WAL if it is not
            shutil.copyfile(wal_path(published), wal_path(build))
        pin_storage(build)
    # The setting applies to a file this connection creates; an existing build already has the pinned format.
    con = duckdb.connect(str(build), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        apply_schema(con)
    finally:
        close(con)
    return used_standby


def publish(build: Path, published: Path) -> None:
    """Atomically replace the published file by the (closed) build file.

    os.replace is an atomic rename on one filesystem: a reader that has the old file open keeps reading the old
    inode; a new connection sees the new file. The build's connection must be closed (see close()) first.
    """
    from .standby import keep_as_standby

    build, published = Path(build), Path(published)
    if wal_path(build).exists():  # not checkpointed: fold the WAL in, or refuse if it is still open
        close(connect(build))
        if wal_path(build).exists():
            raise RuntimeError(f"{build} still has a WAL file: close its connection before publishing")
    with build.open("rb") as handle:
        os.fsync(handle.fileno())
    # A WAL next to the published file would be replayed into the new file on its next read-write open.
    wal_path(published).unlink(missing_ok=True)
    keep_as_standby(published)  # the replaced file stays as the next run's starting point (standby.py)
    os.replace(build, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    relation = con.execute(read_sql("load/summary"))
    columns = [d[0] for d in relation.description]
    return dict(zip(columns, relation.fetchone()))


# --- runs and rejects ------------------------------------------------------------------------------------------

def start_run(con: duckdb.DuckDBPyConnection, run_id: str, source_dir: str) -> None:
    from .. import __version__

    con.execute(read_sql("load/start_run"), {"run_id": run_id, "started_at": utcnow(), "source_dir": str(source_dir),
                                             "parley_version": __version__, "storage_version": STORAGE_VERSION})


RUN_FIELDS = ("status", "files_seen", "articles_new", "articles_changed", "articles_unchanged", "rejected",
              "checks_passed", "checks_failed", "message")


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, **counts) -> None:
    """Record a run's outcome; fields not given keep their stored value."""
    unknown = set(counts) - set(RUN_FIELDS)
    if unknown:
        raise TypeError(f"finish_run: unknown fields {sorted(unknown)}")
    params = {name: counts.get(name) for name in RUN_FIELDS}
    con.execute(read_sql("load/finish_run"), {**params, "run_id": run_id, "finished_at": utcnow()})


def check_build_owner(build: Path, run_id: str) -> None:
    """Refuse to publish a build file this run did not make: its pipeline_runs must hold this run, published."""
    con = connect(build, read_only=True)
    try:
        row = con.execute("SELECT status FROM pipeline_runs WHERE run_id = ?", [run_id]).fetchone()
    finally:
        con.close()
    if row is None or row[0] != "published":
        raise RuntimeError(f"{build} is not the build of run {run_id}: not publishing it")


def remove_build(build: Path) -> None:
    for path in (Path(build), wal_path(Path(build))):
        path.unlink(missing_ok=True)
