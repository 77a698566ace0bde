"""`lumen render` and `lumen bench`: one frame to a PNG, and the frame-cost benchmark."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lumen.cli.args import EXHIBIT_HELP, add_look_options, open_exhibit, region_arg, size_arg, time_arg
from lumen.errors import UserError


def slice_crop(exhibit, name: str):
    """The crop of a named display slice (projector walls), or a user error naming the choices."""
    from lumen.exhibit.values import suggest
    from lumen.pipeline.regions import Crop

    slices = exhibit.slices
    if name not in slices:
        choices = ", ".join(slices) or "none: the exhibit has no [[display.slices]]"
        raise UserError(f"{exhibit.path}: --slice {name!r}: no such slice{suggest(name, slices)}; expected one of {choices}")
    return Crop(*slices[name])


def cmd_render(args: argparse.Namespace) -> int:
    from lumen.exhibit.overrides import check_overrides
    from lumen.pipeline.headless import HeadlessRenderer, save_png
    from lumen.pipeline.provenance import provenance_of, time_text

    if args.scene is None and args.time is None:
        raise UserError("lumen render: give --time T or --scene NAME")
    exhibit = open_exhibit(args.exhibit)
    overrides = check_overrides(exhibit, args.overrides)
    crop = args.region
    if args.slice is not None:
        crop = slice_crop(exhibit, args.slice)
    renderer = HeadlessRenderer(exhibit, quiet=False, captions=not args.no_captions)
    time = renderer.pipeline.timeline.scene_midpoint(args.scene) if args.scene else args.time
    size = args.size or exhibit.size
    rgba = renderer.render(time, size, crop, overrides)
    region = f"{crop.x},{crop.y},{crop.width},{crop.height}" if crop is not None else ""
    facts = provenance_of(exhibit, time_text(time), size, region)
    print(save_png(rgba, args.out, facts))
    print(f"provenance of {args.out}:\n{facts.lines()}", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from lumen.bench.gpu import run_bench

    return run_bench(json_out=args.json, quick=args.quick, size=args.size, journeys=args.journeys)


def register(sub) -> None:
    """Add render and bench to the `lumen` subparsers."""
    p = sub.add_parser("render", help="render one frame headlessly to a PNG")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--time", type=time_arg, help="exhibit time in seconds")
    p.add_argument("--scene", help="render the midpoint of the named scene (instead of --time)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--size", type=size_arg, help="WIDTHxHEIGHT (default: the exhibit's)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--region", type=region_arg, help="X,Y,W,H crop of the canvas, image pixels")
    where.add_argument("--slice", help="render one named display slice (e.g. one projector of a wall)")
    add_look_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("bench", help="per-frame cost of the pipeline beside a trivial full-screen pass")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="one small size, few journeys and frames (a smoke run)")
    p.add_argument("--size", type=size_arg, help="only this size (default: 1920x1080 and 3840x2160)")
    p.add_argument("--journeys", type=int, help="only this journey count (default: 1k, 100k and 1M)")
    p.set_defaults(func=cmd_bench)
