"""Appending journeys within the reserved slots: textures and tile maps equal a full computation with
the same slots, byte for byte, for every layout kind; no tile moves; a batch that does not fit
rebuilds once."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lumen.bench.layouts import fake_tiles
from lumen.encode.tile_store import TileStore, slot_ordered
from lumen.encode.tiles import TileData
from lumen.passes.base import GLResources
from lumen.passes.frame import Frame, Region
from lumen.passes.journey_textures import JourneyTextures
from lumen.passes.layout import KINDS, LayoutPass
from tests.gl_helpers import read_float

CANVAS = (320, 180)
BATCHES = (1, 10, 250, 739)   # 1000 journeys after 2000


def new_rows(base: TileData, groups: np.ndarray, seed: int, events: int = 4) -> TileData:
    """Rows of journeys that arrive live: random hues, rhythms and events of their own."""
    rng = np.random.default_rng(seed)
    k = len(groups)
    counts = rng.integers(0, events, k)
    spans = np.stack([np.cumsum(counts) - counts, counts], 1).astype(np.int32)
    events = np.stack([np.sort(rng.uniform(0, 400, counts.sum())), np.ones(counts.sum())], 1).astype(np.float32)
    rhythm = rng.uniform(0, 1, (k, 4)).astype(np.float32)
    return TileData(k, rng.integers(0, 5, k).astype(np.int32), rng.uniform(0.2, 1, k).astype(np.float32),
                    base.palette, base.palette_b, rhythm, spans, events, np.arange(k, dtype=np.int32), base.version,
                    groups.astype(np.int32), np.arange(k, dtype=np.int32))


class Growing:
    """Journey textures with room, fed batch after batch, with a tile store holding every row."""

    def __init__(self, ctx, n: int = 2000, groups: int = 5, headroom: float = 1.0):
        base = slot_ordered(fake_tiles(n, groups=groups))
        self.store = TileStore(base)
        self.data = JourneyTextures(ctx, base, headroom=headroom, grouped=True)
        self.rng = np.random.default_rng(5)
        self.share = np.bincount(base.groups, minlength=groups) / n  # arrivals follow the groups' sizes

    def append(self, k: int, events: int = 4) -> bool:
        groups = self.rng.choice(len(self.share), k, p=self.share)
        rows = new_rows(self.store.view(), groups, int(self.rng.integers(1 << 30)), events)
        self.store.append(rows)
        return self.data.append(rows, self.store.view())


def layout_node(ctx, data, kind: str, flat: bool = False) -> tuple[GLResources, LayoutPass]:
    gl = GLResources(ctx)
    gl.layout = {"kind": kind, "seed": 7, "orientation": "flat" if flat else "pointy"}
    gl.data = data
    return gl, LayoutPass(gl, "tiles", {})


def tile_map(node: LayoutPass, region: Region | None = None) -> np.ndarray:
    region = region or Region(0, 0, *CANVAS)
    return read_float(node.render(Frame(0.0, 0.0, CANVAS, region), [])).copy()


def from_scratch(ctx, data, kind: str, flat: bool, region=None) -> np.ndarray:
    """The tile map a new layout pass computes in full for the same data and slots."""
    gl, node = layout_node(ctx, data, kind, flat)
    try:
        return tile_map(node, region)
    finally:
        node.release()
        gl.release()


@pytest.mark.parametrize("kind", KINDS + ("hex-flat",))
def test_appended_tiles_are_drawn_exactly_as_a_full_computation(ctx, kind):
    flat = kind == "hex-flat"
    kind = "hex" if flat else kind
    growing = Growing(ctx)
    gl, node = layout_node(ctx, growing.data, kind, flat)
    try:
        before = tile_map(node)
        epoch = growing.data.epoch
        for k in BATCHES:
            assert growing.append(k), "within the room: appended in place"
            after = tile_map(node)
            assert node.runs == 1 and node.updates >= 1, "drawn in place, not computed again"
            assert np.array_equal(after, from_scratch(ctx, growing.data, kind, flat)), f"after +{k}"
            shown = before[..., 0] >= 0
            moved = after[..., 0][shown] != before[..., 0][shown]
            assert not moved.any() or kind in ("spiral", "voronoi", "clusters"), "analytic cells never change"
            before = after
        assert growing.data.epoch == epoch
        ids = after[..., 0]
        assert np.array_equal(np.unique(ids[ids >= 0]).astype(int), np.arange(growing.data.count)), \
            "every journey has pixels; unused slots are water (-1), never a cell"
    finally:
        node.release()
        gl.release()
        growing.data.release()


@pytest.mark.parametrize("kind", ("grid", "spiral", "clusters"))
def test_a_region_tile_map_takes_appends_exactly(ctx, kind):
    growing = Growing(ctx)
    gl, node = layout_node(ctx, growing.data, kind)
    region = Region(101, 37, 150, 90)
    try:
        tile_map(node, region)
        for k in BATCHES[:3]:
            growing.append(k)
            assert np.array_equal(tile_map(node, region), from_scratch(ctx, growing.data, kind, False, region))
        assert node.runs == 1
    finally:
        node.release()
        gl.release()
        growing.data.release()


def test_existing_seeds_stay_where_they_are(ctx):
    """Flooded layouts: a tile's seed never moves; its cell only yields pixels to new neighbours."""
    growing = Growing(ctx)
    gl, node = layout_node(ctx, growing.data, "clusters")
    try:
        seeds_before, _ = node.slot_seeds(CANVAS, dict(node.params)).full(growing.data.tiles.groups)
        tile_map(node)
        growing.append(300)
        tile_map(node)
        seeds_after, _ = node.slot_seeds(CANVAS, dict(node.params)).full(growing.data.tiles.groups)
        assert np.array_equal(seeds_after.positions[:2000], seeds_before.positions)
    finally:
        node.release()
        gl.release()
        growing.data.release()


