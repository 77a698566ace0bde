"""Composite pass: full-resolution mosaic + bloom + tone mapping in one draw -> 8-bit frame."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame
from lumen.passes.mosaic import cell_bindings
from lumen.passes.tonemap import curve_define, display_uniforms
from lumen.vocabulary.passes import PASS_KINDS


class CompositePass(Pass):
    """Inputs: tile map, journey light, and a low-resolution halo (bloom, or bloom mixed with the
    glow field) added before tone mapping. Equivalent to mosaic -> tonemap without the
    full-resolution HDR image in between (measured: about half the frame cost on llvmpipe)."""

    declared = PASS_KINDS["composite"]

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        tiles, light, halo = inputs
        target = self.screen_output(frame)
        textures, uniforms = cell_bindings(self, frame, tiles, light)
        textures["u_bloom"] = halo.texture
        uniforms |= display_uniforms(self, frame, halo)
        draw(self.gl, self.gl.program("passes/composite/display.frag", curve_define(self, frame)), target,
             textures, uniforms)
        return target
