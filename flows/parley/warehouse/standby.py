"""The standby file: a run's build starts from the file published one or more runs ago, not from a full copy.

At publish the replaced file is kept as `<stem>.standby.duckdb` (a hard link made before the rename: nothing is
copied, and a reader holding it keeps reading it unchanged). The next run renames the standby to its build file,
opens it read-write — which DuckDB refuses while any client holds it read-only (an fcntl lock; checked with the
duckdb 1.4/2.0 Python clients, the 1.5 CLI and duckdb-engine) — and SYNCs it to the published file: the articles
whose (run_id, content_hash, loaded_at) differ are deleted and re-read with their facts from the published file
(ATTACHed read-only), and the global tables (entities, meetings*, runs, rejects) get the rows that differ. The
writes are proportional to what changed since the standby was published, never to the warehouse's size.

Anything unexpected — no standby, a damaged one (its blocks are checksummed first: verify.py), a reader on it,
another layout or storage format, a sync error or a row count that differs afterwards — returns False with the
reason, and the caller makes today's full copy: correctness never depends on it.

Right after a publish the standby is synced forward to the new file (`refresh`), so at rest it holds the last
publish: a damaged published file is then replaced by it (`refusal` says why it cannot be, `restore` does it).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ..config import STORAGE_VERSION
from .sqlfiles import read_sql, sql_literal
from .storage import storage_version, wal_path
from .verify import Damaged, aside_path, check, file_problem, first_line, fsync_folder


class SyncError(RuntimeError):
    """The standby cannot be brought to the published state by a sync (the caller falls back to a full copy)."""


# Tables whose rows belong to one article: replaced whole for every article that differs.
ARTICLE_CHILDREN = ("mentions", "quotes", "meeting_reports")
# Rows that reference meetings (and entities): synced by difference, deleted before their parents.
MEETING_CHILDREN = ("meeting_sources", "meeting_participants", "meeting_countries")
# Tables nothing references: synced by difference on their primary key (entity_roles and person_links, without one:
# whole; both are small and rewritten whole by a run).
INDEPENDENT = ("pipeline_runs", "rejects", "schema_version", "entity_roles", "person_links")
# The sync runs in the flow's process beside everything the run holds; DuckDB's default is 80% of the machine per
# connection. The sync's joins read key columns and the changed rows only, and spill beyond this.
SYNC_CONNECTION = {"memory_limit": "512MB"}
KNOWN = {"articles", "entities", "meetings", *ARTICLE_CHILDREN, *MEETING_CHILDREN, *INDEPENDENT}


def standby_path(published: Path) -> Path:
    return published.with_name(f"{published.stem}.standby{published.suffix}")


def keep_as_standby(published: Path) -> None:
    """Before the build is renamed over `published`: give the current file a second name, so the rename leaves it
    as the standby instead of freeing it. No data is copied; a filesystem without hard links just has no standby."""
    standby = standby_path(published)
    link = standby.with_name(standby.name + ".link")
    try:
        link.unlink(missing_ok=True)
        if not published.exists() or wal_path(published).exists():
            standby.unlink(missing_ok=True)  # a stale standby must not outlive the file it was behind
            return
        os.link(published, link)
        os.replace(link, standby)
    except OSError:
        link.unlink(missing_ok=True)
        standby.unlink(missing_ok=True)


def take_standby(published: Path, build: Path, why: list[str] | None = None) -> bool:
    """Make `build` the standby brought up to the published state; False (and no build file) if it cannot be,
    with the reason appended to `why` (the run logs it)."""
    why = [] if why is None else why
    standby = standby_path(published)
    if not published.is_file() or not standby.is_file():
        why.append(f"there is no standby file {standby.name}")
        return False
    if wal_path(standby).exists() or wal_path(published).exists():
        why.append("a WAL file lies beside it or the published file")
        return False
    try:
        problem = file_problem(standby)  # a damaged block of an article the sync does not touch would be published
    except OSError as error:
        problem = f"it cannot be read ({error.strerror or error})"
    if problem:
        why.append(f"it is damaged: {problem}")
        return False
    try:
        # Renamed first: from here no new reader can open it by name; one that holds it keeps its lock, below.
        os.replace(standby, build)
    except OSError as error:
        why.append(f"it cannot be renamed ({error.strerror or error})")
        return False
    try:
        con = duckdb.connect(str(build), config=SYNC_CONNECTION)  # refused while any client holds the file
    except duckdb.Error as error:
        build.unlink(missing_ok=True)  # unlinked, never written: its reader keeps its snapshot
        why.append(f"it cannot be opened for writing, a reader may hold it ({first_line(error)})")
        return False
    synced = False
    try:
        sync(con, published)
        con.execute("CHECKPOINT")
        synced = True
    except (duckdb.Error, SyncError, OSError) as error:
        why.append(f"its sync failed: {first_line(error)}")
    finally:
        con.close()
    if not synced:  # half-synced or not at all: never used (the caller's full copy starts from scratch)
        for path in (build, wal_path(build)):
            path.unlink(missing_ok=True)
    return synced


def refresh(published: Path) -> str | None:
    """Right after a publish: sync the standby (the file just replaced) to the new published file, so that at
    rest it holds the last publish and can replace a damaged published file (restore). The next run's sync then
    finds little or nothing to do: the work moves, it is not doubled. Returns why not (the standby then stays one
    publish behind, as a build start it is still good; a half-synced one is removed)."""
    standby = standby_path(published)
    if not standby.is_file():
        return f"there is no standby file {standby.name}"
    try:
        con = duckdb.connect(str(standby), config=SYNC_CONNECTION)
    except duckdb.Error as error:
        return f"a reader holds it ({first_line(error)})"
    try:
        sync(con, published)
        con.execute("CHECKPOINT")
        return None
    except (duckdb.Error, SyncError, OSError) as error:
        con.close()
        con = None
        for path in (standby, wal_path(standby)):
            path.unlink(missing_ok=True)
        return f"its sync failed, so it was removed: {first_line(error)}"
    finally:
        if con is not None:
            con.close()


def refusal(published: Path, expected: dict | None) -> str | None:
    """Why the standby cannot replace a damaged published file, or None: it must be whole and hold the run log's
    last publish (`expected`, a run-log record with run_id and layout), in this version's storage format."""
    standby = standby_path(published)
    if not standby.is_file():
        return f"there is no standby file {standby.name}"
    if not expected:
        return "no run log records a publish, so nothing says which run it must hold"
    if wal_path(standby).exists():
        return "a WAL file lies beside it"
    try:
        found = check(standby, full=True)
    except Damaged as damage:
        return f"it is damaged too: {damage.what}"
    if found.run_id != expected.get("run_id"):
        return f"it holds an older run ({found.run_id}) than the last publish ({expected.get('run_id')})"
    if expected.get("layout") and found.layout != expected["layout"] or found.storage.rstrip("+") != STORAGE_VERSION:
        return "its schema changed: it is not in the layout the last publish wrote"
    return None


