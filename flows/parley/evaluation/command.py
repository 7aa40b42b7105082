"""`parley eval` over every gold set: its options and its run (the CLI's thin layer over sets and table)."""

from __future__ import annotations

import sys
from pathlib import Path

from .sets import SET_NAMES, eval_dir, gold_sets, run_eval


def add_arguments(parser) -> None:
    """`parley eval`'s options for the run over every gold set."""
    parser.add_argument("--eval-dir", type=Path, default=None, metavar="DIR",
                        help="folder of the gold sets (default: $PARLEY_EVAL_DIR, else ../shared/eval)")
    parser.add_argument("--sets", default=None, metavar="SETS", help=f"comma-separated subset of {','.join(SET_NAMES)}")
    parser.add_argument("--warehouse-dir", type=Path, default=None, metavar="DIR",
                        help="build into (and keep) DIR/SET.duckdb; a re-run redoes only what changed")
    parser.add_argument("--no-build", action="store_true", help="score the warehouses in --warehouse-dir as they are")
    for name in SET_NAMES:
        parser.add_argument(f"--{name}-warehouse", type=Path, default=None, metavar="FILE",
                            help=f"score this {name} warehouse instead of building one")
    parser.add_argument("--processes", type=int, default=1, metavar="N", help="NLP worker processes for the builds")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--detail", action="store_true",
                        help="list the misses and extras of each set's work half (of the whole set if not split)")


def main(args) -> int:
    """`parley eval` without --gold (options from `add_arguments`)."""
    from .table import format_detail, format_table, write_json

    if args.no_build and not args.warehouse_dir:
        print("--no-build scores the warehouses in --warehouse-dir: give one", file=sys.stderr)
        return 2
    root = eval_dir(args.eval_dir)
    wanted = args.sets.split(",") if args.sets else list(SET_NAMES)
    unknown = set(wanted) - set(SET_NAMES)
    if unknown:
        print(f"unknown gold set(s) {', '.join(sorted(unknown))}: choose from {', '.join(SET_NAMES)}", file=sys.stderr)
        return 2
    given = {name: getattr(args, _flag(name)) for name in SET_NAMES if getattr(args, _flag(name))}
    sets = [s for s in gold_sets(root) if s.name in wanted]
    results = run_eval(sets, given, args.warehouse_dir, build=not args.no_build, processes=args.processes,
                       log=lambda line: print(line, file=sys.stderr), root=root)
    print(format_table(results, root))
    if args.detail:
        print(format_detail(results))
    if args.json:
        write_json(results, root, args.json)
    if any(r.status == "checks_failed" for r in results):
        return 1
    return 0 if any(r.status == "scored" for r in results) else 2


def _flag(name: str) -> str:
    return f"{name.replace('-', '_')}_warehouse"  # argparse's attribute for --NAME-warehouse
