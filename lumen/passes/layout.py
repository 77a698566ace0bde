"""Layout pass: renders the tile map (journey index + radius per pixel) when data or size change, and
redraws only the new tiles' pixels when journeys are appended."""

from __future__ import annotations

import math

import numpy as np

from lumen.gl.targets import Target
from lumen.layout.capacity import Slots, ranks_after
from lumen.layout.geometry import (
    Box,
    grid_centres,
    grid_geometry,
    grid_slots_box,
    hex_centres,
    hex_geometry,
    hex_slots_box,
)
from lumen.layout.seeds import SlotSeeds, slot_seeds
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame, Region
from lumen.passes.layout_jfa import JumpFlood
from lumen.vocabulary.passes import PASS_KINDS

ANALYTIC = ("grid", "hex")
FLOODED = ("spiral", "voronoi", "clusters")
KINDS = ANALYTIC + FLOODED


class LayoutPass(Pass):
    """The exhibit's `[layout] kind`; cached until the dataset (its version and texture epoch), canvas,
    region or parameters change. Geometry follows the data's reserved slots, so rows appended within
    them only add cells: their pixels are redrawn, exactly as a full computation would draw them.

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
        self.arrange = layout.get("arrange", "rings")
        self.runs = 0             # how many times the tile map was computed (the cache is tested on it)
        self.updates = 0          # how many times appended rows were drawn into it
        self._key = None
        self._count = 0           # rows the tile map shows
        self._filled = np.zeros(0, np.int64)  # clusters: rows per group it shows
        self._seed_cache: tuple[tuple, SlotSeeds] | None = None
        self._table: SlotSeeds | None = None  # the slot seeds of the last full computation
        self._flood = JumpFlood(gl, name)
        gl.tile_centres = self.centres   # the simulate pass's rerouting wave reads where tiles sit

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        data = self.gl.data
        target = self.ensure_output(frame.region.size)
        values = {key: self.value(frame, key) for key in self.declared.params}
        key = (data.version, data.epoch, frame.canvas, frame.region, tuple(values.items()), target.texture.glo)
        if key == self._key and self._count < data.count and self._append(frame, target, values):
            self.updates += 1
        elif key != self._key or self._count != data.count:
            self._full(frame, target, values)
            self.runs += 1
        self._key, self._count = key, data.count
        return target

    def slots(self) -> Slots:
        """The data's reserved slots, widened to the rows it holds (a rig without room still lays out)."""
        data = self.gl.data
        size = max(len(data.slots.groups), len(data.group_counts))
        groups = np.zeros(size, np.int64)
        groups[:len(data.slots.groups)] = data.slots.groups
        groups[:len(data.group_counts)] = np.maximum(groups[:len(data.group_counts)], data.group_counts)
        return Slots(max(data.slots.total, data.count), groups)

    def slot_seeds(self, canvas: tuple[int, int], values: dict[str, float]) -> SlotSeeds:
        """The seed of every slot for the canvas; kept across regions (poster tiles reuse it)."""
        data, slots = self.gl.data, self.slots()
        key = (data.version, data.epoch, slots.total, slots.groups.tobytes(), canvas, values["margin"], values["gap"])
        if self._seed_cache is None or self._seed_cache[0] != key:
            table = slot_seeds(self.layout_kind, canvas, slots, values["margin"], values["gap"], self.seed,
                               self.arrange)
            self._seed_cache = (key, table)
        return self._seed_cache[1]

    def centres(self, canvas: tuple[int, int]) -> np.ndarray:
        """(count, 2) canvas centre of every row's tile (GL orientation), where this pass puts it with
        the exhibit's own layout values: what canvas-space effects (the rerouting wave) key on."""
        data, values = self.gl.data, self.params
        rows = np.arange(data.count)
        if self.layout_kind in FLOODED:
            return self.slot_seeds(canvas, values).full(data.tiles.groups)[0].positions.astype(np.float64)
        if self.layout_kind == "hex":
            return hex_centres(hex_geometry(canvas, self.slots().total, values["margin"], self.flat), canvas, rows)
        return grid_centres(grid_geometry(canvas, self.slots().total, values["margin"]), rows)

    def _full(self, frame: Frame, target: Target, values: dict[str, float]) -> None:
        data = self.gl.data
        if self.layout_kind in FLOODED:
            self._table = self.slot_seeds(frame.canvas, values)
            seeds, self._filled = self._table.full(data.tiles.groups)
            self._flood.render(seeds, frame.canvas, frame.region, target, keep=data.room > 0)
        elif self.layout_kind == "hex":
            self._hex(frame, target, values)
        else:
            self._grid(frame, target, values)

    def _append(self, frame: Frame, target: Target, values: dict[str, float]) -> bool:
        """Draw rows self._count.. into the tile map, as the last full computation's geometry places
        them; False when they do not fit it (only a full computation can draw them then)."""
        data, first = self.gl.data, self._count
        if data.count > data.slots.total:
            return False
        if self.layout_kind in FLOODED:
            table = self._table  # the slots the kept splat was laid out with
            rows = np.arange(first, data.count)
            groups = data.tiles.groups[first:data.count]
            ranks, filled = ranks_after(groups, self._filled)
            if self._flood.kept is None or not table.room(rows, groups, ranks):
                return False
            self._flood.update(table.seeds(rows, groups, ranks), target)
            self._filled = filled
        elif self.layout_kind == "hex":
            geometry = hex_geometry(frame.canvas, data.slots.total, values["margin"], self.flat)
            box = hex_slots_box(geometry, frame.canvas, first, data.count)
            self._hex(frame, target, values, _viewport(box, frame.region))
        else:
            geometry = grid_geometry(frame.canvas, data.slots.total, values["margin"])
            self._grid(frame, target, values, _viewport(grid_slots_box(geometry, first, data.count), frame.region))
        return True

    def _grid(self, frame: Frame, target: Target, values: dict[str, float], viewport=None) -> None:
        data = self.gl.data
        geometry = grid_geometry(frame.canvas, self.slots().total, values["margin"])
        target.viewport = viewport
        draw(self.gl, self.gl.program("passes/layout/grid.frag"), target, {}, {
            "u_region_origin": frame.region.origin,
            "u_grid_origin": geometry.origin,
            "u_cell": geometry.cell,
            "u_cols": geometry.cols,
            "u_rows": geometry.rows,
            "u_slots": data.count,
            "u_roundness": values["roundness"],
        })
        target.viewport = None

    def _hex(self, frame: Frame, target: Target, values: dict[str, float], viewport=None) -> None:
        data = self.gl.data
        geometry = hex_geometry(frame.canvas, self.slots().total, values["margin"], self.flat)
        target.viewport = viewport
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
        target.viewport = None

    def release(self) -> None:
        self._flood.release()
        self._key = None
        super().release()


def _viewport(box: Box, region: Region) -> tuple[int, int, int, int]:
    """The target pixels (relative to the region) that cover a canvas box, a pixel wider all round."""
    x0 = max(region.x, math.floor(box[0]) - 1)
    y0 = max(region.y, math.floor(box[1]) - 1)
    x1 = min(region.x + region.width, math.ceil(box[2]) + 1)
    y1 = min(region.y + region.height, math.ceil(box[3]) + 1)
    return (x0 - region.x, y0 - region.y, max(0, x1 - x0), max(0, y1 - y0))
