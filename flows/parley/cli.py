"""`parley` console command. Heavy packages (Prefect, great-expectations, spaCy) are imported inside the
sub-command that needs them, so `parley sql` starts in well under a second."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from .config import DEFAULT_SOURCE, DEFAULT_WAREHOUSE
from .evaluation.sets import add_arguments as add_eval_arguments


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
    problem = source_problem(args.source)
    if problem:
        print(f"parley run: {problem}; nothing was published", file=sys.stderr)
        return 2
    if sys.stderr.isatty():  # the progress line stands in for a "task finished" log line per batch
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")
    from .run.lock import RunLocked, hold, new_run_id

    run_id = new_run_id()
    published = args.warehouse.resolve()
    try:
        # The lock first (a refused run fails at once) and held while a run with nothing new is told apart.
        with hold(published, run_id, args.wait):
            summary = _unchanged_run(args, published, run_id)
            if summary is None:
                summary = _full_run(args, run_id)
            if summary is None:
                return 1
    except RunLocked as locked:
        print(locked, file=sys.stderr)
        return EXIT_LOCKED
    total = _startup_seconds()
    summary["startup_seconds"] = round(max(total - summary["seconds"], 0.0), 1)
    summary["total_seconds"] = round(total, 1)
    if summary["status"] not in ("published", "unchanged"):
        print(_describe(summary), file=sys.stderr)
        return 1
    print(_describe(summary))
    return 0


def _unchanged_run(args, published: Path, run_id: str) -> dict | None:
    """The summary of a run with nothing new, recorded in the run log without Prefect, spaCy or checks; None when
    the run has work to do (run/unchanged.py)."""
    from datetime import datetime, timezone

    from .run.unchanged import STATUS, nothing_new, record

    started_at, started = datetime.now(timezone.utc), time.perf_counter()
    summary = nothing_new(args.source, published)
    if summary is not None:
        record(published, run_id, args.source, started_at, summary)
        summary.update(run_id=run_id, status=STATUS, warehouse=str(published),
                       seconds=round(time.perf_counter() - started, 1))
    return summary


def _full_run(args, run_id: str) -> dict | None:
    """The Prefect flow; the server boots while the flow's packages import. None if the run failed (printed)."""
    from .checks import worker
    from .children import helper_niceness
    from .run import parse_process, prefect_api

    # Before Prefect loads: the checker imports great-expectations in its own process and the parse starts in
    # processes of its own (run/parse_process.py); with Dask the cluster's workers parse.
    niceness = helper_niceness(args.processes)
    worker.start(niceness)
    if not (args.dask_address or args.dask_workers):
        parse_process.begin(args.source, args.warehouse.resolve(), max(args.processes, 1))
    try:
        with prefect_api.api_server(niceness):
            from .run.flow import ChecksFailed, RunFailed, run_once

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


def _describe(s: dict) -> str:
    """The one-paragraph end-of-run summary."""
    rejected = ", ".join(f"{n} {reason}" for reason, n in sorted(s.get("reject_reasons", {}).items())) or "none"
    timing = f"in {s['seconds']} s"
    if "startup_seconds" in s:
        timing += f" (+ {s['startup_seconds']} s start-up: {s['total_seconds']} s in all)"
    if s["status"] == "unchanged":
        return (f"Run {s['run_id']} unchanged {timing}: {s['files_seen']} inputs seen — nothing new: "
                f"{s['articles_new']} new, {s['articles_changed']} changed, {s['articles_unchanged']} unchanged, "
                f"{s['rejected']} rejected as before ({rejected}). The warehouse "
                f"holds {s['articles']} articles, {s['mentions']} mentions of {s['entities']} entities, "
                f"{s['quotes']} quotes and {s['meetings']} meetings; {s['warehouse']} was left as it was (no checks "
                f"needed; the run is in the run log, `parley runs`).")
    head = (
        f"Run {s['run_id']} {s['status']} {timing}: {s['files_seen']} inputs seen — "
        f"{s['articles_new']} new, {s['articles_changed']} changed, {s['articles_unchanged']} unchanged, "
        f"{s['rejected']} rejected ({rejected}). The warehouse now holds {s['articles']} articles, "
        f"{s['mentions']} mentions of {s['entities']} entities, {s['quotes']} quotes and {s['meetings']} meetings. "
        f"Checks: {s['checks_passed']} passed, {s['checks_failed']} failed (report: {s['docs']})"
    )
    if s["status"] == "published":
        return head + f"; published to {s['warehouse']}."
    failures = "\n  - ".join(s.get("failures", [])[:10])
    return head + f"; {s['warehouse']} was NOT changed (build kept as *.failed.duckdb).\n  - {failures}"


