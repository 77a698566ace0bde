"""Layout pass: renders the tile map (journey index + radius per pixel) when data or size change."""

from __future__ import annotations

import numpy as np

from lumen.gl.targets import Target
from lumen.layout.geometry import grid_geometry, hex_geometry
from lumen.layout.seeds import SeedLayout, cluster_seeds, spiral_seeds, voronoi_seeds
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame
from lumen.passes.layout_jfa import JumpFlood
from lumen.vocabulary.passes import PASS_KINDS

ANALYTIC = ("grid", "hex")
FLOODED = ("spiral", "voronoi", "clusters")
KINDS = ANALYTIC + FLOODED


class LayoutPass(Pass):
    """The exhibit's `[layout] kind`; cached until the data version, canvas, region or parameters change.

    The numeric `[layout]` keys are this pass's defaults; its own `params` (and scene overrides) win.
    """

    declared = PASS_KINDS["layout"]

    def __init__(self, gl, name, params, scale=1.0, fmt=None):
        super().__init__(gl, name, params, scale, fmt)
        layout = getattr(gl, "layout", None) or {}
        from_layout = {key: float(layout[key]) for key in self.declared.params if key in layout}
        self.params = {key: spec.default for key, spec in self.declared.params.items()} | from_layout | dict(params)
        self.layout_kind = layout.get("kind", "grid")
        self.flat = layout.get("orientation", "pointy") == "flat"
        self.seed = int(layout.get("seed", 7))
        self.runs = 0             # how many times the tile map was computed (the cache is tested on it)
        self._key = None
        self._seeds: tuple[tuple, SeedLayout] | None = None
        self._flood = JumpFlood(gl, name)

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        data = self.gl.data
        target = self.ensure_output(frame.region.size)
        values = {key: self.value(frame, key) for key in self.declared.params}
        key = (data.version, frame.canvas, frame.region, tuple(values.items()), target.texture.glo)
        if key == self._key:
            return target
        if self.layout_kind in FLOODED:
            seeds = self.seeds(frame.canvas, values)
            self._flood.render(seeds, frame.canvas, frame.region, target)
        elif self.layout_kind == "hex":
            self._hex(frame, target, values)
        else:
            self._grid(frame, target, values)
        self.runs += 1
        self._key = key
        return target

    def seeds(self, canvas: tuple[int, int], values: dict[str, float]) -> SeedLayout:
        """The seed layout for the canvas; kept across regions (poster tiles reuse it)."""
        data = self.gl.data
        key = (data.version, canvas, values["margin"], values["gap"])
        if self._seeds is None or self._seeds[0] != key:
            tiles = data.tiles
            order = tiles.order
            if self.layout_kind == "spiral":
                seeds = spiral_seeds(canvas, order, values["margin"])
            elif self.layout_kind == "voronoi":
                seeds = voronoi_seeds(canvas, order, values["margin"], self.seed)
            else:
                groups = tiles.groups if tiles.groups is not None else np.zeros(tiles.count, np.int32)
                seeds = cluster_seeds(canvas, order, groups, values["margin"], values["gap"])
            self._seeds = (key, seeds)
        return self._seeds[1]

    def _grid(self, frame: Frame, target: Target, values: dict[str, float]) -> None:
        data = self.gl.data
        geometry = grid_geometry(frame.canvas, data.count, values["margin"])
        draw(self.gl, self.gl.program("passes/layout/grid.frag"), target, {}, {
            "u_region_origin": frame.region.origin,
            "u_grid_origin": geometry.origin,
            "u_cell": geometry.cell,
            "u_cols": geometry.cols,
            "u_rows": geometry.rows,
            "u_slots": data.count,
            "u_roundness": values["roundness"],
        })

    def _hex(self, frame: Frame, target: Target, values: dict[str, float]) -> None:
        data = self.gl.data
        geometry = hex_geometry(frame.canvas, data.count, values["margin"], self.flat)
        draw(self.gl, self.gl.program("passes/layout/hex.frag"), target, {}, {
            "u_region_origin": frame.region.origin,
            "u_canvas": tuple(float(c) for c in frame.canvas),
            "u_hex_origin": geometry.origin,
            "u_size": geometry.size,
            "u_cols": geometry.cols,
            "u_rows": geometry.rows,
            "u_slots": data.count,
            "u_flat": self.flat,
            "u_roundness": values["roundness"],
        })

    def release(self) -> None:
        self._flood.release()
        self._key = None
        super().release()

