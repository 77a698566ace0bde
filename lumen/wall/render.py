"""What one projector shows, rendered headlessly (`lumen render --slice NAME [--calibration FILE]`,
tests): the slice of the frame, its edge blend, and its warp when a calibration is given."""

from __future__ import annotations

import numpy as np

from lumen.gl.targets import make_target
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.pipeline import read_rgba8
from lumen.pipeline.regions import Crop
from lumen.wall.calibration import OutputWarp
from lumen.wall.slice_frame import SliceFrame
from lumen.wall.slices import SliceSetup
from lumen.wall.warp_draw import WarpDraw


def render_slice(renderer: HeadlessRenderer, setup: SliceSetup, time: float, canvas: tuple[int, int],
                 overrides: dict | None = None, blend: bool = True, warp: OutputWarp | None = None) -> np.ndarray:
    """(H, W, 4) uint8, top row first: the slice at `time` on `canvas`, blended (unless told not to)
    and warped through `warp` (None: unwarped)."""
    crop = Crop(*setup.rect)
    crop.check(canvas)
    pipeline = renderer.pipeline
    frame = pipeline.frame(time, canvas, crop.to_region(canvas), overrides)
    output = pipeline.render(frame)[pipeline.output_name]
    stage = SliceFrame(renderer.ctx, setup, blend)
    try:
        target = stage.blend(stage.crop(output, frame.crop))
        if warp is None:
            return read_rgba8(target)
        warped = make_target(renderer.ctx, f"wall.{setup.name}.warped", setup.size, "rgba8")
        draw = WarpDraw(renderer.ctx, warp)
        try:
            draw.draw(target.texture, None, warped.fbo, setup.size)
            return read_rgba8(warped)
        finally:
            draw.release()
            warped.release()
    finally:
        stage.release()