def _serve(args) -> int:
    problem = source_problem(args.source)
    if problem:
        print(f"parley serve: {problem}", file=sys.stderr)
        return 2
    from .config import keep_prefect_offline

    keep_prefect_offline()
    from .run.flow import parley_run

    parley_run.serve(
        name=args.name,
        cron=args.cron,
        parameters={"source": str(Path(args.source).resolve()), "warehouse_file": str(Path(args.warehouse).resolve()),
                    "wait_seconds": args.wait},
        limit=1,  # never two of its own runs at once; the lock makes a manual run wait or fail
    )
    return 0


def _read_query(args) -> str:
    if args.file is not None:
        return Path(args.file).read_text(encoding="utf-8") if str(args.file) != "-" else sys.stdin.read()
    if args.query in (None, "-"):
        if args.query is None and sys.stdin.isatty():
            raise ValueError("give a query, -f FILE, or SQL on standard input")
        return sys.stdin.read()
    return args.query


def _output_format(args) -> str:
    return "csv" if args.csv else "json" if args.json else "table"


def _reading(action):
    """Run a read-only sub-command: a warehouse that cannot be opened, bad input or SQL errors are one message
    and an exit code (2: nothing to read, 1: the SQL failed), never a traceback."""
    def command(args) -> int:
        import duckdb

        from .warehouse.query import WarehouseError, open_warehouse

        try:
            con = open_warehouse(args.warehouse)
        except WarehouseError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        try:
            action(con, args)
        except (duckdb.Error, ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            con.close()
        return 0
    return command


def _sql(con, args) -> None:
    from .warehouse.query import run_sql

    run_sql(con, _read_query(args), _output_format(args), sys.stdout, args.max_rows)


def _runs(args) -> int:
    """bi.pipeline_runs of the published warehouse, then the runs only the run log knows yet: those that failed
    since the last publish (a failed run never changes the published file; the next run copies them in)."""
    from .run.log import format_runs, unrecorded_runs
    from .warehouse.query import recent_runs, write_relation

    recorded: set[str] = set()

    def show(con, args) -> None:
        write_relation(recent_runs(con, args.limit), _output_format(args), sys.stdout, args.limit)
        recorded.update(row[0] for row in con.execute("SELECT run_id FROM bi.pipeline_runs").fetchall())

    if Path(args.warehouse).exists() and (code := _reading(show)(args)):
        return code
    pending = unrecorded_runs(Path(args.warehouse).resolve(), recorded, current_run="")
    if pending:
        print(f"not yet in bi.pipeline_runs (from the run log beside it):\n{format_runs(pending)}")
    elif not recorded:
        print(f"no runs recorded for {args.warehouse}", file=sys.stderr)
    return 0


def _export(args) -> int:
    from .warehouse.query import WarehouseError, export

    try:
        manifest = export(args.warehouse, args.directory, args.format)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    rows = sum(v["rows"] for v in manifest["views"].values())
    print(f"exported {len(manifest['views'])} bi views ({rows} rows, run {manifest['run_id']}) as {args.format} "
          f"to {Path(args.directory).resolve()}")
    return 0


def _check(args) -> int:
    from .checks.validate import validate

    result = validate(Path(args.warehouse), Path(args.warehouse).parent / "gx_docs")
    print(f"{result.passed} checks passed, {result.failed} failed. Report: {result.docs_path} "
          f"(great-expectations Data Docs: {result.gx_docs_path})")
    for failure in result.failures:
        print(f"  - {failure}")
    return 0 if result.success else 1


def _eval(args) -> int:
    if args.gold is None:
        from .evaluation.sets import main as eval_all

        return eval_all(args)
    from .evaluation.score import evaluate, format_report

    report = evaluate(Path(args.warehouse or DEFAULT_WAREHOUSE), Path(args.gold))
    print(format_report(report))
    return 0


def _bench(args) -> int:
    from .bench.main import main as bench_main

    return bench_main(args.bench_args)


def _version() -> str:
    import duckdb

    from . import __version__
    from .config import STORAGE_VERSION

    return f"parley {__version__} (DuckDB {duckdb.__version__}, writes storage {STORAGE_VERSION})"


class _Help(argparse.HelpFormatter):
    """Every flag's help ends with its default (on/off switches and helps that state their own excepted)."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" in text or action.default is None or action.default == argparse.SUPPRESS or action.nargs == 0:
            return text
        return text + " (default: %(default)s)"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="parley", formatter_class=_Help,
        description="News-intelligence warehouse. Paths default to the working directory; PARLEY_SOURCE and "
                    "PARLEY_WAREHOUSE override the defaults.")
    top.add_argument("--version", action="version", version=_version())
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, help: str):
        return sub.add_parser(name, help=help, description=help, formatter_class=_Help)

    def with_warehouse(p):
        p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="published DuckDB file")
        return p

    def with_output(p):
        shape = p.add_mutually_exclusive_group()
        shape.add_argument("--csv", action="store_true", help="print CSV (lists and structs as JSON)")
        shape.add_argument("--json", action="store_true", help="print a JSON array of row objects")
        return p

    run = with_warehouse(command("run", "run the pipeline once and publish if checks pass"))
    run.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of articles (read recursively)")
    run.add_argument("--processes", type=int, default=1, help="NLP worker processes on this machine")
    run.add_argument("--batch-size", type=int, default=None,
                     help="articles per NLP batch (default: PARLEY_BATCH_SIZE or 256; 64 with several workers)")
    run.add_argument("--dask-address", default=None,
                     help="run NLP batches on this Dask scheduler, tcp://host:8786 (default: no Dask)")
    run.add_argument("--dask-workers", type=int, default=0,
                     help="start a local Dask cluster with N worker processes (0: none)")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="wait up to SECONDS for another run on the warehouse to finish (default: fail at once, exit 3)")
    run.set_defaults(func=_run)

    serve = with_warehouse(command("serve", "serve the flow on a cron schedule (Prefect deployment)"))
    serve.add_argument("--cron", required=True, help='cron expression, e.g. "0 * * * *"')
    serve.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of articles (read recursively)")
    serve.add_argument("--name", default="parley-scheduled", help="deployment name")
    serve.add_argument("--wait", type=float, default=600, metavar="SECONDS",
                       help="a scheduled run waits this long for a manual run to finish")
    serve.set_defaults(func=_serve)

    sql = with_output(with_warehouse(command(
        "sql", "run SQL against the published warehouse: read-only, no file or network access")))
    sql.add_argument("query", nargs="?", default=None,
                     help="SQL, one or more statements (default: read standard input, as with '-')")
    sql.add_argument("-f", "--file", type=Path, default=None,
                     help="read the SQL from FILE ('-': standard input; default: the query argument)")
    sql.add_argument("--max-rows", type=int, default=100, help="rows shown per result in table output")
    sql.set_defaults(func=_reading(_sql))

    runs = with_output(with_warehouse(command("runs", "list recent runs (bi.pipeline_runs), newest first")))
    runs.add_argument("--limit", type=int, default=20, help="how many runs")
    runs.set_defaults(func=_runs)

    export = with_warehouse(command("export", "write every bi view to files (atomically: the whole export or none)"))
    export.add_argument("directory", type=Path, help="folder to write (replaced whole when it exists)")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet", help="file format")
    export.set_defaults(func=_export)

    check = with_warehouse(command("check", "re-validate the published warehouse"))
    check.set_defaults(func=_check)

    evaluation = sub.add_parser(
        "eval", help="build and score every gold set (seeds, Reuters dev, PolNeAR dev); print one table",
        description="Without --gold: build a warehouse per gold set (in a temporary folder unless --warehouse-dir) "
                    "and print one table of figures per set. With --gold FILE: a per-article report of one "
                    "seeds-format gold against --warehouse.")
    add_eval_arguments(evaluation)
    evaluation.add_argument("--gold", type=Path, default=None, metavar="FILE",
                            help="one seeds-format gold file: per-article report")
    evaluation.add_argument("--warehouse", type=Path, default=None, metavar="FILE",
                            help=f"with --gold: the warehouse scored (default: {DEFAULT_WAREHOUSE})")
    evaluation.set_defaults(func=_eval)

    bench = command("bench", "throughput benchmark (see bench/README; `parley bench --help` for its flags)")
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench.set_defaults(func=_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if args.command == "bench":
        args.bench_args = extra + [a for a in args.bench_args if a != "--"]
    elif extra:
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except KeyboardInterrupt:  # Ctrl-C: the run has already removed its build and released the warehouse
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        # Printed here, not by the interpreter, which would keep the traceback (and every DuckDB object its frames
        # hold) alive to exit, where DuckDB's bindings report each one as leaked.
        traceback.print_exc()
        return 1


def command_line() -> None:
    """The `parley` command: `main`, then out without the interpreter's teardown. Everything is written and closed
    by then; tearing down Prefect, spaCy, great-expectations and DuckDB modules and threads only cost the user ~1 s."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    command_line()
