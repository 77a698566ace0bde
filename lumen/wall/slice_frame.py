"""One projector's frame on the GPU: its slice copied out of the pipeline's padded output, and the edge
blend multiplied into it over the overlap bands only (a small pass: the rest of the slice is untouched)."""

from __future__ import annotations

import moderngl
import numpy as np

from lumen.gl.shaders import build_program
from lumen.gl.targets import Target, make_target
from lumen.passes.frame import Region
from lumen.wall.slices import SliceSetup


class SliceFrame:
    """The slice's rgba8 target: crop() fills it, blend() fades its overlaps, pattern() shows the test
    pattern in its place."""

    def __init__(self, ctx: moderngl.Context, setup: SliceSetup, blend: bool = True):
        self.ctx = ctx
        self.setup = setup
        width, height = setup.size
        self.target = make_target(ctx, f"wall.{setup.name}", setup.size, "rgba8")
        # A pixel buffer: the crop is copied by the driver (a memcpy on llvmpipe, about 3 ms at 1080p),
        # not by a full-screen draw (20 ms there).
        self.buffer = ctx.buffer(reserve=width * height * 4)
        self.rects = setup.blend_rects() if blend else []
        self.mask = None
        if self.rects:
            self.mask = ctx.texture(setup.size, 2, setup.mask().tobytes(), dtype="f4")
            self.mask.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self.program = build_program(ctx, "passes/common/fullscreen.vert", "passes/wall/blend.frag")
        self.vao = ctx.vertex_array(self.program, [])
        self.pattern_target: Target | None = None

    def crop(self, source: Target, crop: Region | None) -> Target:
        """Copy the slice out of the pipeline's output (`crop`: where it lies in it; None: all of it)."""
        viewport = (crop.x, crop.y, crop.width, crop.height) if crop is not None else (0, 0, *source.size)
        if viewport[2:] != self.setup.size:
            raise ValueError(f"slice {self.setup.name}: the frame's crop is {viewport[2]}x{viewport[3]}, "
                             f"expected {self.setup.size[0]}x{self.setup.size[1]}")
        source.fbo.read_into(self.buffer, viewport=viewport, components=4)
        self.target.texture.write(self.buffer)
        return self.target

    def blend(self, target: Target) -> Target:
        """frame * w^(1/gamma) + lift over the overlap bands, in place; returns the target."""
        if not self.rects:
            return target
        self.mask.use(location=0)
        self.program["u_mask"].value = 0
        target.fbo.use()
        self.ctx.enable_only(moderngl.BLEND)
        self.ctx.blend_func = (moderngl.ONE, moderngl.SRC_ALPHA)
        for rect in self.rects:
            self.ctx.viewport = rect
            self.vao.render(moderngl.TRIANGLES, vertices=3)
        self.ctx.enable_only(moderngl.NOTHING)
        self.ctx.blend_func = moderngl.DEFAULT_BLENDING
        return target

    def pattern(self, rgba: np.ndarray) -> Target:
        """The test pattern (top row first, as lumen.wall.pattern draws it) as the slice's frame."""
        if self.pattern_target is None:
            self.pattern_target = make_target(self.ctx, f"wall.{self.setup.name}.pattern", self.setup.size, "rgba8")
        self.pattern_target.texture.write(np.ascontiguousarray(rgba[::-1]).tobytes())
        return self.pattern_target

    def release(self) -> None:
        for obj in (self.target, self.pattern_target, self.mask, self.buffer, self.vao, self.program):
            if obj is not None:
                obj.release()
