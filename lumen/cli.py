"""The `lumen` command: parses arguments, dispatches, and turns user errors into exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from lumen import __version__
from lumen.cli_args import region_arg, size_arg, time_arg
from lumen.errors import UserError

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXHIBIT = REPO_ROOT / "exhibits" / "festival.toml"


def cmd_render(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit
    from lumen.render import HeadlessRenderer, save_png

    exhibit = load_exhibit(args.exhibit)
    renderer = HeadlessRenderer(exhibit, quiet=False)
    rgba = renderer.render(args.time, args.size, args.region)
    print(save_png(rgba, args.out))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit
    from lumen.render import HeadlessRenderer, save_png

    exhibit = load_exhibit(args.exhibit or DEFAULT_EXHIBIT)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # No screen: render a still of the show instead, so `make demo` works on a headless machine.
        out = Path("out") / f"{exhibit.path.stem}-t{args.start:g}.png"
        size = args.size or (1920, 1080)
        print(f"lumen run: no display; rendering a {size[0]}x{size[1]} still at t={args.start:g}s", file=sys.stderr)
        rgba = HeadlessRenderer(exhibit, quiet=False).render(args.start, size)
        print(save_png(rgba, out))
        return 0
    raise UserError("lumen run: the window runtime is not built yet; use `lumen render` (see README)")


def cmd_validate(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit
    from lumen.graph import validate_graph

    problems = []
    for path in args.exhibits:
        try:
            validate_graph(load_exhibit(path))
            print(f"ok  {path}")
        except UserError as err:
            problems.append(str(err))
    if problems:
        raise UserError("\n".join(problems))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from lumen.bench.gpu import run_bench

    return run_bench(json_out=args.json, quick=args.quick, size=args.size, journeys=args.journeys)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lumen", description=__doc__.split(":")[0] + ": "
                                     "anonymized oral-health journeys as a living, glowing mosaic.")
    parser.add_argument("--version", action="version", version=f"lumen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for user errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("render", help="render one frame headlessly to a PNG")
    p.add_argument("exhibit", type=Path)
    p.add_argument("--time", type=time_arg, required=True, help="exhibit time in seconds")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--size", type=size_arg, help="WIDTHxHEIGHT (default: the exhibit's)")
    p.add_argument("--region", type=region_arg, help="X,Y,W,H crop of the canvas, image pixels")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("run", help="run the installation (renders a still when there is no display)")
    p.add_argument("exhibit", type=Path, nargs="?")
    p.add_argument("--size", type=size_arg)
    p.add_argument("--start", type=time_arg, default=30.0)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check exhibits and list every problem")
    p.add_argument("exhibits", type=Path, nargs="+")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("bench", help="per-frame cost of the pipeline beside a trivial full-screen pass")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="small sizes and few frames (CI smoke)")
    p.add_argument("--size", type=size_arg, default=(1920, 1080))
    p.add_argument("--journeys", type=int, default=5000)
    p.set_defaults(func=cmd_bench)

    try:
        from lumen import cli_data
    except ImportError:  # the records commands land with the records issue
        cli_data = None
    if cli_data is not None:
        cli_data.register(sub)
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


if __name__ == "__main__":
    sys.exit(main())
