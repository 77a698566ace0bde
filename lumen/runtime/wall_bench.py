"""Cost of a projector's output stage at one size: presenting the frame plainly (what every show does)
beside presenting it through a corner pin and through a mesh warp, and the slice stage (crop out of
the pipeline's output, edge blend over the overlap). The warp's goal: at most 2 ms a frame at 1080p."""

from __future__ import annotations

import argparse
import json

import numpy as np

from lumen.gl.context import create_headless_context
from lumen.gl.targets import make_target
from lumen.passes.frame import Region
from lumen.pipeline.timing import time_interleaved
from lumen.runtime.present import Presenter
from lumen.wall.blend import Overlap
from lumen.wall.calibration import OutputWarp, mesh_of
from lumen.wall.slice_frame import SliceFrame
from lumen.wall.slices import SliceSetup
from lumen.wall.warp_draw import WarpDraw

PIN = np.array([[0.03, 0.02], [0.98, 0.0], [1.0, 0.97], [0.0, 1.0]])   # a projector a little off square


def bent_mesh(cols: int, rows: int, amount: float) -> np.ndarray:
    """A mesh whose inner points are pushed about by up to `amount` of the image, as an uneven surface
    needs (0.002: a few pixels, a gentle grid; 0.01: the finest grid)."""
    mesh = mesh_of(cols, rows)
    mesh[1:-1, 1:-1] += amount * np.sin(np.arange(mesh[1:-1, 1:-1].size)).reshape(mesh[1:-1, 1:-1].shape)
    return mesh


def wall_cost(ctx, size: tuple[int, int], frames: int, overlap: int = 128) -> dict:
    """Median ms per case, each finished on the GPU, timed interleaved."""
    width, height = size
    source = make_target(ctx, "bench.source", (width + overlap, height), "rgba8")
    source.fbo.clear(0.4, 0.2, 0.6, 1.0)
    frame = make_target(ctx, "bench.frame", size, "rgba8")
    frame.fbo.clear(0.3, 0.5, 0.2, 1.0)
    screen = make_target(ctx, "bench.screen", size, "rgba8")
    presenter = Presenter(ctx)
    pin = WarpDraw(ctx, OutputWarp(PIN.copy()))
    gentle = WarpDraw(ctx, OutputWarp(PIN.copy(), bent_mesh(9, 6, 0.002)))
    bent = WarpDraw(ctx, OutputWarp(PIN.copy(), bent_mesh(9, 6, 0.01)))
    stage = SliceFrame(ctx, SliceSetup("left", (0, 0, width, height), (Overlap("right", overlap, "right"),)))
    crop = Region(0, 0, width, height)
    try:
        stats = time_interleaved({
            "present": lambda: presenter.draw(frame, screen.fbo, size, 1.0, 0.0),
            "corner pin": lambda: presenter.draw(frame, screen.fbo, size, 1.0, 0.0, pin),
            "gentle mesh 9x6": lambda: presenter.draw(frame, screen.fbo, size, 1.0, 0.0, gentle),
            "bent mesh 9x6": lambda: presenter.draw(frame, screen.fbo, size, 1.0, 0.0, bent),
            "slice crop + blend": lambda: stage.blend(stage.crop(source, crop)),
        }, ctx.finish, frames)
    finally:
        for obj in (presenter, pin, gentle, bent, stage, source, frame, screen):
            obj.release()
    ms = {name: round(s["median_ms"], 3) for name, s in stats.items()}
    warps = ("corner pin", "gentle mesh 9x6", "bent mesh 9x6")
    return {"size": list(size), "ms": ms, "triangles": {"corner pin": pin.triangles, "gentle mesh 9x6": gentle.triangles,
                                                        "bent mesh 9x6": bent.triangles},
            "warp_added_ms": {name: round(ms[name] - ms["present"], 3) for name in warps}}


def print_wall_cost(report: dict) -> None:
    size, ms = report["size"], report["ms"]
    print(f"projector output {size[0]}x{size[1]}: " + ", ".join(f"{name} {value:.2f} ms" for name, value in ms.items())
          + "; the warp adds " + ", ".join(f"{v:.2f} ms ({k}, {report['triangles'][k]} triangles)"
                                           for k, v in report["warp_added_ms"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lumen.runtime.wall_bench", description=__doc__)
    parser.add_argument("--size", default="1920x1080", help="WxH of the projector's output")
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.lower().split("x"))
    ctx = create_headless_context()
    report = wall_cost(ctx, size, args.frames)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_wall_cost(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
