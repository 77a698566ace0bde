"""Exhibit commands: `lumen legend`, `lumen exhibits` and `lumen validate`; cli.py calls register()."""

from __future__ import annotations

import argparse
from pathlib import Path

from lumen.assets import shipped_exhibits
from lumen.cli.args import EXHIBIT_HELP, open_exhibit
from lumen.errors import UserError


def cmd_exhibits(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit

    problems = []
    rows = []
    for name, path in shipped_exhibits().items():
        try:
            exhibit = load_exhibit(path)
        except UserError as err:
            problems.append(str(err))
            continue
        summary = exhibit["exhibit"]["summary"] or exhibit.title
        rows.append((name, summary))
    width = max((len(name) for name, _ in rows), default=0)
    for name, summary in rows:
        print(f"{name:<{width}}  {summary}")
    if problems:
        raise UserError("\n".join(problems))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    problems = []
    for spec in args.exhibits:
        try:
            open_exhibit(spec)
            print(f"ok  {spec}")
        except UserError as err:
            problems.append(str(err))
    if problems:
        raise UserError("\n".join(problems))
    return 0


def cmd_legend(args: argparse.Namespace) -> int:
    from lumen.legend.card import write_legend

    print(write_legend(open_exhibit(args.exhibit), args.out))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add legend, exhibits and validate to the `lumen` parser."""
    p = sub.add_parser("legend", help="render the visitor legend (a wall card) for an exhibit")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.set_defaults(func=cmd_legend)

    p = sub.add_parser("exhibits", help="list the shipped exhibits with a one-line summary each")
    p.set_defaults(func=cmd_exhibits)

    p = sub.add_parser("validate", help="check exhibits and list every problem")
    p.add_argument("exhibits", nargs="+", metavar="EXHIBIT", help=EXHIBIT_HELP)
    p.set_defaults(func=cmd_validate)
