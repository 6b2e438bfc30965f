"""The command line: parse, call `sagegen.api`, print. Nothing else lives here.

common.py holds the group and what the commands share; build.py the commands that make and compare the
output; insight.py those that read the stack (impact, cost, drift); main.py the entry point.
"""

from .main import cli, entry_point, main

__all__ = ["cli", "entry_point", "main"]