def restore(published: Path, moment: str) -> Path:
    """Put the standby (checked by `refusal`) in place of the damaged published file, keeping that file aside as
    `<name>.damaged-<moment>`: a hard link first, then one atomic rename, so the published name never goes
    missing. The standby is used up (no copy: the next run copies the restored file). Returns the aside path."""
    aside = aside_path(published, moment)
    os.link(published, aside)
    wal = wal_path(published)
    if wal.exists():
        os.replace(wal, wal.with_name(aside.name + ".wal"))
    os.replace(standby_path(published), published)
    fsync_folder(published.parent)
    return aside


def _layout(con: duckdb.DuckDBPyConnection, catalog: str) -> list:
    columns = con.execute("SELECT schema_name, table_name, column_index, column_name, data_type FROM duckdb_columns() "
                          "WHERE database_name = ? ORDER BY ALL", [catalog]).fetchall()
    views = con.execute("SELECT schema_name, view_name, sql, comment FROM duckdb_views() "
                        "WHERE database_name = ? AND NOT internal ORDER BY ALL", [catalog]).fetchall()
    marker = con.execute("SELECT comment FROM duckdb_tables() WHERE database_name = ? AND table_name = "
                         "'schema_version'", [catalog]).fetchall()
    return [columns, views, marker]


