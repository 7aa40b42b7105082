"""A run with nothing new, decided before Prefect, spaCy or great-expectations load (issue 14).

The CLI plans the inputs against the published warehouse, opened read-only, with the very functions the flow
uses (extract.scan, plan.plan_inputs, the same stored state and NLP fingerprint). When that plan has nothing to
process, no reject that insert_rejects.sql would record and no article to retire, and the file already has this
version's layout, a full run would only add its own pipeline_runs row: the run is then recorded in the run log
beside the warehouse (status `unchanged`; the next publishing run copies it into bi.pipeline_runs) and the
published file is left as it was, without a build, a copy or checks.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..config import STORAGE_VERSION, settings
from ..ingest.extract import scan
from ..knowledge.kb import KnowledgeBaseError, check_knowledge_base
from ..types import Reject, whole_file
from ..warehouse.sqlfiles import read_sql
from ..warehouse.storage import layout_fingerprint, storage_version, wal_path
from ..warehouse.stored import stored_hash_owner, stored_state
from . import log
from .fingerprint import nlp_fingerprint
from .plan import PlanCounts, plan_inputs

STATUS = log.UNCHANGED
MESSAGE = "nothing new: the published warehouse was left as it was (no build, no checks)"


def nothing_new(source: Path, published: Path) -> dict | None:
    """The plan's counts and the warehouse's totals if a run over `source` would change nothing in `published`;
    None if the full run must go ahead (it also reports a bad knowledge base or an unreadable warehouse)."""
    cfg = settings()
    if not published.is_file() or wal_path(published).exists():
        return None
    try:
        check_knowledge_base(cfg.knowledge_dir)
        fingerprint = nlp_fingerprint(cfg.spacy_model)
        con = duckdb.connect(str(published), read_only=True)
    except (KnowledgeBaseError, OSError, duckdb.Error):
        return None
    try:
        if not _current_layout(con):
            return None
        counts = PlanCounts()
        planned = plan_inputs(scan(source, cfg.max_file_bytes), stored_state(con), stored_hash_owner(con), fingerprint,
                              counts)
        rejects: list[Reject] = []
        for item in planned:
            if not isinstance(item, Reject):  # new or changed: it needs NLP
                planned.close()
                return None
            rejects.append(item)
        if _recorded_or_retired(con, rejects):
            return None
        relation = con.execute(read_sql("load/summary"))
        totals = dict(zip([d[0] for d in relation.description], relation.fetchone()))
    except duckdb.Error:
        return None
    finally:
        con.close()
    return dict(files_seen=counts.files_seen, articles_new=counts.new, articles_changed=counts.changed,
                articles_unchanged=counts.unchanged, rejected=counts.rejected, reject_reasons=counts.reject_reasons,
                **totals)


def unchanged_run(source: Path, published: Path, run_id: str) -> dict | None:
    """The summary of a run with nothing new, recorded in the run log; None when the run has work to do. The
    caller holds the lock (`parley run` before Prefect loads, a scheduled flow run first thing)."""
    started_at, started = datetime.now(timezone.utc), time.perf_counter()
    summary = nothing_new(source, published)
    if summary is not None:
        record(published, run_id, source, started_at, summary)
        summary.update(run_id=run_id, status=STATUS, warehouse=str(published),
                       seconds=round(time.perf_counter() - started, 1))
    return summary


def _current_layout(con: duckdb.DuckDBPyConnection) -> bool:
    """The file has this version's storage format, schema and bi views (else the full run would migrate it)."""
    if storage_version(con).rstrip("+") != STORAGE_VERSION:
        return False
    row = con.execute(read_sql("load/layout")).fetchone()
    return row is not None and row[0] == layout_fingerprint()


def _recorded_or_retired(con: duckdb.DuckDBPyConnection, rejects: list[Reject]) -> bool:
    """True if the full run would record one of these rejects (it is news, insert_rejects.sql) or retire an
    article of its input (retired_articles.sql)."""
    if not rejects:
        return False
    latest = list({r.source_name: r for r in rejects}.values())  # one per input, as warehouse/load.py write_rejects
    lists = dict(names=[r.source_name for r in latest], reasons=[r.reason for r in latest],
                 details=[r.detail for r in latest], hashes=[r.content_hash for r in latest],
                 whole=[whole_file(r.source_name) for r in latest])
    return con.execute(read_sql("load/rejects_that_change"), lists).fetchone()[0] > 0


def record(published: Path, run_id: str, source: Path, started_at: datetime, summary: dict) -> None:
    """The run's one line in the run log (`parley runs` shows it; the next publishing run copies it)."""
    counts = {k: summary[k] for k in ("files_seen", "articles_new", "articles_changed", "articles_unchanged",
                                      "rejected")}
    log.append(published, dict(run_id=run_id, started_at=_naive(started_at), source_dir=str(source),
                                  pid=os.getpid(), finished_at=_naive(datetime.now(timezone.utc)), status=STATUS,
                                  message=MESSAGE, **counts))


def _naive(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat()
