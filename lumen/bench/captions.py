"""Cost of the captions pass at one size: a frame with an unchanged caption (the every-frame cost,
which must stay under 1 ms at 1080p) and a frame whose caption text changed (rasterised again)."""

from __future__ import annotations

import time

from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.passes.captions import CaptionsPass, CaptionStyle
from lumen.passes.frame import Frame, Region
from lumen.pipeline.timing import time_interleaved

CAPTION = ("When the network failed, 39% of low-income residents lost care. "
           "3% of high-income residents did.")


def caption_cost(ctx, size: tuple[int, int], frames: int) -> dict:
    """Median ms of the captions pass over a finished frame, beside the trivial full-screen floor,
    and the one-off ms when the text changes (Pillow raster and upload)."""
    gl = GLResources(ctx)
    gl.caption_style = CaptionStyle(screen_width_m=12.0, viewing_distance_m=6.0, scrim="#010307")
    gl.captions = {"act": CAPTION}
    node = CaptionsPass(gl, "captions", {})
    target = make_target(ctx, "frame", size, "rgba8")
    floor = make_target(ctx, "floor", size, "rgba8")
    solid = gl.program("passes/floor/solid.frag")
    frame = Frame(30.0, 190.0, size, Region(0, 0, *size), scene="act", scene_time=(30.0, 120.0))
    try:
        node.render(frame, [target])   # the first frame rasterises the text
        stats = time_interleaved({
            "captions": lambda: node.render(frame, [target]),
            "floor": lambda: draw(gl, solid, floor, {}, {"u_value": 0.5}),
        }, ctx.finish, frames)
        changes = []
        for k in range(5):
            gl.captions = {"act": f"{CAPTION} ({k})"}
            ctx.finish()
            start = time.perf_counter()
            node.render(frame, [target])
            ctx.finish()
            changes.append((time.perf_counter() - start) * 1e3)
    finally:
        node.release()
        target.release()
        floor.release()
        gl.release()
    return {"size": list(size), "ms": round(stats["captions"]["median_ms"], 3),
            "floor_ms": round(stats["floor"]["median_ms"], 3), "text_change_ms": round(sorted(changes)[2], 2)}
