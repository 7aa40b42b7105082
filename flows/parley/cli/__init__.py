"""The `parley` command: its parser and entry point, a module per group of sub-commands."""

# Heavy packages (Prefect, great-expectations, spaCy) are imported inside the sub-command that needs them, so
# `parley sql` starts in well under a second.

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from pathlib import Path

from ..children import SIGNAL_EXIT, received_signal
from ..config import DEFAULT_WAREHOUSE, SettingsError, environment_help
from . import audit, read, report, run, tools
from .paths import READERS, WRITERS, warehouse_problem

# Commands that read the PARLEY_* settings: validated before they start (parley sql reads none of them).
SETTINGS_COMMANDS = {"run", "serve", "check", "eval", "bench"}


def _version() -> str:
    import duckdb

    from .. import __version__
    from ..config import STORAGE_VERSION

    return f"parley {__version__} (DuckDB {duckdb.__version__}, writes storage {STORAGE_VERSION})"


class _Help(argparse.HelpFormatter):
    """Every flag's help ends with its default (on/off switches and helps that state their own excepted)."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" in text or action.default is None or action.default == argparse.SUPPRESS or action.nargs == 0:
            return text
        return text + " (default: %(default)s)"

    def _fill_text(self, text, width, indent):
        if text.startswith("environment:"):  # the PARLEY_* table keeps its lines
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class _Completion(argparse.Action):
    """`--print-completion SHELL`: shtab imported only then (~100 ms, which `parley sql` would pay on every call)."""

    def __call__(self, parser, namespace, values, option_string=None):
        import shtab

        print(shtab.complete(parser, values))
        parser.exit(0)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="parley", formatter_class=_Help,
        description="News-intelligence warehouse. Paths default to the working directory; PARLEY_SOURCE and "
                    "PARLEY_WAREHOUSE override the defaults.", epilog=environment_help())
    top.add_argument("--version", action="version", version=_version())
    top.add_argument("--print-completion", choices=["bash", "zsh", "tcsh"], action=_Completion,
                     help="print a shell completion script (shtab) and exit")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, help: str):
        return sub.add_parser(name, help=help, description=help, formatter_class=_Help, epilog=environment_help())

    def with_warehouse(p):
        p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="published DuckDB file")
        return p

    def with_output(p):
        shape = p.add_mutually_exclusive_group()
        shape.add_argument("--csv", action="store_true", help="print CSV (lists and structs as JSON)")
        shape.add_argument("--json", action="store_true", help="print a JSON array of row objects")
        return p

    run.register(command, with_warehouse)
    read.register(command, with_warehouse, with_output)
    tools.register(sub, command)
    audit.register(command)
    report.register(command, with_warehouse)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if args.command == "bench":
        args.bench_args = extra + [a for a in args.bench_args if a != "--"]
    elif extra:
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        problem = _setup_problem(args)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        return args.func(args)
    except SettingsError as error:  # a PARLEY_* value read late (a command not in SETTINGS_COMMANDS)
        print(f"parley: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the run has already removed its build and released the warehouse
        print(_stopped(signal.SIGINT), file=sys.stderr)
        return 130
    except Exception:
        if received_signal():  # the signal's exception, wrapped by a library on its way out
            return _stop_exit(received_signal())
        # Printed here, not by the interpreter, which would keep the traceback (and every DuckDB object its frames
        # hold) alive to exit, where DuckDB's bindings report each one as leaked.
        traceback.print_exc()
        return 1
    except BaseException as error:  # SIGTERM (children.Terminated, or Prefect's TerminationSignal inside a flow)
        if type(error).__name__ not in ("Terminated", "TerminationSignal"):
            raise
        return _stop_exit(signal.SIGTERM)


def _stop_exit(number: int) -> int:
    print(_stopped(number), file=sys.stderr)
    return SIGNAL_EXIT[number]


def _stopped(number: int) -> str:
    return f"parley: stopped by {signal.Signals(number).name}; nothing half-done was published"


def _setup_problem(args) -> str | None:
    """The one-line message for a bad PARLEY_* value or --warehouse path; checked before a command starts anything."""
    if args.command in SETTINGS_COMMANDS:
        from ..config import settings

        try:
            settings()
        except SettingsError as error:
            return f"parley: {error}"
    if args.command in WRITERS | READERS and getattr(args, "warehouse", None) is not None:
        problem = warehouse_problem(Path(args.warehouse), args.command)
        return problem and f"parley {args.command}: {problem}"
    return None


def command_line() -> None:
    """The `parley` command: `main`, then out without the interpreter's teardown. Everything is written and closed
    by then; tearing down Prefect, spaCy, great-expectations and DuckDB modules and threads only cost the user ~1 s."""
    from ..children import stop_on_signals

    stop_on_signals(_stopped)  # SIGTERM / SIGINT end any command within seconds, exit 143 / 130
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)

