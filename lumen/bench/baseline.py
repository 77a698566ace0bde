"""The benchmark's baseline: a naive per-tile mosaic drawn as instanced quads (what lumen avoids)."""

from __future__ import annotations

import moderngl
import numpy as np

from lumen.encode.tiles import TileData
from lumen.gl.shaders import build_program
from lumen.gl.targets import make_target
from lumen.layout.geometry import grid_geometry


class InstancedQuads:
    """One quad per journey on the festival grid, coloured like its tile; no bloom, no tone map."""

    def __init__(self, ctx: moderngl.Context, tiles: TileData, canvas: tuple[int, int]):
        self.ctx = ctx
        geometry = grid_geometry(canvas, tiles.count, margin=0.04)
        slots = np.arange(tiles.count)
        cells = np.empty((tiles.count, 3), np.float32)
        cells[:, 0] = geometry.origin[0] + (slots % geometry.cols) * geometry.cell
        cells[:, 1] = geometry.origin[1] + (slots // geometry.cols) * geometry.cell
        cells[:, 2] = geometry.cell
        corners = np.array([0, 0, 1, 0, 0, 1, 1, 1], np.float32)
        self.program = build_program(ctx, "passes/baseline/quads.vert", "passes/baseline/quads.frag")
        self.program["u_canvas"].value = tuple(float(c) for c in canvas)
        self.buffers = [ctx.buffer(corners.tobytes()), ctx.buffer(cells.tobytes()),
                        ctx.buffer(tiles.colour[tiles.order].astype(np.float32).tobytes())]
        self.vao = ctx.vertex_array(self.program, [
            (self.buffers[0], "2f", "in_corner"),
            (self.buffers[1], "3f/i", "in_cell"),
            (self.buffers[2], "4f/i", "in_colour"),
        ])
        self.target = make_target(ctx, "baseline", canvas, "rgba8")
        self.count = tiles.count

    def render(self) -> None:
        self.target.fbo.use()
        self.ctx.viewport = (0, 0, *self.target.size)
        self.target.fbo.clear(0.0, 0.0, 0.0, 1.0)
        self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=self.count)

    def release(self) -> None:
        self.vao.release()
        for buffer in self.buffers:
            buffer.release()
        self.program.release()
        self.target.release()
