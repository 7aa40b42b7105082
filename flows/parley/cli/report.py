"""`parley report`: one offline HTML page of the published warehouse (timelines, who met whom, who said what)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def default_out(warehouse: Path) -> Path:
    """The page beside the warehouse: news.duckdb -> news.report.html."""
    return Path(warehouse).with_suffix(".report.html")


def register(command, with_warehouse) -> None:
    p = with_warehouse(command("report", "write one self-contained HTML page (opens offline) of the published "
                                         "warehouse's bi views"))
    p.add_argument("--out", type=Path, help="HTML file to write (default: beside the warehouse, NAME.report.html)")
    p.add_argument("--from", dest="date_from", type=_day,
                   help="first day of meetings and articles shown (default: the earliest)")
    p.add_argument("--to", dest="date_to", type=_day, help="last day shown (default: the latest)")
    p.add_argument("--country",
                   help="only meetings held in or with a party from this ISO alpha-2 country (default: every country)")
    p.set_defaults(func=report)


def report(args) -> int:
    from ..warehouse.query import WarehouseError
    from .paths import warehouse_problem

    problem = warehouse_problem(Path(args.warehouse), "report")
    if problem:
        print(f"parley report: {problem}", file=sys.stderr)
        return 2
    from ..report.page import write_report

    try:
        done = write_report(args.warehouse, args.out or default_out(args.warehouse), args.date_from, args.date_to,
                            args.country)
    except (WarehouseError, OSError) as error:
        print(f"parley report: {error}", file=sys.stderr)
        return 2
    print(f"wrote {done['path']} ({done['bytes'] / 1e6:.1f} MB in {done['seconds']:.1f} s)")
    return 0


def write_page_line(warehouse: Path) -> str:
    """`parley run --report`: write the page beside the published warehouse; the run summary's line naming it
    (a page that cannot be written is said, not a failed run: the publish already happened)."""
    from ..report.page import write_report

    try:
        done = write_report(warehouse, default_out(warehouse))
    except Exception as error:  # noqa: BLE001 - the run succeeded; the page is a by-product
        return f"report: not written ({type(error).__name__}: {error})"
    return f"report: {done['path']} ({done['bytes'] / 1e6:.1f} MB in {done['seconds']:.1f} s)"
