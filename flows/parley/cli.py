"""`parley` console command. Heavy packages (Prefect, great-expectations, spaCy) are imported inside the
sub-command that needs them, so `parley sql` starts in well under a second."""

from __future__ import annotations

import argparse
import csv
import sys
import traceback
from pathlib import Path

from .config import DEFAULT_SOURCE, DEFAULT_WAREHOUSE


EXIT_LOCKED = 3  # another run holds the warehouse


def _run(args) -> int:
    from .prefect_api import api_server
    from .runlock import RunLocked, hold, new_run_id

    run_id = new_run_id()
    try:
        # The lock first (a refused run fails at once), then the server: it boots while the flow's packages import.
        with hold(args.warehouse.resolve(), run_id, args.wait), api_server():
            from .pipeline import ChecksFailed, RunFailed, run_once

            try:
                summary = run_once(args.source, args.warehouse, args.processes, args.batch_size, args.dask_address,
                                   args.dask_workers, run_id=run_id)
            except ChecksFailed as failed:
                print(_describe(failed.args[0]), file=sys.stderr)
                return 1
            except RunFailed as failed:
                print(f"Run {run_id} failed: {failed}", file=sys.stderr)
                return 1
    except RunLocked as locked:
        print(locked, file=sys.stderr)
        return EXIT_LOCKED
    print(_describe(summary))
    return 0


def _runs(args) -> int:
    from .runlog import format_runs

    print(format_runs(args.warehouse.resolve(), args.last))
    return 0


def _describe(s: dict) -> str:
    """The one-paragraph end-of-run summary."""
    rejected = ", ".join(f"{n} {reason}" for reason, n in sorted(s.get("reject_reasons", {}).items())) or "none"
    head = (
        f"Run {s['run_id']} {s['status']} in {s['seconds']} s: {s['files_seen']} inputs seen — "
        f"{s['articles_new']} new, {s['articles_changed']} changed, {s['articles_unchanged']} unchanged, "
        f"{s['rejected']} rejected ({rejected}). The warehouse now holds {s['articles']} articles, "
        f"{s['mentions']} mentions of {s['entities']} entities, {s['quotes']} quotes and {s['meetings']} meetings. "
        f"Checks: {s['checks_passed']} passed, {s['checks_failed']} failed"
    )
    if s["status"] == "published":
        return head + f"; published to {s['warehouse']}."
    failures = "\n  - ".join(s.get("failures", [])[:10])
    return head + f"; {s['warehouse']} was NOT changed (build kept as *.failed.duckdb). Data Docs: {s['docs']}\n  - {failures}"


def _serve(args) -> int:
    from .config import keep_prefect_offline

    keep_prefect_offline()
    from .pipeline import parley_run

    parley_run.serve(
        name=args.name,
        cron=args.cron,
        parameters={"source": str(Path(args.source).resolve()), "warehouse_file": str(Path(args.warehouse).resolve()),
                    "wait_seconds": args.wait},
        limit=1,  # never two of its own runs at once; the lock makes a manual run wait or fail
    )
    return 0


def _sql(args) -> int:
    import duckdb

    if not Path(args.warehouse).exists():
        print(f"no warehouse at {args.warehouse}: run `parley run` first", file=sys.stderr)
        return 2
    con = duckdb.connect(str(args.warehouse), read_only=True)
    try:
        relation = con.sql(args.query)
        if relation is None:
            return 0
        if args.csv:
            writer = csv.writer(sys.stdout)
            writer.writerow(relation.columns)
            writer.writerows(relation.fetchall())
        else:
            relation.show(max_rows=args.max_rows, max_width=10_000)
    except duckdb.Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _check(args) -> int:
    from .validate import validate

    result = validate(Path(args.warehouse), Path(args.warehouse).parent / "gx_docs")
    print(f"{result.passed} checks passed, {result.failed} failed. Data Docs: {result.docs_path}")
    for failure in result.failures:
        print(f"  - {failure}")
    return 0 if result.success else 1


def _eval(args) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(Path(args.warehouse), Path(args.gold))
    print(format_report(report))
    return 0


def _bench(args) -> int:
    from .bench import main as bench_main

    return bench_main(args.bench_args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="parley", description="News-intelligence warehouse.")
    sub = top.add_subparsers(dest="command", required=True)

    def with_warehouse(p):
        p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="published DuckDB file (default: %(default)s)")
        return p

    run = with_warehouse(sub.add_parser("run", help="run the pipeline once and publish if checks pass"))
    run.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of articles (default: %(default)s)")
    run.add_argument("--processes", type=int, default=1, help="NLP worker processes on this machine")
    run.add_argument("--batch-size", type=int, default=None, help="articles per NLP batch")
    run.add_argument("--dask-address", default=None, help="run NLP batches on this Dask scheduler (tcp://host:8786)")
    run.add_argument("--dask-workers", type=int, default=0, help="start a local Dask cluster with N worker processes")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="wait up to SECONDS for another run on the warehouse to finish (default: fail at once, exit 3)")
    run.set_defaults(func=_run)

    runs = with_warehouse(sub.add_parser("runs", help="list recent runs, failed ones included, from the run log"))
    runs.add_argument("--last", type=int, default=20)
    runs.set_defaults(func=_runs)

    serve = with_warehouse(sub.add_parser("serve", help="serve the flow on a cron schedule (Prefect deployment)"))
    serve.add_argument("--cron", required=True, help='cron expression, e.g. "0 * * * *"')
    serve.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    serve.add_argument("--name", default="parley-scheduled")
    serve.add_argument("--wait", type=float, default=600, metavar="SECONDS",
                       help="a scheduled run waits this long for a manual run to finish (default: %(default)s)")
    serve.set_defaults(func=_serve)

    sql = with_warehouse(sub.add_parser("sql", help="run SQL against the published warehouse (read-only)"))
    sql.add_argument("query")
    sql.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    sql.add_argument("--max-rows", type=int, default=100)
    sql.set_defaults(func=_sql)

    check = with_warehouse(sub.add_parser("check", help="re-validate the published warehouse"))
    check.set_defaults(func=_check)

    evaluation = with_warehouse(sub.add_parser("eval", help="score the warehouse against a gold annotation file"))
    evaluation.add_argument("--gold", required=True, type=Path)
    evaluation.set_defaults(func=_eval)

    bench = sub.add_parser("bench", help="throughput benchmark (see bench/README)")
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


if __name__ == "__main__":
    sys.exit(main())
