"""Rings pass: when a visitor's journey arrives live, a ring of the flare's colour widens round its
new tile for a few seconds, so they can find their light among thousands. Drawn over the finished
frame, into its input target, inside each ring's box only; nothing when no tile was just born."""

from __future__ import annotations

import dataclasses

import moderngl
import numpy as np

from lumen.encode.colour import linear_to_srgb
from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


class RingsPass(Pass):
    """Input: the finished rgba8 frame. Output: the same target, rings added in place."""

    declared = PASS_KINDS["rings"]

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        (target,) = inputs
        seconds = self.value(frame, "seconds")
        live = [(row, born) for row, born in self.gl.births if 0.0 <= frame.time - born < seconds]
        if not live or self.gl.tile_centres is None:
            return target
        centres = self.gl.tile_centres(frame.canvas)
        widest = self.value(frame, "size") * frame.canvas[1]
        colour = tuple(float(c) for c in linear_to_srgb(np.asarray(self.gl.palette["flare"])))
        program = self.gl.program("passes/rings/ring.frag")
        region = frame.region
        self.gl.ctx.enable(moderngl.BLEND)
        self.gl.ctx.blend_func = (moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)
        try:
            for row, born in live:
                if row >= len(centres):
                    continue
                age = (frame.time - born) / seconds
                x, y = centres[row]
                x0, y0 = max(region.x, int(x - widest) - 2), max(region.y, int(y - widest) - 2)
                x1 = min(region.x + region.width, int(x + widest) + 3)
                y1 = min(region.y + region.height, int(y + widest) + 3)
                if x1 <= x0 or y1 <= y0:
                    continue
                box = dataclasses.replace(target, viewport=(x0 - region.x, y0 - region.y, x1 - x0, y1 - y0))
                draw(self.gl, program, box, {}, {
                    "u_centre": (float(x), float(y)), "u_region_origin": region.origin,
                    "u_radius": widest * (0.15 + 0.85 * age), "u_width": max(1.5, 0.08 * widest),
                    "u_alpha": (1.0 - age) ** 2, "u_colour": colour,
                })
        finally:
            self.gl.ctx.disable(moderngl.BLEND)
        return target
