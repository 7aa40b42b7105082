"""The read-only commands over the published warehouse: `parley sql`, `runs`, `export`, `check`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path


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
    and an exit code (2: nothing to read, 1: the SQL failed or ran out of time, 4: a damaged file), never a
    traceback and never an answer from a damaged file."""
    def command(args) -> int:
        import duckdb

        from ..run.recover import EXIT_DAMAGED
        from ..warehouse.query import WarehouseError, open_warehouse
        from ..warehouse.verify import Damaged

        try:
            con = open_warehouse(args.warehouse, config=_limits(args))
        except WarehouseError as error:
            damaged = _damage(args.warehouse)  # a file DuckDB cannot open may be a damaged warehouse
            print(damaged or f"error: {error}", file=sys.stderr)
            return EXIT_DAMAGED if damaged else 2
        timer = None
        timeout = _timeout(args)
        try:
            _verify(args.warehouse, con)
            if timeout:
                timer = threading.Timer(timeout, con.interrupt)  # DuckDB cancels the running statement
                timer.daemon = True
                timer.start()
            action(con, args)
        except Damaged as damaged:
            print(_damage_line(damaged), file=sys.stderr)
            return EXIT_DAMAGED
        except duckdb.InterruptException:
            print(f"error: the statement ran longer than {timeout:g} s and was cancelled (--timeout SECONDS or "
                  "PARLEY_SQL_TIMEOUT allows more)", file=sys.stderr)
            return 1
        except (duckdb.Error, ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            if timer is not None:
                timer.cancel()
            con.close()
        return 0
    return command


def _verify(warehouse: Path, con=None) -> None:
    from ..run.recover import verify_published

    verify_published(Path(warehouse).resolve(), con)


def _damage_line(damaged) -> str:
    from ..run.recover import READER_ADVICE

    return f"error: {damaged}. {READER_ADVICE}"


def _damage(warehouse: Path) -> str | None:
    """The damage line of an existing warehouse file, or None."""
    from ..warehouse.verify import NOT_DUCKDB, Damaged

    try:
        if Path(warehouse).is_file():
            _verify(warehouse)
    except Damaged as damaged:  # a file that is no DuckDB file at all is not a damaged warehouse (exit 2)
        return None if damaged.what.startswith(NOT_DUCKDB) else _damage_line(damaged)
    return None


def _timeout(args) -> float:
    """Seconds `parley sql` lets a statement run (0: no limit); other readers have none."""
    if not hasattr(args, "timeout"):
        return 0
    if args.timeout is None:
        from ..config import settings

        return float(settings().sql_timeout)
    return args.timeout


def _limits(args) -> dict:
    """DuckDB settings of `parley sql`'s connection: a memory limit (PARLEY_SQL_MEMORY, default half the
    machine's memory), so that a runaway statement fails instead of starving the machine."""
    if not hasattr(args, "timeout"):
        return {}
    from ..config import settings

    return {"memory_limit": settings().sql_memory}


def _sql(con, args) -> None:
    from ..warehouse.query import run_sql

    run_sql(con, _read_query(args), _output_format(args), sys.stdout, args.max_rows)


def _runs(args) -> int:
    """bi.pipeline_runs of the published warehouse, then the runs only the run log knows yet: those that failed
    since the last publish (a failed run never changes the published file; the next run copies them in)."""
    from ..run.log import format_runs, unrecorded_runs
    from ..warehouse.query import recent_runs, write_relation

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
    from ..warehouse.query import WarehouseError, export

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
    """The checks of the last publishing run (its rows, and keys and references over every row); with --full every
    row and a full re-merge of the meetings compared with the stored ones."""
    import duckdb

    from ..checks.validate import validate
    from ..run.recover import EXIT_DAMAGED
    from ..warehouse.full_merge import merge_differences

    path = Path(args.warehouse).resolve()  # great-expectations wants an absolute report folder
    damaged = _damage(path)
    if damaged:
        print(damaged, file=sys.stderr)
        return EXIT_DAMAGED
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            last = con.execute("SELECT max_by(run_id, started_at) FROM pipeline_runs WHERE status = 'published'"
                               ).fetchone()[0]
            differences = merge_differences(con) if args.full else []
    except duckdb.Error as error:
        print(f"error: {path}: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    result = validate(path, path.parent / "gx_docs", run_id=last, full=args.full or last is None)
    failures = result.failures + [f"meetings: {d}" for d in differences]
    print(f"{result.passed} checks passed, {len(failures)} failed"
          f"{' (every row, and a full re-merge of the meetings)' if args.full else ''}. Report: {result.docs_path} "
          f"(great-expectations Data Docs: {result.gx_docs_path})")
    for failure in failures:
        print(f"  - {failure}")
    return 0 if not failures else 1




def register(command, with_warehouse, with_output) -> None:
    sql = with_output(with_warehouse(command(
        "sql", "run SQL against the published warehouse: read-only, no file or network access")))
    sql.add_argument("query", nargs="?", default=None,
                     help="SQL, one or more statements (default: read standard input, as with '-')")
    sql.add_argument("-f", "--file", type=Path, default=None,
                     help="read the SQL from FILE ('-': standard input; default: the query argument)")
    sql.add_argument("--max-rows", type=int, default=100, help="rows shown per result in table output")
    sql.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help="cancel a statement running longer (default: PARLEY_SQL_TIMEOUT or 60; 0: no limit)")
    sql.set_defaults(func=_reading(_sql))

    runs = with_output(with_warehouse(command("runs", "list recent runs (bi.pipeline_runs), newest first")))
    runs.add_argument("--limit", type=int, default=20, help="how many runs")
    runs.set_defaults(func=_runs)

    export = with_warehouse(command("export", "write every bi view to files (atomically: the whole export or none)"))
    export.add_argument("directory", type=Path, help="folder to write (replaced whole when it exists)")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet", help="file format")
    export.set_defaults(func=_export)

    check = with_warehouse(command("check", "re-validate the published warehouse"))
    check.add_argument("--full", action="store_true", help="check every row, not only the last run's, and compare "
                       "the meetings with a full re-merge of every report")
    check.set_defaults(func=_check)
