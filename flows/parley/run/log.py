"""The run log beside the warehouse (`news.duckdb.runs.jsonl`): every run, failed ones included.

A failed run never changes the published file, so its outcome is appended here (one JSON line when a run starts,
one when it ends; a run with nothing new, `unchanged`, writes one line and never touches the published file). `parley runs` shows the runs it holds that
bi.pipeline_runs does not yet; the next run copies the runs missing from `pipeline_runs` into
its build (a run with a start but no end line was killed), so the published `bi.pipeline_runs` shows them too.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

UNCHANGED = "unchanged"  # a run with nothing new (run/unchanged.py): only the run log records it
KILLED_MESSAGE = "the run stopped without recording an outcome (killed, or the machine stopped)"


def log_path(published: Path) -> Path:
    return published.with_name(published.name + ".runs.jsonl")


def append(published: Path, record: dict) -> None:
    """One line, written with a single O_APPEND write (never interleaved) and fsynced; never raises: the log must
    not turn a run's real error (a full disk, say) into another one."""
    line = json.dumps(record, default=str, sort_keys=True) + "\n"
    try:
        fd = os.open(log_path(published), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def runs(published: Path) -> list[dict]:
    """One dict per run in start order, the end line (if any) merged over the start line."""
    by_id: dict[str, dict] = {}
    try:
        lines = log_path(published).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # a line cut short by a full disk
            continue
        if isinstance(record, dict) and record.get("run_id"):
            by_id.setdefault(record["run_id"], {}).update(record)
    return list(by_id.values())


def unrecorded_runs(published: Path, recorded: set[str], current_run: str) -> list[dict]:
    """Runs of the log missing from `recorded` (pipeline_runs), as pipeline_runs rows; a run that never ended
    is `failed` with KILLED_MESSAGE."""
    rows = []
    for run in runs(published):
        if run["run_id"] in recorded or run["run_id"] == current_run:
            continue
        ended = run.get("finished_at") is not None
        rows.append(dict(
            run_id=run["run_id"], started_at=datetime.fromisoformat(run["started_at"]),
            finished_at=datetime.fromisoformat(run["finished_at"]) if ended else None,
            status=run.get("status") if ended else "failed", source_dir=run.get("source_dir"),
            message=run.get("message") if ended else KILLED_MESSAGE,
            **{k: run.get(k) for k in COUNT_FIELDS},
        ))
    return rows


COUNT_FIELDS = ("files_seen", "articles_new", "articles_changed", "articles_unchanged", "rejected", "checks_passed",
                "checks_failed")


def copy_into(con, published: Path, current_run: str) -> int:
    """Insert the runs of the log missing from the build's pipeline_runs (sql/load/insert_logged_runs.sql)."""
    import pyarrow as pa

    from ..warehouse.sqlfiles import read_sql

    recorded = {row[0] for row in con.execute("SELECT run_id FROM pipeline_runs").fetchall()}
    rows = unrecorded_runs(published, recorded, current_run)
    for row in rows:  # a run with nothing new left the published file as it was; pipeline_runs' CHECK predates it
        if row["status"] == UNCHANGED:
            row["status"] = "published"
    if rows:
        schema = pa.schema([("run_id", pa.string()), ("started_at", pa.timestamp("us")),
                            ("finished_at", pa.timestamp("us")), ("status", pa.string()), ("source_dir", pa.string()),
                            *((name, pa.int32()) for name in COUNT_FIELDS), ("message", pa.string())])
        con.register("batch_runs", pa.Table.from_pylist(rows, schema))
        try:
            con.execute(read_sql("load/insert_logged_runs"))
        finally:
            con.unregister("batch_runs")
    return len(rows)


def format_runs(rows: list[dict]) -> str:
    """Rows of `unrecorded_runs`, one line each."""
    lines = []
    for run in rows:
        counts = ", ".join(f"{k}={run[k]}" for k in COUNT_FIELDS if run.get(k) is not None)
        message = f" — {run['message']}" if run.get("message") else ""
        lines.append(f"{run['run_id']}  {run['started_at']}  {run['status']}  {counts}{message}")
    return "\n".join(lines)