def _key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The primary key of `table`; for a meeting link table, which has none since schema version 3, the whole row
    (its rows are unique: the checks see to it). Only entity_roles, small and replaced whole, has no key."""
    if table in MEETING_CHILDREN:
        return [row[0] for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'pub' AND schema_name = 'main' "
            "AND table_name = ? ORDER BY column_index", [table]).fetchall()]
    rows = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE database_name = 'pub' "
                       "AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchall()
    return list(rows[0][0]) if rows else []


def sync(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Bring the database of `con` (an older published file) to the content of `published`. Raises SyncError."""
    if storage_version(con).rstrip("+") != STORAGE_VERSION:
        raise SyncError("the standby has another storage format")
    con.execute(f"ATTACH {sql_literal(published)} AS pub (READ_ONLY)")
    try:
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        if _layout(con, catalog) != _layout(con, "pub"):
            raise SyncError("the standby has another layout than the published file")
        tables = {row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'pub' AND schema_name = 'main'").fetchall()}
        if tables - KNOWN or not {"articles", "entities", "meetings"} <= tables:
            raise SyncError(f"tables the sync does not know: {sorted(tables - KNOWN)}")
        _sync_tables(con, sorted(tables))
        for table in tables:  # cheap (DuckDB keeps row counts): a sync that missed rows is never used
            mine, theirs = (con.execute(f"SELECT count(*) FROM {db}.main.{table}").fetchone()[0]
                            for db in (catalog, "pub"))
            if mine != theirs:
                raise SyncError(f"{table}: {mine} rows after the sync, {theirs} published")
    finally:
        con.execute("DETACH pub")


def _sync_tables(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Three transactions, children's deletes first (DuckDB checks a parent delete against children deleted in the
    same transaction). A failure part-way leaves a half-synced file: take_standby then deletes it."""
    keys = {table: _key(con, table) for table in tables}
    stray = con.execute("SELECT count(*) FROM main.entities WHERE entity_id NOT IN "
                        "(SELECT entity_id FROM pub.main.entities)").fetchone()[0]
    if stray:  # runs never delete entities: this file is not an older state of the published one
        raise SyncError(f"{stray} entities the published file does not have")
    con.execute(read_sql("load/sync_changed_articles"))  # temp batch_ids: the articles to replace
    con.execute(read_sql("load/sync_changed_meetings"))  # temp batch_meetings_gone
    con.begin()
    con.execute(read_sql("load/delete_article_children"))
    for table in MEETING_CHILDREN:
        con.execute(f"DELETE FROM main.{table} WHERE meeting_id IN (SELECT meeting_id FROM batch_meetings_gone)")
        _delete_gone(con, table, keys[table])
    con.commit()
    con.begin()
    con.execute(read_sql("load/delete_articles"))
    con.execute("DELETE FROM main.meetings WHERE meeting_id IN (SELECT meeting_id FROM batch_meetings_gone)")
    con.execute(read_sql("load/sync_entities"))
    for table in INDEPENDENT:
        if table in tables:
            _delete_gone(con, table, keys[table])
    con.commit()
    con.begin()
    # The run_id test only narrows the scan (batch_ids holds each published row's run): DuckDB then skips the row
    # groups of other runs instead of reading every body (0.66 s and 500 MB at 200,000 articles).
    con.execute("INSERT INTO main.articles SELECT * FROM pub.main.articles WHERE run_id IN (SELECT run_id FROM "
                "batch_ids) AND article_id IN (SELECT article_id FROM batch_ids)")
    for table in ARTICLE_CHILDREN:
        con.execute(f"INSERT INTO main.{table} SELECT t.* FROM pub.main.{table} AS t "
                    "SEMI JOIN batch_ids USING (article_id)")
    for table in ("meetings", *MEETING_CHILDREN, *(t for t in INDEPENDENT if t in tables)):
        con.execute(f"INSERT INTO main.{table} SELECT * FROM pub.main.{table} EXCEPT ALL SELECT * FROM main.{table}")
    con.commit()


def _delete_gone(con: duckdb.DuckDBPyConnection, table: str, key: list[str]) -> None:
    """Delete the rows of `table` that the published file does not have (as a whole row); the insert that follows
    adds the published rows it lacks. Without a primary key the table is small (entity_roles): replaced whole."""
    if not key:
        differs = con.execute(f"SELECT EXISTS (SELECT * FROM main.{table} EXCEPT SELECT * FROM pub.main.{table}) OR "
                              f"EXISTS (SELECT * FROM pub.main.{table} EXCEPT SELECT * FROM main.{table})").fetchone()[0]
        if differs:
            con.execute(f"DELETE FROM main.{table}")
        return
    columns = ", ".join(key)
    con.execute(f"DELETE FROM main.{table} WHERE ({columns}) IN (SELECT ({columns}) FROM "
                f"(SELECT * FROM main.{table} EXCEPT SELECT * FROM pub.main.{table}))")
