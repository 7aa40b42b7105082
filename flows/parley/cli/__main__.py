"""`python -m parley.cli`: the `parley` command."""

from . import command_line

command_line()
