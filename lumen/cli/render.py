"""`lumen render` and `lumen bench`: one frame to a PNG, and the frame-cost benchmark."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lumen.cli.args import EXHIBIT_HELP, add_look_options, open_exhibit, region_arg, size_arg, time_arg
from lumen.errors import UserError


def slice_crop(exhibit, name: str, canvas: tuple[int, int] | None = None):
    """The crop of a named display slice (projector walls) on `canvas`, or a user error naming the choices."""
    from lumen.pipeline.regions import Crop
    from lumen.wall.slices import slice_setup

    return Crop(*slice_setup(exhibit, name, canvas).rect)


def cmd_render(args: argparse.Namespace) -> int:
    from lumen.exhibit.overrides import check_overrides
    from lumen.pipeline.headless import HeadlessRenderer, save_png
    from lumen.pipeline.provenance import provenance_of, time_text

    if args.scene is None and args.time is None:
        raise UserError("lumen render: give --time T or --scene NAME")
    exhibit = open_exhibit(args.exhibit)
    overrides = check_overrides(exhibit, args.overrides)
    if args.calibration is not None and args.slice is None:
        raise UserError("lumen render: --calibration warps one projector's output; give --slice NAME too")
    size = args.size or exhibit.size
    crop = args.region
    if args.slice is not None:
        crop = slice_crop(exhibit, args.slice, size)
    warp = projector_warp(args)  # a broken calibration is reported before any data is loaded
    renderer = HeadlessRenderer(exhibit, quiet=False, captions=not args.no_captions)
    time = renderer.pipeline.timeline.scene_midpoint(args.scene) if args.scene else args.time
    if args.slice is not None:
        from lumen.wall.render import render_slice
        from lumen.wall.slices import slice_setup

        rgba = render_slice(renderer, slice_setup(exhibit, args.slice, size), time, size, overrides,
                            blend=not args.no_blend, warp=warp)
    else:
        rgba = renderer.render(time, size, crop, overrides)
    region = f"{crop.x},{crop.y},{crop.width},{crop.height}" if crop is not None else ""
    facts = provenance_of(exhibit, time_text(time), size, region)
    print(save_png(rgba, args.out, facts))
    print(f"provenance of {args.out}:\n{facts.lines()}", file=sys.stderr)
    return 0


def projector_warp(args):
    """The warp of --calibration for --slice's output, or None (unwarped)."""
    if args.calibration is None:
        return None
    from lumen.wall.calibration import load_calibration

    warp = load_calibration(args.calibration).outputs.get(args.slice)
    if warp is None:
        print(f"lumen render: {args.calibration} has no [outputs.{args.slice}]: unwarped", file=sys.stderr)
    return warp


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
    where.add_argument("--slice", help="render what one projector of a wall shows: its slice of the canvas "
                       "(on --size, scaled), edge blend included")
    p.add_argument("--calibration", type=Path, help="with --slice: the venue's calibration file; the slice is "
                   "warped as its projector shows it (docs/wall.md)")
    p.add_argument("--no-blend", action="store_true", help="with --slice: leave the edge blend out")
    add_look_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("bench", help="per-frame cost of the pipeline beside a trivial full-screen pass")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="one small size, few journeys and frames (a smoke run)")
    p.add_argument("--size", type=size_arg, help="only this size (default: 1920x1080 and 3840x2160)")
    p.add_argument("--journeys", type=int, help="only this journey count (default: 1k, 100k and 1M)")
    p.set_defaults(func=cmd_bench)
