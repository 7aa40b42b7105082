"""`parley check --full`: the stored meeting tables against a full re-merge of every stored report, the check that
the incremental merges (merged.py) kept what a full one would write."""

from __future__ import annotations

import duckdb

from ..meetings.merge import merge_meetings
from .load import _meeting_tables, stored_meeting_reports

MEETING_TABLES = ("meetings", "meeting_participants", "meeting_countries", "meeting_sources")


def stored_meeting_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of the meeting tables, sorted."""
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall()) for t in MEETING_TABLES}


def full_merge_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """The rows a full re-merge of every stored report would write, sorted; nothing is written."""
    tables = _meeting_tables(merge_meetings(stored_meeting_reports(con)))
    return {t: sorted(zip(*(column.to_pylist() for column in tables[f"batch_{b}"].columns)))
            for t, b in zip(MEETING_TABLES, ("meetings", "participants", "countries", "sources"))}


def merge_differences(con: duckdb.DuckDBPyConnection) -> list[str]:
    """`parley check --full`: the meeting tables whose rows differ from a full re-merge (none: the incremental
    merges kept the tables a full one would write)."""
    stored, full = stored_meeting_rows(con), full_merge_rows(con)
    return [f"{t}: {len(set(stored[t]) ^ set(full[t]))} rows differ from a full re-merge"
            for t in MEETING_TABLES if stored[t] != full[t]]
