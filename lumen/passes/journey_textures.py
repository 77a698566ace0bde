"""Per-journey arrays (TileData) as the simulate and mosaic passes read them: rows in layout-slot order,
packed into one texel per journey, uploaded as textures. No records reach here, only numbers."""

from __future__ import annotations

import dataclasses

import moderngl
import numpy as np

from lumen.encode.tiles import TileData
from lumen.gl.fullscreen import pack_texels, texel_layout, width_shift
from lumen.passes.gpu_contract import ROW_BRIGHTNESS_STEPS, ROW_HUE_STRIDE

EVENTS_WIDTH = 4096


def slot_ordered(tiles: TileData) -> TileData:
    """The same tiles with per-tile rows in layout-slot order (and an identity order).

    The GPU keeps per-tile state in this order: tiles that sit side by side on screen then sit near
    each other in memory, so the mosaic's per-pixel lookups hit the cache (at 1M journeys, random
    order made that lookup the most expensive part of the frame). `journey` maps rows back."""
    o = tiles.order
    if tiles.journey is not None:
        return tiles
    return dataclasses.replace(
        tiles, hue=tiles.hue[o], brightness=tiles.brightness[o], rhythm=tiles.rhythm[o], spans=tiles.spans[o],
        groups=None if tiles.groups is None else tiles.groups[o],
        order=np.arange(tiles.count, dtype=np.int32), journey=o.astype(np.int32))


# The GPU row of a journey (one rgba32f texel) packs six numbers into four floats; the simulate
# shader (shaders/passes/simulate/state.frag) decodes them with the same constants
# (passes/gpu_contract.py). One fetch instead of two (or three, with a second palette) per journey
# per frame: the fetches are most of that pass's cost on llvmpipe.
MAX_BRIGHTNESS = 100.0    # the exhibit schema's limit; z < 2**16, so the impact keeps 1/256 steps
MAX_IMPACT = 1.0 - 1.0 / 128.0  # stays below the next brightness step after float32 rounding


def gpu_rows(tiles: TileData) -> np.ndarray:
    """(n, 4) float32 per journey: pulse Hz, hue code * ROW_HUE_STRIDE + phase0, brightness steps + outage
    impact, presence day. Exact to float32 rounding: the packed parts stay far below 2**24 steps."""
    rows = tiles.rhythm.astype(np.float32).copy()
    rows[:, 1] = tiles.hue * ROW_HUE_STRIDE + np.mod(tiles.rhythm[:, 1], 2.0 * np.pi)
    steps = np.round(np.clip(tiles.brightness, 0.0, MAX_BRIGHTNESS) * ROW_BRIGHTNESS_STEPS)
    rows[:, 2] = steps + np.clip(tiles.rhythm[:, 2], 0.0, MAX_IMPACT)
    return rows


def _texture(ctx: moderngl.Context, columns: np.ndarray, size: tuple[int, int], dtype: str) -> moderngl.Texture:
    data = pack_texels(columns.astype(np.int32 if dtype == "i4" else np.float32), size)
    texture = ctx.texture(size, columns.shape[1], data.tobytes(), dtype=dtype)
    texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
    return texture


class JourneyTextures:
    """Textures of one dataset, rows in layout-slot order: the packed journey rows (gpu_rows),
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
