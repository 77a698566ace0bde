"""Tile rows in layout-slot order, with room kept ahead: a live batch is appended in time proportional
to the batch, and every view of the rows so far stays valid while later batches arrive."""

from __future__ import annotations

import dataclasses

import numpy as np

from lumen.encode.tiles import TileData

GROWTH = 1.5   # a full store grows by half: a copy of all rows once per many batches, in the feed's thread
MIN_ROOM = 1024
ROW_COLUMNS = ("hue", "brightness", "rhythm", "spans", "groups", "journey")


def slot_ordered(tiles: TileData) -> TileData:
    """The same tiles with per-tile rows in layout-slot order (and an identity order).

    The GPU keeps per-tile state in this order: tiles that sit side by side on screen then sit near
    each other in memory, so the mosaic's per-pixel lookups hit the cache (at 1M journeys, random
    order made that lookup the most expensive part of the frame). `journey` maps rows back."""
    o = tiles.order
    if tiles.journey is not None:
        return tiles
    groups = np.zeros(tiles.count, np.int32) if tiles.groups is None else tiles.groups[o]
    return dataclasses.replace(
        tiles, hue=tiles.hue[o], brightness=tiles.brightness[o], rhythm=tiles.rhythm[o], spans=tiles.spans[o],
        groups=groups, order=np.arange(tiles.count, dtype=np.int32), journey=o.astype(np.int32))


class TileStore:
    """Slot-ordered rows of one dataset in arrays longer than the rows they hold. Appending writes past
    the end (or, when full, into new arrays), so a view taken earlier never sees a row change."""

    def __init__(self, tiles: TileData):
        tiles = slot_ordered(tiles)
        self.version, self.palette, self.palette_b = tiles.version, tiles.palette, tiles.palette_b
        self.count, self.n_events = tiles.count, len(tiles.events)
        self._rows = {name: getattr(tiles, name) for name in ROW_COLUMNS}
        self._events = tiles.events
        self._order = tiles.order

    def append(self, rows: TileData) -> None:
        """Add rows after the last ones; `rows` come in slot order, their spans index their own events."""
        k, m = rows.count, len(rows.events)
        if rows.version != self.version:
            raise ValueError(f"rows of dataset {rows.version} appended to dataset {self.version}")
        self._reserve(self.count + k, self.n_events + m)
        end = self.count + k
        for name in ROW_COLUMNS[:-2]:
            self._rows[name][self.count:end] = getattr(rows, name)
        self._rows["spans"][self.count:end, 0] += self.n_events
        self._rows["groups"][self.count:end] = 0 if rows.groups is None else rows.groups
        self._rows["journey"][self.count:end] = np.arange(self.count, end, dtype=np.int32)
        self._events[self.n_events:self.n_events + m] = rows.events
        self.count, self.n_events = end, self.n_events + m

    def _reserve(self, rows: int, events: int) -> None:
        """Grow the arrays (new ones: views already handed out keep the old) to hold this many."""
        if rows > len(self._order):
            size = max(rows, int(len(self._order) * GROWTH), MIN_ROOM)
            self._rows = {name: _grown(column, self.count, size) for name, column in self._rows.items()}
            self._order = np.arange(size, dtype=np.int32)
        if events > len(self._events):
            self._events = _grown(self._events, self.n_events, max(events, int(len(self._events) * GROWTH), MIN_ROOM))

    def view(self) -> TileData:
        """The rows so far as slot-ordered TileData (no copy)."""
        n, r = self.count, self._rows
        return TileData(n, r["hue"][:n], r["brightness"][:n], self.palette, self.palette_b, r["rhythm"][:n],
                        r["spans"][:n], self._events[:self.n_events], self._order[:n], self.version,
                        r["groups"][:n], r["journey"][:n])


def _grown(column: np.ndarray, used: int, size: int) -> np.ndarray:
    out = np.zeros((size,) + column.shape[1:], column.dtype)
    out[:used] = column[:used]
    return out