def test_textures_after_appends_equal_a_fresh_upload(ctx):
    growing = Growing(ctx)
    for k in BATCHES:
        growing.append(k)
    data = growing.data
    fresh = JourneyTextures(ctx, growing.store.view(), headroom=0.0)
    try:
        n, m = data.count, data.n_events
        assert n == 3000 and fresh.count == n

        def texels(texture, rows):
            dtype = np.int32 if texture.dtype == "i4" else np.float32
            return np.frombuffer(texture.read(), dtype).reshape(-1, texture.components)[:rows]

        for name, rows in (("journeys", n), ("spans", n), ("events", m)):
            assert np.array_equal(texels(getattr(data, name), rows), texels(getattr(fresh, name), rows)), name
    finally:
        fresh.release()
        data.release()


def test_events_beyond_their_room_rebuild_only_the_events(ctx):
    growing = Growing(ctx)
    data = growing.data
    epoch, capacity = data.epoch, data.events_size[0] * data.events_size[1]
    assert growing.append(600, events=40), "rows still fit"
    assert data.epoch == epoch and data.events_size[0] * data.events_size[1] > capacity
    fresh = JourneyTextures(ctx, growing.store.view())
    try:
        def texels(texture, rows):
            return np.frombuffer(texture.read(), np.float32).reshape(-1, 2)[:rows]

        assert np.array_equal(texels(data.events, data.n_events), texels(fresh.events, data.n_events))
    finally:
        fresh.release()
        data.release()


def test_a_batch_beyond_the_room_rebuilds_once(ctx):
    growing = Growing(ctx, n=1000, groups=3, headroom=0.0)
    gl, node = layout_node(ctx, growing.data, "clusters")
    try:
        tile_map(node)
        epoch, version = growing.data.epoch, growing.data.version
        assert not growing.append(5), "no room: rebuilt"
        assert growing.data.epoch != epoch and growing.data.version == version
        assert growing.data.room > 0, "rebuilt with room for the next batches"
        assert np.array_equal(tile_map(node), from_scratch(ctx, growing.data, "clusters", False))
        assert node.runs == 2
        assert growing.append(5)
        tile_map(node)
        assert node.runs == 2 and node.updates == 1
    finally:
        node.release()
        gl.release()
        growing.data.release()


def test_no_room_lays_out_as_before(ctx, festival_data):
    """Headroom 0 (every render but a live show): the slots are the journeys, the geometry unchanged."""
    data = JourneyTextures(ctx, festival_data.tiles)
    try:
        assert data.slots.total == data.count == festival_data.tiles.count and data.room == 0
        tiles = slot_ordered(festival_data.tiles)
        assert np.array_equal(data.slots.groups, np.bincount(tiles.groups))
    finally:
        data.release()


def test_rows_of_another_dataset_are_refused(ctx):
    growing = Growing(ctx)
    rows = new_rows(growing.store.view(), np.zeros(3, np.int64), 1)
    try:
        with pytest.raises(ValueError):
            growing.data.append(dataclasses.replace(rows, version=rows.version + 1), growing.store.view())
    finally:
        growing.data.release()


def test_change_boxes_cover_every_pixel_a_changed_texel_reaches():
    from lumen.passes.layout_jfa import change_boxes

    rng = np.random.default_rng(3)
    region = Region(20, 10, 400, 300)
    for n in (1, 7, 60, 900):
        texels = np.stack([rng.integers(0, 460, n), rng.integers(0, 330, n)], 1)
        boxes = change_boxes(texels, 5, region)
        covered = np.zeros((330, 460), bool)
        for b in boxes:
            assert b.x >= region.x and b.y >= region.y
            assert b.x + b.width <= region.x + region.width and b.y + b.height <= region.y + region.height
            covered[b.y:b.y + b.height, b.x:b.x + b.width] = True
        need = np.zeros_like(covered)
        for x, y in texels:
            need[max(y - 5, 0):y + 6, max(x - 5, 0):x + 6] = True
        need[:region.y] = need[region.y + region.height:] = False
        need[:, :region.x] = need[:, region.x + region.width:] = False
        assert not (need & ~covered).any(), f"{n} texels: a reachable pixel outside every box"
