"""Mosaic pass: every pixel looks up its tile and that journey's light, and glows (HDR)."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Frame, Param, Pass, draw

# Cell shading parameters, shared with the composite pass (which shades cells at full resolution).
CELL_PARAMS = {
    "core": Param(3.2, 0.1, 20.0, "sharpness of the luminous core"),
    "rim": Param(0.22, 0.0, 2.0, "brightness of the membrane near the cell edge"),
}


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

    kind = "mosaic"
    INPUTS = ("tiles", "light")
    PARAMS = dict(CELL_PARAMS)

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        tiles, light = inputs
        target = self.screen_output(frame, linear=True)
        textures, uniforms = cell_bindings(self, frame, tiles, light)
        uniforms |= {"u_target_origin": target.origin, "u_target_texel": target.texel}
        draw(self.gl, self.gl.program("passes/mosaic/cells.frag"), target, textures, uniforms)
        return target
