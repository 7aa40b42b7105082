"""The tools beside the product: `parley eval` (the gold sets) and `parley bench` (throughput)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import DEFAULT_WAREHOUSE
from ..evaluation.command import add_arguments as add_eval_arguments


def _eval(args) -> int:
    if args.gold is None:
        from ..evaluation.command import main as eval_all

        return eval_all(args)
    from ..evaluation.score import evaluate, format_report

    report = evaluate(Path(args.warehouse or DEFAULT_WAREHOUSE), Path(args.gold))
    print(format_report(report))
    return 0


def _bench(args) -> int:
    from ..bench.main import main as bench_main

    return bench_main(args.bench_args)




def register(sub, command) -> None:
    evaluation = sub.add_parser(
        "eval",
        help="build and score every gold set (seeds, Reuters dev, PolNeAR meetings, PolNeAR dev), by half; print the "
             "figures",
        description="Without --gold: build a warehouse per gold set (in a temporary folder unless --warehouse-dir) "
                    "and print the figures of each set: its work half, its check half (splits.json) and the whole "
                    "set. With --gold FILE: a per-article report of one seeds-format gold against --warehouse.")
    add_eval_arguments(evaluation)
    evaluation.add_argument("--gold", type=Path, default=None, metavar="FILE",
                            help="one seeds-format gold file: per-article report")
    evaluation.add_argument("--warehouse", type=Path, default=None, metavar="FILE",
                            help=f"with --gold: the warehouse scored (default: {DEFAULT_WAREHOUSE})")
    evaluation.set_defaults(func=_eval)

    # no help of its own: `parley bench --help` reaches the bench's parser, which lists its flags
    bench = sub.add_parser(
        "bench", help="throughput benchmark (bench/README.md; `parley bench --help` lists its flags)", add_help=False)
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench.set_defaults(func=_bench)
