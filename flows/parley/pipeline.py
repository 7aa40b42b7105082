"""The Prefect flow: a thin layer over the plain stage functions.

extract+plan (streaming) → enrich batches on the task runner → load each batch → merge meetings →
validate the build file with great-expectations → publish it atomically over the warehouse file.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from . import warehouse
from .config import DEFAULT_SOURCE, DEFAULT_WAREHOUSE, settings
from .enrich import nlp_fingerprint, process_batch
from .extract import scan
from .plan import PlanCounts, plan_inputs
from .prefect_api import api_server, wait_for_api
from .progress import Progress, count_inputs
from .types import ProcessedArticle, RawDoc, Reject


class ChecksFailed(RuntimeError):
    """Validation failed: the published warehouse was left as it was."""


def build_path(published: Path) -> Path:
    return published.with_name(published.stem + ".building" + published.suffix)


def failed_path(published: Path) -> Path:
    return published.with_name(published.stem + ".failed" + published.suffix)


def docs_dir(published: Path) -> Path:
    return published.parent / "gx_docs"


@task(name="enrich-batch", cache_policy=NO_CACHE, retries=0)
def enrich_batch(raws: list[RawDoc], model: str | None = None) -> list[ProcessedArticle]:
    return process_batch(raws, model)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(con, processed: list[ProcessedArticle], run_id: str) -> int:
    warehouse.write_articles(con, processed, run_id)
    return len(processed)


@task(name="merge-meetings", cache_policy=NO_CACHE)
def merge_meetings_task(con) -> None:
    warehouse.rebuild_meetings(con)


# Tables a run without new or changed articles writes to; everything else is the already-validated published data.
RUN_BOOKKEEPING_CHECKS = {"rejects", "pipeline_runs"}


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(build: Path, docs: Path, only: set[str] | None = None, run_id: str | None = None):
    from .validate import validate

    return validate(build, docs, only=only, run_id=run_id)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(build: Path, published: Path) -> None:
    warehouse.publish(build, published)


def _batches(items, size: int):
    """Group the planned stream into (raw docs, rejects) batches without materialising it."""
    raws: list[RawDoc] = []
    rejects: list[Reject] = []
    for item in items:
        (rejects if isinstance(item, Reject) else raws).append(item)
        if len(raws) >= size:
            yield raws, rejects
            raws, rejects = [], []
    if raws or rejects:
        yield raws, rejects


@flow(name="parley-run", log_prints=True)
def parley_run(
    source: str = str(DEFAULT_SOURCE),
    warehouse_file: str = str(DEFAULT_WAREHOUSE),
    batch_size: int | None = None,
    in_flight: int = 2,
) -> dict:
    """Run the pipeline once on `source` and publish into `warehouse_file` if every check passes."""
    if not Path(source).is_dir():  # a vanished feed folder must not publish an empty warehouse
        raise FileNotFoundError(f"source {source} is not a folder: nothing was published")
    logger = get_run_logger()
    cfg = settings()
    batch_size = batch_size or cfg.batch_size
    published = Path(warehouse_file).resolve()
    published.parent.mkdir(parents=True, exist_ok=True)
    build = build_path(published)
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    started = time.perf_counter()

    warehouse.prepare_build(published, build)
    con = warehouse.connect(build)
    warehouse.start_run(con, run_id, str(source))
    counts = PlanCounts()
    fingerprint = nlp_fingerprint(cfg.spacy_model)
    planned = plan_inputs(
        scan(Path(source), cfg.max_file_bytes),
        warehouse.stored_state(con), warehouse.stored_hash_owner(con), fingerprint, counts,
    )

    # Keep a bounded number of batches in flight: memory stays flat however large the input folder is.
    pending: deque = deque()
    loaded = words = 0
    progress = Progress(count_inputs(Path(source)), logger.info)

    def drain_one() -> None:
        nonlocal loaded, words
        processed = pending.popleft().result()
        load_batch(con, processed, run_id)
        loaded += len(processed)
        words += sum(len(p.clean.body.split()) for p in processed)
        progress.update(loaded + counts.unchanged + counts.rejected, words)

    for raws, rejects in _batches(planned, batch_size):
        if rejects:
            warehouse.write_rejects(con, rejects, run_id)
        if raws:
            pending.append(enrich_batch.submit(raws, cfg.spacy_model))
        while len(pending) >= max(in_flight, 1):
            drain_one()
    while pending:
        drain_one()
    progress.finish(loaded + counts.unchanged + counts.rejected, words)

    changed = counts.new + counts.changed > 0
    if changed:
        merge_meetings_task(con)
    run_counts = dict(
        files_seen=counts.files_seen, articles_new=counts.new, articles_changed=counts.changed,
        articles_unchanged=counts.unchanged, rejected=counts.rejected,
    )
    warehouse.finish_run(con, run_id, status="validating", **run_counts)
    totals = warehouse.summary(con)
    warehouse.close(con)

    result = validate_task(build, docs_dir(published), None if changed else RUN_BOOKKEEPING_CHECKS, run_id)
    con = warehouse.connect(build)
    status = "published" if result.success else "checks_failed"
    message = "; ".join(result.failures[:5])
    warehouse.finish_run(con, run_id, status=status, checks_passed=result.passed, checks_failed=result.failed,
                         message=message or None, **run_counts)
    warehouse.close(con)

    summary = dict(run_id=run_id, status=status, warehouse=str(published), seconds=round(time.perf_counter() - started, 1),
                   words_processed=words, checks_passed=result.passed, checks_failed=result.failed,
                   failures=result.failures, docs=str(result.docs_path), reject_reasons=counts.reject_reasons,
                   **run_counts, **totals)
    if not result.success:
        build.replace(failed_path(published))
        logger.error(f"{result.failed} check(s) failed; {published} left untouched. First: {result.failures[0]}")
        raise ChecksFailed(summary)
    publish_task(build, published)
    return summary


def make_task_runner(processes: int = 1, dask_address: str | None = None, dask_workers: int = 0):
    """Threads for one process; a process pool (model loaded once per worker) for several; Dask for a cluster."""
    if dask_address or dask_workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1, "processes": True})
    if processes > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        from .enrich import warm_up

        return ProcessPoolTaskRunner(max_workers=processes, initializer=warm_up, initargs=(settings().spacy_model,))
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def _preload_checks() -> None:
    """great-expectations takes seconds to import: do it while Prefect's server starts, not after the NLP."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True).start()


def run_once(source: Path, warehouse_file: Path, processes: int = 1, batch_size: int | None = None,
             dask_address: str | None = None, dask_workers: int = 0) -> dict:
    _preload_checks()
    workers = max(processes, dask_workers, 1)
    if batch_size is None and workers > 1:
        batch_size = 64  # finer batches keep every worker busy to the end of the input
    with api_server():
        wait_for_api()
        runner = make_task_runner(processes, dask_address, dask_workers)
        configured = parley_run.with_options(task_runner=runner)
        return configured(str(source), str(warehouse_file), batch_size, in_flight=workers + 1)
