"""The `lumen` command: parses arguments, dispatches, and turns user errors into exit codes.

Each command module registers its subcommands and imports what it needs when it runs, so that
`lumen --help`, `lumen data ...` and `lumen validate` never load GL."""

from __future__ import annotations

import argparse
import sys
import traceback

from lumen import __version__
from lumen.cli import data as cli_data
from lumen.cli import exhibit as cli_exhibit
from lumen.cli import export as cli_export
from lumen.cli import render as cli_render
from lumen.cli import runtime as cli_runtime
from lumen.cli import web as cli_web
from lumen.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lumen", description="lumen: anonymized oral-health journeys as a "
                                     "living, glowing mosaic. Exit codes: 0 ok, 1 user error, 2 usage, 3 check failed.")
    parser.add_argument("--version", action="version", version=f"lumen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for user errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (cli_render, cli_export, cli_runtime, cli_web, cli_exhibit, cli_data):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as err:
        if args.debug:
            traceback.print_exc()
        print(f"lumen: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
