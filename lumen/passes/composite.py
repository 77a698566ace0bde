"""Composite pass: full-resolution mosaic + bloom + tone mapping in one draw -> 8-bit frame."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Frame, Param, Pass, draw, placement
from lumen.passes.mosaic import CELL_PARAMS, cell_bindings
from lumen.passes.tonemap import DISPLAY_PARAMS, curve_define, display_uniforms


class CompositePass(Pass):
    """Inputs: tile map, journey light, bloom. Equivalent to mosaic -> tonemap without the
    full-resolution HDR image in between (measured: about half the frame cost on llvmpipe)."""

    kind = "composite"
    INPUTS = ("tiles", "light", "bloom")
    OPTIONAL_INPUTS = ("glow",)
    FORMAT = "rgba8"
    PARAMS = CELL_PARAMS | DISPLAY_PARAMS | {
        "glow_strength": Param(0.6, 0.0, 8.0, "how much of the glow field (trails) is added"),
    }

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        tiles, light, bloom, *glow = inputs
        target = self.screen_output(frame)
        textures, uniforms = cell_bindings(self, frame, tiles, light)
        textures["u_bloom"] = bloom.texture
        uniforms |= display_uniforms(self, frame, bloom)
        defines = curve_define(self, frame) | {"COMPOSITE_GLOW": int(bool(glow))}
        if glow:
            textures["u_glow"] = glow[0].texture
            uniforms |= placement("u_glow", glow[0]) | {"u_glow_strength": self.value(frame, "glow_strength")}
        draw(self.gl, self.gl.program("passes/composite/display.frag", defines), target, textures, uniforms)
        return target
