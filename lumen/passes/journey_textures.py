"""Per-journey arrays (TileData) as the simulate and mosaic passes read them: rows in layout-slot order,
packed into one texel per journey, uploaded as textures with room for journeys that arrive live.
No records reach here, only numbers."""

from __future__ import annotations

import dataclasses
import itertools
import math

import moderngl
import numpy as np

from lumen.encode.tile_store import slot_ordered
from lumen.encode.tiles import TileData
from lumen.gl.fullscreen import pack_texels, texel_layout, width_shift
from lumen.layout.capacity import LIVE_HEADROOM, Slots, group_counts, reserve
from lumen.passes.gpu_contract import ROW_BRIGHTNESS_STEPS, ROW_HUE_STRIDE

__all__ = ["JourneyTextures", "gpu_rows", "slot_ordered"]

EVENTS_WIDTH = 4096
MIN_EVENT_ROOM = 4096   # events beyond the rows' share: a batch of long journeys should not rebuild
_epochs = itertools.count(1)

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


def write_texels(texture: moderngl.Texture, start: int, columns: np.ndarray) -> None:
    """Write rows start.. of a row-by-row texel texture: at most three sub-rectangles (the rest of
    the first texture row, whole rows, the start of the last), whatever the number of rows."""
    width = texture.size[0]
    data = np.ascontiguousarray(columns.astype(np.int32 if texture.dtype == "i4" else np.float32))
    n, done = len(data), 0
    if start % width and n:
        done = min(n, width - start % width)
        texture.write(data[:done].tobytes(), viewport=(start % width, start // width, done, 1))
    whole = (n - done) // width
    if whole:
        texture.write(data[done:done + whole * width].tobytes(), viewport=(0, (start + done) // width, width, whole))
        done += whole * width
    if done < n:
        texture.write(data[done:].tobytes(), viewport=(0, (start + done) // width, n - done, 1))


class JourneyTextures:
    """Textures of one dataset, rows in layout-slot order: the packed journey rows (gpu_rows), event
    spans and events, each with room for `headroom` more journeys (see lumen.layout.capacity).
    Colours stay per code (`palette`, `palette_b`): the simulate pass blends those few on the CPU.

    `version` names the dataset; `appends` counts batches added in place and `epoch` changes when
    the textures are rebuilt (a batch that did not fit): caches key on what they depend on."""

    def __init__(self, ctx: moderngl.Context, tiles: TileData, headroom: float = 0.0, grouped: bool = False):
        self.ctx = ctx
        self.headroom, self.grouped = headroom, grouped
        self.version = tiles.version
        self.appends = 0
        self._textures: list[moderngl.Texture] = []
        self._build(slot_ordered(tiles), headroom)

    def _build(self, tiles: TileData, headroom: float) -> None:
        """(Re)allocate every texture for these rows and their room; a new epoch."""
        self.release()
        if tiles.groups is None:
            tiles = dataclasses.replace(tiles, groups=np.zeros(tiles.count, np.int32))
        self.tiles = tiles   # the rows in slot order (numpy), for layouts that place seeds by group
        self.palette, self.palette_b = tiles.palette, tiles.palette_b
        self.count, self.n_events = tiles.count, len(tiles.events)
        self.group_counts = group_counts(tiles.groups, tiles.count)
        self.slots: Slots = reserve(tiles.count, self.group_counts, headroom)
        self.size = texel_layout(max(self.slots.total, 1))
        self.shift = width_shift(self.size)
        self.journeys = _texture(self.ctx, gpu_rows(tiles), self.size, "f4")
        self.spans = _texture(self.ctx, tiles.spans, self.size, "i4")
        self._build_events(tiles.events, headroom)
        self.epoch = next(_epochs)

    def _build_events(self, events: np.ndarray, headroom: float) -> None:
        # Room for the rows' room at their mean events (a birth adds one), with a quarter to spare.
        per_row = len(events) / max(self.count, 1) + 1.0
        room = math.ceil((self.slots.total - self.count) * per_row * 1.25) + (MIN_EVENT_ROOM if headroom > 0 else 0)
        self.events_size = texel_layout(max(len(events) + room, 1), EVENTS_WIDTH)
        self.events_shift = width_shift(self.events_size)
        self.events = _texture(self.ctx, events if len(events) else np.zeros((1, 2), np.float32), self.events_size, "f4")
        self._textures = [self.journeys, self.spans, self.events]

    @property
    def room(self) -> int:
        """Rows that can still be appended in place (when no group is full)."""
        return self.slots.total - self.count

    def fits(self, rows: TileData) -> bool:
        """Whether appending these rows keeps every texture and layout slot where it is."""
        counts = self._counts_with(rows)
        return self.slots.fits(self.count + rows.count, counts, self.grouped)

    def _counts_with(self, rows: TileData) -> np.ndarray:
        added = group_counts(rows.groups, rows.count)
        counts = np.zeros(max(len(added), len(self.group_counts)), np.int64)
        counts[:len(self.group_counts)] += self.group_counts
        counts[:len(added)] += added
        return counts

    def append(self, rows: TileData, full: TileData) -> bool:
        """Append rows of new journeys (slot order, after the existing ones; spans index their own
        events) with sub-rectangle writes, in time proportional to them. When they do not fit, rebuild
        everything from `full` (all rows, these included) with fresh room: returns False then."""
        rows = slot_ordered(rows)
        if rows.version != self.version or full.version != self.version:
            raise ValueError(f"rows of dataset {rows.version} appended to dataset {self.version}")
        if full.count != self.count + rows.count:
            raise ValueError(f"{self.count} rows + {rows.count} appended, but the dataset has {full.count}")
        self.appends += 1
        if not self.fits(rows):
            self._build(slot_ordered(full), max(self.headroom, LIVE_HEADROOM))
            return False
        if self.n_events + len(rows.events) > self.events_size[0] * self.events_size[1]:
            self.events.release()  # only the events ran out: rows, slots and the layout stay
            self._build_events(full.events, max(self.headroom, LIVE_HEADROOM))
        else:
            write_texels(self.events, self.n_events, rows.events)
        spans = rows.spans.copy()
        spans[:, 0] += self.n_events
        write_texels(self.journeys, self.count, gpu_rows(rows))
        write_texels(self.spans, self.count, spans)
        self.group_counts = self._counts_with(rows)
        self.count, self.n_events = full.count, self.n_events + len(rows.events)
        self.tiles = slot_ordered(full)
        return True

    def release(self) -> None:
        for texture in self._textures:
            texture.release()
        self._textures = []
