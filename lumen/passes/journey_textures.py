"""Uploads per-journey arrays (TileData) as textures; the GL side never sees records."""

from __future__ import annotations

import moderngl
import numpy as np

from lumen.encode.tiles import TileData, gpu_rows, slot_ordered
from lumen.gl.fullscreen import pack_texels, texel_layout, width_shift

EVENTS_WIDTH = 4096


def _texture(ctx: moderngl.Context, columns: np.ndarray, size: tuple[int, int], dtype: str) -> moderngl.Texture:
    data = pack_texels(columns.astype(np.int32 if dtype == "i4" else np.float32), size)
    texture = ctx.texture(size, columns.shape[1], data.tobytes(), dtype=dtype)
    texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
    return texture


class JourneyTextures:
    """Textures of one dataset, rows in layout-slot order: the packed journey rows (tiles.gpu_rows),
    event spans and events. Colours stay per code (`tiles.palette`, `tiles.palette_b`): the
    simulate pass blends those few on the CPU and indexes them in the shader."""

    def __init__(self, ctx: moderngl.Context, tiles: TileData):
        tiles = slot_ordered(tiles)
        self.count = tiles.count
        self.size = texel_layout(max(tiles.count, 1))
        self.shift = width_shift(self.size)
        self.journeys = _texture(ctx, gpu_rows(tiles), self.size, "f4")
        self.spans = _texture(ctx, tiles.spans, self.size, "i4")
        events = tiles.events if len(tiles.events) else np.zeros((1, 2), np.float32)
        self.events_size = texel_layout(len(events), EVENTS_WIDTH)
        self.events = _texture(ctx, events, self.events_size, "f4")
        self.events_shift = width_shift(self.events_size)
        self.version = tiles.version
        self.tiles = tiles   # the numpy arrays in slot order, for layouts that place seeds in numpy

    def release(self) -> None:
        for texture in (self.journeys, self.spans, self.events):
            texture.release()
