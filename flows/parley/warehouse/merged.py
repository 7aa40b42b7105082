"""The merged meetings a run re-merges: only the groups of reports its new, changed or removed reports touch.

Reports that share no token (meetings.merge.tokens: status, mode and a participant, or the country set) never
merge, and merge_entries folds each group connected by tokens as if it were alone. So a run finds the groups that
hold a token of a report it wrote or of a meeting it made stale (a source changed or gone), re-merges their
reports and replaces their meetings; every other meeting is what a full re-merge would write again. `parley check
--full` compares with a full re-merge (full_merge.py).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ..types import MeetingMention
from .sqlfiles import read_sql


def _find(parent: dict, x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _mention(status, mode, participants, countries) -> MeetingMention:
    return MeetingMention(list(participants), list(countries), None, None, None, None, status, mode, 0, 0)


def touched_reports(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[list[tuple[str, int]], list[str]]:
    """(reports to re-merge as (article_id, report_index), stale meeting ids) for the run `run_id`."""
    from ..meetings.merge import tokens

    stale = [row[0] for row in con.execute(read_sql("load/stale_meetings"), {"run_id": run_id}).fetchall()]
    seeds = {t for row in con.execute(read_sql("load/run_reports"), {"run_id": run_id}).fetchall()
             for t in tokens(_mention(*row[2:]))}
    if stale:
        con.register("batch_stale", pa.table({"meeting_id": stale}))
        try:
            rows = con.execute(read_sql("load/stale_meeting_tokens")).fetchall()
        finally:
            con.unregister("batch_stale")
        seeds |= {t for _, status, mode, people, countries in rows
                  for t in tokens(_mention(status, mode, people, countries))}
    if not seeds:
        return [], stale
    parent: dict = {}
    groups: list[tuple[tuple, list, list]] = []  # (a token, article ids, report indexes) per stored combination
    for status, mode, people, countries, article_ids, indexes in con.execute(read_sql("load/report_tokens")).fetchall():
        keys = tokens(_mention(status, mode, people, countries))
        root = _find(parent, keys[0])
        for key in keys[1:]:
            other = _find(parent, key)
            if other != root:
                parent[other] = root
        groups.append((keys[0], article_ids, indexes))
    touched = {_find(parent, t) for t in seeds}
    return [report for key, article_ids, indexes in groups if _find(parent, key) in touched
            for report in zip(article_ids, indexes)], stale
