"""Mosaic pass: every pixel looks up its tile and that journey's light, and glows (HDR)."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


def cell_bindings(node: Pass, frame: Frame, tiles: Target, light: Target) -> tuple[dict, dict]:
    """Textures and uniforms that shaders/lib/mosaic/mosaic_pixel.glsl needs."""
    palette = node.gl.palette
    textures = {"u_tiles": tiles.texture, "u_light": light.texture}
    uniforms = {
        "u_width_shift": node.gl.data.shift,
        "u_region_origin": frame.region.origin,
        "u_canvas": (float(frame.canvas[0]), float(frame.canvas[1])),
        "u_background_top": palette["background_top"],
        "u_background_bottom": palette["background_bottom"],
        "u_core": node.value(frame, "core"),
        "u_rim": node.value(frame, "rim"),
    }
    return textures, uniforms


class MosaicPass(Pass):
    """Inputs: the tile map (layout) and the journey light (simulate). At scale < 1 it point-samples
    the tile map, which is what a bloom source needs."""

    declared = PASS_KINDS["mosaic"]

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        tiles, light = inputs
        target = self.screen_output(frame, linear=True)
        textures, uniforms = cell_bindings(self, frame, tiles, light)
        uniforms |= {"u_target_origin": target.origin, "u_target_texel": target.texel}
        draw(self.gl, self.gl.program("passes/mosaic/cells.frag"), target, textures, uniforms)
        return target
