"""Exhibit commands: `lumen legend`, `lumen story`, `lumen exhibits` and `lumen validate`."""

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


def cmd_story(args: argparse.Namespace) -> int:
    """Each act's caption with its figures filled in, then every figure's definition and value."""
    import json

    from lumen.encode.loader import load_scene_data
    from lumen.encode.story import flat_figures, story_for

    exhibit = open_exhibit(args.exhibit)
    data = load_scene_data(exhibit)
    figures, captions = story_for(exhibit, data.journeys)
    flat = flat_figures(figures)
    templates = exhibit.caption_templates()
    acts = [{"scene": s.name, "template": templates.get(s.name), "caption": captions.get(s.name)}
            for s in exhibit.scenes]
    if args.json:
        print(json.dumps({"exhibit": exhibit.title, "language": exhibit["story"]["language"],
                          "min_group": exhibit["privacy"]["min_group"], "data": data.summary, "acts": acts,
                          "figures": {name: f.as_json() for name, f in flat.items()}}, indent=2, ensure_ascii=False))
        return 0
    print(f"{exhibit.title} ({exhibit['story']['language']}; figures over fewer than "
          f"{exhibit['privacy']['min_group']} residents print as \"–\")")
    for act in acts:
        print(f"  {act['scene']}: {act['caption'] or '(no caption)'}")
    print("figures:")
    width = max(map(len, flat), default=0)
    for name, f in flat.items():
        value = f"{f.value:.4g}" if isinstance(f.value, float) and not f.suppressed else str(f)
        print(f"  {name:<{width}}  {value:>10}  over {f.residents:>6} residents  {f.definition}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add legend, exhibits and validate to the `lumen` parser."""
    p = sub.add_parser("legend", help="render the visitor legend (a wall card) for an exhibit")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.set_defaults(func=cmd_legend)

    p = sub.add_parser("story", help="each act's caption with its figures, and every figure's definition")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_story)

    p = sub.add_parser("exhibits", help="list the shipped exhibits with a one-line summary each")
    p.set_defaults(func=cmd_exhibits)

    p = sub.add_parser("validate", help="check exhibits and list every problem")
    p.add_argument("exhibits", nargs="+", metavar="EXHIBIT", help=EXHIBIT_HELP)
    p.set_defaults(func=cmd_validate)
