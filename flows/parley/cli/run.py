"""`parley run` and `parley serve`: the pipeline once, or on a schedule."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..config import DEFAULT_SOURCE
from ..run.recover import EXIT_DAMAGED  # the published file is damaged and no standby can replace it
from ..run.summary import describe as _describe
from ..warehouse.verify import Damaged


def source_problem(source: Path) -> str | None:
    """Why `source` cannot be read as an input folder, or None. Checked before anything starts or is published."""
    if not source.exists():
        return f"--source {source}: no such folder"
    if not source.is_dir():
        return f"--source {source}: not a folder"
    if not os.access(source, os.R_OK | os.X_OK):
        return f"--source {source}: not readable"
    return None


def _startup_seconds() -> float:
    """Seconds since this process started (the interpreter and imports included), from the process table."""
    import psutil

    return time.time() - psutil.Process().create_time()


EXIT_LOCKED = 3  # another run holds the warehouse


def _run(args) -> int:
    if args.processes is None:
        from ..config import settings

        args.processes = settings().processes
    problem = source_problem(args.source)
    if problem:
        print(f"parley run: {problem}; nothing was published", file=sys.stderr)
        return 2
    if not args.verbose:  # the progress line stands in for Prefect's "task finished" line per batch and task
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")
    from ..run.lock import RunLocked, hold, new_run_id

    run_id = new_run_id()
    published = args.warehouse.resolve()
    try:
        # The lock first (a refused run fails at once) and held while a run with nothing new is told apart.
        with hold(published, run_id, args.wait):
            before = _verified_or_set_aside(args, published)  # a damaged file: restored, or exit 4 (run/recover.py)
            summary = None if args.rebuild else _unchanged_run(args, published, run_id)
            if summary is None:
                summary = _full_run(args, run_id)
            if summary is None:
                return 1
    except RunLocked as locked:
        print(locked, file=sys.stderr)
        return EXIT_LOCKED
    except Damaged as damaged:
        print(f"parley run: {damaged}", file=sys.stderr)
        return EXIT_DAMAGED
    total = _startup_seconds()
    summary["startup_seconds"] = round(max(total - summary["seconds"], 0.0), 1)
    summary["total_seconds"] = round(total, 1)
    if summary["status"] not in ("published", "unchanged"):
        print(_describe(summary), file=sys.stderr)
        return 1
    print(_describe(summary))
    if args.report:  # the page of what was just published, beside the warehouse
        from .report import write_page_line

        print(write_page_line(published))
    if args.rebuild:
        from ..run.recover import rebuild_note

        print(rebuild_note(published, before, summary))
    return 0


def _verified_or_set_aside(args, published: Path) -> dict | None:
    """Verify the published file (restoring a damaged one from its standby), or with --rebuild set it aside;
    the last publish record for a rebuild's note."""
    from ..run.recover import ensure_intact, set_aside

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    if args.rebuild:
        return set_aside(published, say)
    ensure_intact(published, say)
    return None


def _unchanged_run(args, published: Path, run_id: str) -> dict | None:
    """The summary of a run with nothing new, recorded in the run log without Prefect, spaCy or checks; None when
    the run has work to do (run/unchanged.py)."""
    from ..run.unchanged import unchanged_run

    return unchanged_run(args.source, published, run_id)


def _full_run(args, run_id: str) -> dict | None:
    """The Prefect flow; the server boots while the flow's packages import. None if the run failed (printed)."""
    from ..checks import worker
    from ..children import helper_niceness
    from ..run import parse_process, prefect_api
    from ..run.progress import count_inputs

    # At once: the model, Prefect and its API take seconds to load before the flow's own progress line starts.
    print(f"{count_inputs(args.source):,} inputs; loading the model and the Prefect API…", file=sys.stderr, flush=True)
    # Before Prefect loads: the checker imports great-expectations in its own process and the parse starts in
    # processes of its own (run/parse_process.py); with Dask the cluster's workers parse.
    niceness = helper_niceness(args.processes)
    worker.start(niceness)
    if not (args.dask_address or args.dask_workers):
        parse_process.begin(args.source, args.warehouse.resolve(), max(args.processes, 1))
    try:
        with prefect_api.api_server(niceness):
            from ..run.flow import ChecksFailed, RunFailed, run_once

            parse_process.receive()
            try:
                return run_once(args.source, args.warehouse, args.processes, args.batch_size, args.dask_address,
                                args.dask_workers, run_id=run_id)
            except ChecksFailed as failed:
                return failed.args[0]
            except RunFailed as failed:
                print(f"Run {run_id} failed: {failed}", file=sys.stderr)
                return None
    finally:
        parse_process.end()
        worker.stop()


def _serve(args) -> int:
    from ..run.serve import cron_problem, serve

    problem = source_problem(args.source) or cron_problem(args.cron)
    if problem:
        print(f"parley serve: {problem}", file=sys.stderr)
        return 2
    serve(Path(args.source).resolve(), Path(args.warehouse).resolve(), args.cron, args.name, args.wait)
    return 0


def register(command, with_warehouse) -> None:
    run = with_warehouse(command("run", "run the pipeline once and publish if checks pass"))
    run.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of articles (read recursively)")
    run.add_argument("--processes", type=int, default=None,
                     help="NLP worker processes on this machine (default: PARLEY_PROCESSES or 1)")
    run.add_argument("--batch-size", type=int, default=None,
                     help="articles per NLP batch (default: PARLEY_BATCH_SIZE or 256; 64 with several workers)")
    run.add_argument("--dask-address", default=None,
                     help="run NLP batches on this Dask scheduler, tcp://host:8786 (default: no Dask)")
    run.add_argument("--dask-workers", type=int, default=0,
                     help="start a local Dask cluster with N worker processes (0: none)")
    run.add_argument("--verbose", action="store_true", help="show Prefect's INFO line for every task run too")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="wait up to SECONDS for another run on the warehouse to finish (default: fail at once, exit 3)")
    run.add_argument("--rebuild", action="store_true",
                     help="set the published file aside (a damaged one) and rebuild the warehouse from --source")
    run.add_argument("--report", action="store_true",
                     help="after a successful publish, write the report page beside the warehouse (parley report)")
    run.set_defaults(func=_run)

    serve = with_warehouse(command("serve", "serve the flow on a cron schedule (Prefect deployment)"))
    serve.add_argument("--cron", required=True, help='cron expression, e.g. "0 * * * *"')
    serve.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of articles (read recursively)")
    serve.add_argument("--name", default="parley-scheduled", help="deployment name")
    serve.add_argument("--wait", type=float, default=600, metavar="SECONDS",
                       help="a scheduled run waits this long for a manual run to finish")
    serve.set_defaults(func=_serve)
