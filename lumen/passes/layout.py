"""Layout pass: renders the tile map (journey index + radius per pixel) when data or size change."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.layouts import grid_geometry
from lumen.passes.base import Frame, Param, Pass, draw


class LayoutPass(Pass):
    """Grid tile map; cached until the data version, canvas, region or parameters change."""

    kind = "layout"
    FORMAT = "rg32f"
    PARAMS = {
        "roundness": Param(3.0, 1.0, 16.0, "cell shape: 2 round, larger squarer"),
        "margin": Param(0.04, 0.0, 0.4, "empty border as a fraction of the canvas's short side"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._key = None

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        data = self.gl.data
        target = self.ensure_output(frame.region.size)
        roundness, margin = self.value(frame, "roundness"), self.value(frame, "margin")
        key = (data.version, frame.canvas, frame.region, roundness, margin, target.texture.glo)
        if key == self._key:
            return target
        geometry = grid_geometry(frame.canvas, data.count, margin)
        program = self.gl.program("passes/layout/grid.frag")
        draw(self.gl, program, target, {"u_order": data.order}, {
            "u_region_origin": frame.region.origin,
            "u_grid_origin": geometry.origin,
            "u_cell": geometry.cell,
            "u_cols": geometry.cols,
            "u_rows": geometry.rows,
            "u_slots": data.count,
            "u_order_shift": data.order_shift,
            "u_roundness": roundness,
        })
        self._key = key
        return target
