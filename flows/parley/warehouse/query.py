"""Reading the published warehouse: `parley sql`, `parley runs` and `parley export`. Imports only DuckDB.

User SQL runs on a read-only connection with external access disabled and the configuration locked: it can read
the warehouse and nothing else (no files, no network, no ATTACH, no extensions), and cannot turn that back on.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TextIO
from uuid import UUID

import duckdb

from .sqlfiles import read_sql, sql_literal

SANDBOX = {"enable_external_access": False, "autoload_known_extensions": False, "lock_configuration": True}


class WarehouseError(Exception):
    """A one-line, user-facing reason the warehouse cannot be read."""


def open_warehouse(path: Path, sandboxed: bool = True, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `parley run` first, "
                             "or pass --warehouse / set PARLEY_WAREHOUSE")
    if path.is_dir():
        raise WarehouseError(f"{path} is a folder, not a DuckDB warehouse file")
    try:
        # `config` first: lock_configuration then keeps a reader's limits (memory_limit) from being raised.
        return duckdb.connect(str(path), read_only=True, config={**(config or {}), **(SANDBOX if sandboxed else {})})
    except duckdb.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {first}") from None


# --- output ----------------------------------------------------------------------------------------------------

def _plain(value):
    """A value as JSON has it: lists and structs as JSON, dates as ISO text."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (UUID, bytes)):
        return value.hex() if isinstance(value, bytes) else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _cell(value) -> str | None:
    """A CSV cell: NULL empty, lists and structs as JSON (not Python reprs)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    plain = _plain(value)
    return plain if isinstance(plain, (str, int, float)) else json.dumps(plain, ensure_ascii=False)


def write_relation(relation: duckdb.DuckDBPyRelation, fmt: str, out: TextIO, max_rows: int = 100) -> None:
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(relation.columns)
        writer.writerows([_cell(v) for v in row] for row in relation.fetchall())
    elif fmt == "json":
        rows = [dict(zip(relation.columns, (_plain(v) for v in row))) for row in relation.fetchall()]
        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(_table(relation, max_rows))


def _table(relation: duckdb.DuckDBPyRelation, max_rows: int) -> str:
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        relation.show(max_rows=max_rows, max_width=10_000)
    return buffer.getvalue()


def run_sql(con: duckdb.DuckDBPyConnection, text: str, fmt: str, out: TextIO, max_rows: int = 100) -> None:
    """Run every statement of `text` and show each result. CSV and JSON print one result, so they take one
    statement. Raises duckdb.Error (with the statement's number when there are several)."""
    statements = [s.query.strip() for s in con.extract_statements(text)]
    if not statements:
        raise ValueError("no SQL statement given")
    if fmt != "table" and len(statements) > 1:
        raise ValueError(f"--{fmt} prints one result, and the input has {len(statements)} statements: "
                         "run them one at a time")
    for number, statement in enumerate(statements, 1):
        if len(statements) > 1:
            out.write(f"-- statement {number} of {len(statements)}: {' '.join(statement.split())[:100]}\n")
        try:
            relation = con.sql(statement)
        except duckdb.Error as error:
            if len(statements) > 1:
                raise type(error)(f"statement {number} of {len(statements)}: {error}") from None
            raise
        if relation is None:
            out.write("OK\n")
        else:
            write_relation(relation, fmt, out, max_rows)


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int) -> duckdb.DuckDBPyRelation:
    return con.sql(read_sql("cli/recent_runs"), params={"limit": limit})


# --- export ----------------------------------------------------------------------------------------------------

def _csv_select(con: duckdb.DuckDBPyConnection, view: str) -> str:
    """SELECT for a CSV export: list and struct columns as JSON text, like `parley sql --csv`."""
    relation = con.sql(f"SELECT * FROM bi.{view}")
    columns = []
    for name, kind in zip(relation.columns, relation.types):
        quoted = '"' + name.replace('"', '""') + '"'
        nested = str(kind).endswith("[]") or str(kind).upper().startswith(("STRUCT", "MAP"))
        columns.append(f"to_json({quoted})::VARCHAR AS {quoted}" if nested else quoted)
    return f"SELECT {', '.join(columns)} FROM bi.{view}"


def export(warehouse: Path, target: Path, fmt: str) -> dict:
    """Every bi view to <target>/<view>.<fmt>, plus manifest.json (run id; per view its description, rows and columns
    with their DuckDB types and descriptions). A Parquet file carries the same descriptions in its key-value
    metadata (parley.view, parley.description, parley.column.<name>), for readers that never see the manifest.

    Written into a temporary folder beside `target` and renamed into place at the end: a reader sees the old
    export or the whole new one, never a half-written one. Returns the manifest."""
    from .contract import views
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown export format {fmt!r} (parquet or csv)")
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    con = open_warehouse(warehouse, sandboxed=False)  # parley's own SQL: it writes the export files
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700: the export is for other users' tools too
    try:
        info = con.execute("SELECT run_id, published_at FROM bi.warehouse_info").fetchall()[0]
        manifest = {"warehouse": str(Path(warehouse).resolve()), "run_id": info[0],
                    "published_at": _plain(info[1]), "format": fmt, "views": {}}
        for (view,) in con.sql(read_sql("cli/bi_views")).fetchall():
            out = staging / f"{view}.{fmt}"
            select = _csv_select(con, view) if fmt == "csv" else f"SELECT * FROM bi.{view}"
            relation = con.sql(f"SELECT * FROM bi.{view}")
            described = views().get(view)
            texts = described.columns if described else {}
            columns = [{"name": name, "type": str(kind), "description": texts.get(name, "")}
                       for name, kind in zip(relation.columns, relation.types)]
            description = described.description if described else ""
            options = ("FORMAT csv, HEADER true" if fmt == "csv"
                       else f"FORMAT parquet, KV_METADATA {_kv_metadata(view, description, columns)}")
            con.execute(f"COPY ({select}) TO {sql_literal(out)} ({options})")
            rows = con.execute(f"SELECT count(*) FROM bi.{view}").fetchall()[0][0]
            # "columns" stays the list of names it always was; "fields" adds each one's type and description.
            manifest["views"][view] = {"file": out.name, "description": description, "rows": rows,
                                       "columns": relation.columns, "fields": columns}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        con.close()
    _swap_in(staging, target)
    return manifest


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kv_metadata(view: str, description: str, columns: list[dict]) -> str:
    """A DuckDB struct literal of the Parquet key-value metadata: the view, its description, one per column."""
    pairs = {"parley.view": f"bi.{view}", "parley.description": description}
    pairs |= {f"parley.column.{c['name']}": f"{c['type']}: {c['description']}" for c in columns}
    return "{" + ", ".join(f"{sql_literal(k)}: {sql_literal(v)}" for k, v in pairs.items()) + "}"


def _swap_in(staging: Path, target: Path) -> None:
    """Rename the finished export over `target`; an older export is moved aside first and then removed."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
