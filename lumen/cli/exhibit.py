"""Exhibit commands: `lumen legend`, `lumen exhibits` and `lumen validate`; cli.py calls register()."""

from __future__ import annotations

import argparse
from pathlib import Path

from lumen.errors import UserError

EXHIBITS_DIR = Path(__file__).resolve().parents[2] / "exhibits"


def shipped_exhibits() -> list[Path]:
    """The exhibit files that ship with lumen (the festival first), not the palette library."""
    found = sorted(EXHIBITS_DIR.glob("*.toml")) + sorted(EXHIBITS_DIR.glob("traveling/*.toml"))
    found = [p for p in found if p.name != "palettes.toml"]
    return sorted(found, key=lambda p: (p.name != "festival.toml", p.parent != EXHIBITS_DIR, str(p)))


def cmd_exhibits(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit

    problems = []
    rows = []
    for path in shipped_exhibits():
        try:
            exhibit = load_exhibit(path)
        except UserError as err:
            problems.append(str(err))
            continue
        summary = exhibit["exhibit"]["summary"] or exhibit.title
        rows.append((str(path.relative_to(EXHIBITS_DIR.parent)), summary))
    width = max((len(name) for name, _ in rows), default=0)
    for name, summary in rows:
        print(f"{name:<{width}}  {summary}")
    if problems:
        raise UserError("\n".join(problems))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit

    problems = []
    for path in args.exhibits:
        try:
            load_exhibit(path)
            print(f"ok  {path}")
        except UserError as err:
            problems.append(str(err))
    if problems:
        raise UserError("\n".join(problems))
    return 0


def cmd_legend(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit
    from lumen.legend.card import write_legend

    print(write_legend(load_exhibit(args.exhibit), args.out))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add legend, exhibits and validate to the `lumen` parser."""
    p = sub.add_parser("legend", help="render the visitor legend (a wall card) for an exhibit")
    p.add_argument("exhibit", type=Path)
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.set_defaults(func=cmd_legend)

    p = sub.add_parser("exhibits", help="list the shipped exhibits with a one-line summary each")
    p.set_defaults(func=cmd_exhibits)

    p = sub.add_parser("validate", help="check exhibits and list every problem")
    p.add_argument("exhibits", type=Path, nargs="+")
    p.set_defaults(func=cmd_validate)
