"""Mosaic pass: every pixel looks up its tile and that journey's state, and glows (HDR)."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Frame, Param, Pass, draw


class MosaicPass(Pass):
    """Inputs: the tile map (layout) and the journey state (simulate)."""

    kind = "mosaic"
    INPUTS = ("tiles", "state")
    PARAMS = {
        "pulse_depth": Param(0.55, 0.0, 1.0, "share of a tile's light that breathes with its pulse"),
        "core": Param(3.2, 0.1, 20.0, "sharpness of the luminous core"),
        "rim": Param(0.22, 0.0, 2.0, "brightness of the membrane near the cell edge"),
    }

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        tiles, state = inputs
        data, palette = self.gl.data, self.gl.palette
        target = self.ensure_output(self.output_size(frame.region.size), linear=True)
        draw(self.gl, self.gl.program("passes/mosaic/cells.frag"), target,
             {"u_tiles": tiles.texture, "u_state": state.texture, "u_colour": data.colour}, {
                 "u_width": data.width,
                 "u_region_origin": frame.region.origin,
                 "u_canvas": tuple(float(c) for c in frame.canvas),
                 "u_background_top": palette["background_top"],
                 "u_background_bottom": palette["background_bottom"],
                 "u_flare_colour": palette["flare"],
                 "u_pulse_depth": self.value(frame, "pulse_depth"),
                 "u_core": self.value(frame, "core"),
                 "u_rim": self.value(frame, "rim"),
             })
        return target
