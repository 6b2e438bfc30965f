"""The entry point: every command registered, every error mapped to its exit code here only."""

from __future__ import annotations

import sys
import traceback

import click

from ..errors import EXIT_INTERNAL, EXIT_USAGE, SagegenError, UserError
from . import build, insight  # noqa: F401 - importing them registers their commands on the group
from .common import cli


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map every error to its exit code, here only."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="sagegen", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except UserError as exc:
        click.echo(exc.render(), err=True)
        return exc.exit_code
    except (SagegenError, Exception) as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "this is a bug in sagegen; rerun with --debug and report the traceback",
            err=True,
        )
        return EXIT_INTERNAL
    return 0


def entry_point() -> None:
    sys.exit(main())
