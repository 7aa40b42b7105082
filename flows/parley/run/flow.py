"""The Prefect flow: a thin layer over the plain stage functions.

extract+plan (streaming) → enrich batches on the task runner → load each batch → merge meetings →
validate the build file with great-expectations → publish it atomically over the warehouse file.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from ..checks.validate import row_problem
from ..children import helper_niceness
from ..config import DEFAULT_SOURCE, DEFAULT_WAREHOUSE, settings
from ..ingest.extract import scan
from ..knowledge.kb import KnowledgeBaseError, check_knowledge_base
from ..types import ProcessedArticle, RawDoc, Reject
from ..warehouse import files, load
from ..warehouse.stored import stored_hash_owner, stored_state
from ..warehouse.verify import Damaged
from . import enrich  # spaCy imports here, in the main thread, before the parse receivers start (parse_process)
from . import log, parse_process, recover
from .fingerprint import nlp_fingerprint
from .lock import RunLock, hold, new_run_id
from .plan import PlanCounts, plan_inputs
from .prefect_api import api_server, wait_for_api
from .progress import Progress, count_inputs
from .summary import describe, markdown
from .unchanged import unchanged_run


class ChecksFailed(RuntimeError):
    """Validation failed: the published warehouse was left as it was."""


class RunFailed(RuntimeError):
    """The run stopped on an error it names (a bad knowledge base, a full disk): the published warehouse was left
    as it was and the build removed."""


# Errors of the environment or the inputs that end a run with a one-line message; anything else is a bug whose
# traceback Prefect logs.
_ENVIRONMENT_ERRORS = (KnowledgeBaseError, Damaged, OSError, duckdb.IOException, duckdb.OutOfMemoryException,
                       duckdb.FatalException)  # DuckDB raises Fatal when a checkpoint cannot write (a full disk)


def build_path(published: Path, run_id: str) -> Path:
    """Each run builds into its own file: two runs can never write one build, even without the lock."""
    return published.with_name(f"{published.stem}.building-{run_id}{published.suffix}")


def _stale_builds(published: Path) -> list[Path]:
    """Build files (and WALs) of earlier runs that were killed; only the lock holder may remove them."""
    return sorted(published.parent.glob(f"{published.stem}.building*{published.suffix}*"))


def failed_path(published: Path) -> Path:
    return published.with_name(published.stem + ".failed" + published.suffix)


def docs_dir(published: Path) -> Path:
    return published.parent / "gx_docs"


@task(name="enrich-batch", cache_policy=NO_CACHE, retries=0)
def enrich_batch(raws: list[RawDoc], model: str | None = None) -> list[ProcessedArticle]:
    return parse_process.processed(raws, model)


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(con, processed: list[ProcessedArticle], run_id: str) -> list[tuple[ProcessedArticle, str]]:
    return load.load_articles(con, processed, run_id)


@task(name="merge-meetings", cache_policy=NO_CACHE)
def merge_meetings_task(con) -> None:
    load.rebuild_meetings(con)


# Tables a run without new or changed articles writes to; everything else is the already-validated published data.
RUN_BOOKKEEPING_CHECKS = {"rejects", "pipeline_runs"}


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(build: Path, docs: Path, only: set[str] | None = None, run_id: str | None = None):
    from ..checks import worker
    from ..checks.validate import validate

    return worker.validate(build, docs, only, run_id) or validate(build, docs, only=only, run_id=run_id)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(build: Path, published: Path, run_id: str, lock: RunLock) -> None:
    if not lock.still_held():
        raise RuntimeError(f"the lock {lock.path} is no longer this run's: not publishing {build}")
    files.check_build_owner(build, run_id)
    files.publish(build, published)


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


def _quarantine(processed: list[ProcessedArticle]) -> tuple[list[ProcessedArticle], list[Reject]]:
    """Split a batch into articles to load and rejects for those failing a row-level check (checks/validate.py: row_problem)."""
    keep, rejects = [], []
    for article in processed:
        problem = article.failure or row_problem(article)  # a stage that failed on this input (enrich.py) first
        if problem is None:
            keep.append(article)
        else:
            rejects.append(_reject_article(article, *problem))
    return keep, rejects


def _reject_article(article: ProcessedArticle, reason: str, detail: str) -> Reject:
    raw = article.raw
    return Reject(raw.source_name, raw.source_path, reason, detail, len(raw.raw_text.encode()), raw.content_hash)


def _now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()


@flow(name="parley-run", log_prints=True)
def parley_run(
    source: str = str(DEFAULT_SOURCE),
    warehouse_file: str = str(DEFAULT_WAREHOUSE),
    batch_size: int | None = None,
    in_flight: int = 2,
    wait_seconds: float = 0.0,
    run_id: str | None = None,
    scheduled: bool = False,
) -> dict:
    """Run the pipeline once on `source` and publish into `warehouse_file` if every check passes.

    One run at a time per warehouse (lock.py): a second run waits up to `wait_seconds`, then fails (RunLocked).
    A scheduled run (`parley serve`) first takes the nothing-new path `parley run` takes before Prefect starts, and
    leaves its summary in Prefect: a log line and a markdown artifact.
    """
    if not Path(source).is_dir():  # a vanished feed folder must not publish an empty warehouse
        raise FileNotFoundError(f"source {source} is not a folder: nothing was published")
    published = Path(warehouse_file).resolve()
    published.parent.mkdir(parents=True, exist_ok=True)
    run_id = run_id or new_run_id()
    with hold(published, run_id, wait_seconds) as lock:
        summary = unchanged_run(Path(source), published, run_id) if scheduled else None
        try:
            summary = summary or _locked_run(Path(source), published, run_id, batch_size, in_flight, lock)
        except ChecksFailed as failed:
            if scheduled:
                _report(failed.args[0])
            raise
    if scheduled:
        _report(summary)
    return summary


def _report(summary: dict) -> None:
    from prefect.artifacts import create_markdown_artifact

    get_run_logger().info(describe(summary))
    create_markdown_artifact(markdown(summary), key="parley-run-summary", description=describe(summary)[:200])


def _locked_run(source: Path, published: Path, run_id: str, batch_size: int | None, in_flight: int,
                lock: RunLock) -> dict:
    logger = get_run_logger()
    cfg = settings()
    batch_size = batch_size or cfg.batch_size
    build = build_path(published, run_id)
    started = time.perf_counter()
    log.append(published, dict(run_id=run_id, started_at=_now(), source_dir=str(source), pid=os.getpid()))
    counts = PlanCounts()
    run_counts: dict = {}
    con = progress = None
    try:
        check_knowledge_base(cfg.knowledge_dir)  # before any NLP: a bad row would fail deep inside the run
        recover.ensure_intact(published, logger.warning)  # a damaged file is restored from the standby, or stops
        for stale in _stale_builds(published):
            stale.unlink(missing_ok=True)
        prepared = time.perf_counter()
        why: list[str] = []
        from_standby = files.prepare_build(published, build, why)
        start = ("the standby, synced" if from_standby else "a copy of the published file" if published.exists()
                 else "a new file")
        if why and published.exists():
            start += f" (standby not used: {why[0]})"
        logger.info(f"build started from {start} in {time.perf_counter() - prepared:.2f} s")
        con = files.connect(build)
        log.copy_into(con, published, run_id)  # failed and killed runs join bi.pipeline_runs
        files.start_run(con, run_id, str(source))
        fingerprint = nlp_fingerprint(cfg.spacy_model)
        stored = stored_state(con)
        planned = plan_inputs(scan(source, cfg.max_file_bytes), stored, stored_hash_owner(con),
                              fingerprint, counts)

        # Keep a bounded number of batches in flight: memory stays flat however large the input folder is.
        pending: deque = deque()
        loaded = words = retired = 0
        progress = Progress(count_inputs(source), logger.info).start()

        def reject(rejects: list[Reject], planned_for_nlp: bool) -> None:
            nonlocal retired
            for r in rejects if planned_for_nlp else ():  # counted as new/changed by the plan: now rejected
                if r.source_name in stored:
                    counts.changed -= 1
                else:
                    counts.new -= 1
                counts.count_reject(r)
            retired += load.write_rejects(con, rejects, run_id)

        def drain_one() -> None:
            nonlocal loaded, words
            processed, quarantined = _quarantine(pending.popleft().result())
            # quote(): Prefect would otherwise walk every field of every article looking for futures (2.2 s a load
            # of 256 articles, 0.01 s quoted). Not for enrich_batch: a Dask worker does not unwrap it.
            refused = load_batch(con, quote(processed), run_id)
            quarantined += [_reject_article(a, "invalid_row", error) for a, error in refused]
            if quarantined:
                reject(quarantined, planned_for_nlp=True)
                logger.warning("quarantined " + "; ".join(f"{r.source_name}: {r.reason} ({r.detail})"
                                                          for r in quarantined[:5]))
            loaded += len(processed) - len(refused)
            words += sum(len(p.clean.body.split()) for p in processed)
            progress.update(loaded + counts.unchanged + counts.rejected, words)

        for raws, rejects in _batches(planned, batch_size):
            if rejects:
                reject(rejects, planned_for_nlp=False)
            if raws:
                pending.append(enrich_batch.submit(raws, cfg.spacy_model))
            while len(pending) >= max(in_flight, 1):
                drain_one()
        while pending:
            drain_one()
        progress.finish(loaded + counts.unchanged + counts.rejected, words)
        if parse_process.taken:
            logger.info(f"{parse_process.taken} articles came parsed from the parse processes (parse_process.py)")

        changed = counts.new + counts.changed + retired > 0
        if changed:
            merging = time.perf_counter()
            merge_meetings_task(con)
            logger.info(f"meetings merged in {time.perf_counter() - merging:.2f} s")  # parley bench --add-sizes reads it
        run_counts = dict(
            files_seen=counts.files_seen, articles_new=counts.new, articles_changed=counts.changed,
            articles_unchanged=counts.unchanged, rejected=counts.rejected,
        )
        files.finish_run(con, run_id, status="validating", **run_counts)
        totals = files.summary(con)
        files.close(con)
        con = None

        checking = time.perf_counter()
        result = validate_task(build, docs_dir(published), None if changed else RUN_BOOKKEEPING_CHECKS, run_id)
        logger.info(f"checks done in {time.perf_counter() - checking:.2f} s")
        con = files.connect(build)
        status = "published" if result.success else "checks_failed"
        message = "; ".join(result.failures[:5])
        files.finish_run(con, run_id, status=status, checks_passed=result.passed, checks_failed=result.failed,
                             message=message or None, **run_counts)
        files.close(con)
        con = None

        summary = dict(run_id=run_id, status=status, warehouse=str(published),
                       seconds=round(time.perf_counter() - started, 1), words_processed=words,
                       checks_passed=result.passed, checks_failed=result.failed, failures=result.failures,
                       docs=str(result.docs_path), reject_reasons=counts.reject_reasons, **run_counts, **totals)
        if not result.success:
            build.replace(failed_path(published))
            logger.error(f"{result.failed} check(s) failed; {published} left untouched. First: {result.failures[0]}")
            raise ChecksFailed(summary)
        publish_task(build, published, run_id, lock)
        published_facts = recover.after_publish(published, totals["articles"], logger.warning)
    except ChecksFailed:
        log.append(published, dict(run_id=run_id, finished_at=_now(), status="checks_failed", message=message,
                                      checks_passed=result.passed, checks_failed=result.failed, **run_counts))
        raise
    except BaseException as error:  # SIGTERM / Ctrl-C included: nothing of the run may stay on disk
        if progress is not None:
            progress.stop()
        _close_quietly(con)
        con = None
        # Prefect keeps the exception to exit; the frames it passed through would keep their DuckDB objects alive
        # with it, and DuckDB's bindings then print each one as "leaked" at exit. File and line stay printable.
        traceback.clear_frames(error.__traceback__)
        files.remove_build(build)
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        log.append(published, dict(run_id=run_id, finished_at=_now(), status="failed", message=text,
                                      **run_counts))
        if isinstance(error, _ENVIRONMENT_ERRORS):
            raise RunFailed(f"{text}; {published} was NOT changed") from error
        raise
    log.append(published, dict(run_id=run_id, finished_at=_now(), status="published", **run_counts,
                                  checks_passed=result.passed, checks_failed=result.failed, **published_facts))
    return summary


def _close_quietly(con) -> None:
    if con is not None:
        try:
            con.close()  # without the checkpoint: the disk may be full
        except duckdb.Error:
            pass


def make_task_runner(processes: int = 1, dask_address: str | None = None, dask_workers: int = 0):
    """Threads for one process; a process pool (model loaded once per worker) for several; Dask for a cluster."""
    if dask_address or dask_workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1, "processes": True})
    if processes > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=processes, initializer=enrich.warm_up,
                                     initargs=(settings().spacy_model,))
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def run_once(source: Path, warehouse_file: Path, processes: int = 1, batch_size: int | None = None,
             dask_address: str | None = None, dask_workers: int = 0, wait_seconds: float = 0.0,
             run_id: str | None = None) -> dict:
    """One run as the CLI makes it. The lock is taken first (a refused run fails at once, RunLocked) and the
    knowledge base checked before the Prefect API or the flow start."""
    run_id = run_id or new_run_id()
    with hold(Path(warehouse_file).resolve(), run_id, wait_seconds):
        try:
            check_knowledge_base()
        except KnowledgeBaseError as error:
            published = Path(warehouse_file).resolve()
            log.append(published, dict(run_id=run_id, started_at=_now(), finished_at=_now(), status="failed",
                                          source_dir=str(source), message=str(error)))
            raise RunFailed(f"{error}; {published} was NOT changed") from None
        workers = max(processes, dask_workers, 1)
        if batch_size is None and workers > 1:
            batch_size = 64  # finer batches keep every worker busy to the end of the input
        with api_server(helper_niceness(workers)):
            wait_for_api()
            # With parley run's parse processes (parse_process.py) the enrich tasks only take their results: a thread.
            runner = make_task_runner(1 if parse_process.active() else processes, dask_address, dask_workers)
            configured = parley_run.with_options(task_runner=runner)
            return configured(str(source), str(warehouse_file), batch_size, in_flight=workers + 1, run_id=run_id)
