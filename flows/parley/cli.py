"""`parley` console command. Heavy packages (Prefect, great-expectations, spaCy) are imported inside the
sub-command that needs them, so `parley sql` starts in well under a second."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .config import DEFAULT_SOURCE, DEFAULT_WAREHOUSE
from .eval_sets import add_arguments as add_eval_arguments


def _run(args) -> int:
    from .prefect_api import api_server

    with api_server():  # started first: the server boots while the flow's packages import
        from .pipeline import ChecksFailed, run_once

        try:
            summary = run_once(args.source, args.warehouse, args.processes, args.batch_size, args.dask_address,
                               args.dask_workers)
        except ChecksFailed as failed:
            print(_describe(failed.args[0]), file=sys.stderr)
            return 1
    print(_describe(summary))
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
        parameters={"source": str(Path(args.source).resolve()), "warehouse_file": str(Path(args.warehouse).resolve())},
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
    if args.gold is None:
        from .eval_sets import main as eval_all

        return eval_all(args)
    from .evaluate import evaluate, format_report

    report = evaluate(Path(args.warehouse or DEFAULT_WAREHOUSE), Path(args.gold))
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
    run.set_defaults(func=_run)

    serve = with_warehouse(sub.add_parser("serve", help="serve the flow on a cron schedule (Prefect deployment)"))
    serve.add_argument("--cron", required=True, help='cron expression, e.g. "0 * * * *"')
    serve.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    serve.add_argument("--name", default="parley-scheduled")
    serve.set_defaults(func=_serve)

    sql = with_warehouse(sub.add_parser("sql", help="run SQL against the published warehouse (read-only)"))
    sql.add_argument("query")
    sql.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    sql.add_argument("--max-rows", type=int, default=100)
    sql.set_defaults(func=_sql)

    check = with_warehouse(sub.add_parser("check", help="re-validate the published warehouse"))
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
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
