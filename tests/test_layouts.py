"""Layouts: each kind's tile map (snapshots, coverage, nearest-seed truth, caching, region crops)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lumen.bench.layouts import fake_tiles
from lumen.layout.geometry import hex_geometry
from lumen.layout.seeds import cluster_seeds, spiral_seeds, voronoi_seeds
from lumen.passes.base import GLResources
from lumen.passes.frame import Frame, Region
from lumen.passes.journey_textures import JourneyTextures, slot_ordered
from lumen.passes.layout import FLOODED, KINDS, LayoutPass
from lumen.pipeline.pipeline import Pipeline
from tests.gl_helpers import read_float


def with_layout(exhibit, **layout):
    """A copy of the exhibit with `[layout]` keys replaced (the session fixture stays untouched)."""
    return dataclasses.replace(exhibit, sections={**exhibit.sections, "layout": {**exhibit["layout"], **layout}})


class LayoutRig:
    """A layout pass alone on given tiles; tile_map() returns (ids, radius) in GL row order."""

    def __init__(self, ctx, tiles, kind: str, **layout):
        self.gl = GLResources(ctx)
        self.gl.layout = {"kind": kind, "seed": 7, **layout}
        self.gl.data = JourneyTextures(ctx, tiles)
        self.node = LayoutPass(self.gl, "tiles", {})

    def tile_map(self, canvas, region=None) -> np.ndarray:
        region = region or Region(0, 0, *canvas)
        return read_float(self.node.render(Frame(0.0, 0.0, canvas, region), []))

    def release(self):
        self.node.release()
        self.gl.data.release()
        self.gl.release()


@pytest.fixture
def rig(ctx):
    made = []

    def make(tiles, kind, **layout):
        made.append(LayoutRig(ctx, tiles, kind, **layout))
        return made[-1]

    yield make
    for r in made:
        r.release()


@pytest.mark.parametrize("kind", KINDS)
def test_layout_snapshot(ctx, festival, festival_data, snapshot, kind):
    pipeline = Pipeline(ctx, with_layout(festival, kind=kind), festival_data.tiles)
    try:
        snapshot(pipeline.render_rgba(pipeline.frame(30.0, (320, 180))), f"layout_{kind}_t30_320x180")
    finally:
        pipeline.release()


def tile_map_image(tile_map: np.ndarray) -> np.ndarray:
    """The tile map as a picture: a fixed random colour per journey, darkened towards the cell edge."""
    ids, radius = tile_map[::-1, :, 0].astype(np.int64), tile_map[::-1, :, 1]
    colours = np.random.default_rng(0).uniform(60, 255, (ids.max() + 2, 3))
    image = colours[ids] * np.clip(1.0 - radius, 0.0, 1.0)[..., None]
    image[ids < 0] = 0
    return image.astype(np.uint8)


@pytest.mark.parametrize("kind", KINDS)
def test_tile_map_snapshot(rig, festival_data, snapshot, kind):
    """The layout alone (independent of the passes after it): cells, their soft edges, the water."""
    snapshot(tile_map_image(rig(festival_data.tiles, kind).tile_map((320, 180))), f"tile_map_{kind}_320x180")


@pytest.mark.parametrize("kind", KINDS + ("hex-flat",))
def test_every_journey_has_cells_and_no_other_index_appears(rig, festival_data, kind):
    tiles = festival_data.tiles
    layout = {"kind": "hex", "orientation": "flat"} if kind == "hex-flat" else {"kind": kind}
    tile_map = rig(tiles, **layout).tile_map((640, 360))   # cells of 5000 journeys: >= 5 px across
    ids, radius = tile_map[..., 0], tile_map[..., 1]
    assert np.array_equal(ids, np.round(ids)), "journey indices must be whole numbers"
    tile = ids >= 0
    assert np.all(ids[~tile] == -1), "no tile is -1, nothing else"
    assert np.array_equal(np.unique(ids[tile]).astype(int), np.arange(tiles.count))
    assert radius[tile].min() < 0.1 and 0.9 < np.percentile(radius[tile], 99), "0 at centres, ~1 at edges"
    # Soft edges: within a cell the radius varies smoothly (no hard step from centre to rim).
    step = np.abs(np.diff(radius, axis=1))[tile[:, 1:] & tile[:, :-1] & (ids[:, 1:] == ids[:, :-1])]
    assert np.percentile(step, 99) < 0.6


def brute_nearest(positions: np.ndarray, canvas) -> tuple[np.ndarray, np.ndarray]:
    """Distance to the nearest and second-nearest seed at every pixel centre, GL row order."""
    ys, xs = np.mgrid[0:canvas[1], 0:canvas[0]] + 0.5
    d = np.hypot(xs[..., None] - positions[:, 0], ys[..., None] - positions[:, 1])
    d.sort(axis=-1)
    return d[..., 0], d[..., 1]


@pytest.mark.parametrize("kind", FLOODED)
def test_flooded_cells_are_the_nearest_seed_regions(rig, kind):
    tiles, canvas = slot_ordered(fake_tiles(300, groups=4)), (160, 90)  # the GPU's row order
    seeds = {"spiral": lambda: spiral_seeds(canvas, tiles.order, 0.04),
             "voronoi": lambda: voronoi_seeds(canvas, tiles.order, 0.04, 7),
             "clusters": lambda: cluster_seeds(canvas, tiles.order, tiles.groups, 0.04, 0.3)}[kind]()
    ids = rig(tiles, kind).tile_map(canvas)[..., 0].astype(int)
    nearest, _ = brute_nearest(seeds.positions.astype(np.float64), canvas)
    where = np.full(tiles.count, -1)
    where[seeds.journeys] = np.arange(seeds.count)
    ys, xs = np.mgrid[0:canvas[1], 0:canvas[0]] + 0.5
    tile = ids >= 0
    own = seeds.positions[where[ids[tile]]]
    d_own = np.hypot(xs[tile] - own[:, 0], ys[tile] - own[:, 1])
    # Every tile pixel names a seed as near as the true nearest (ties may go either way).
    assert np.all(d_own <= nearest[tile] + 1e-3)
    # Water exactly where the nearest seed is beyond the reach.
    assert np.all(nearest[~tile] > seeds.reach - 1e-3)
    assert np.all(nearest[tile] <= seeds.reach + 1e-3)


@pytest.mark.parametrize("kind", KINDS)
def test_tile_map_is_cached_until_inputs_change(rig, kind):
    tiles = fake_tiles(500)
    r = rig(tiles, kind)
    first = r.tile_map((128, 72))
    r.tile_map((128, 72))
    assert r.node.runs == 1, "same data, layout and size: the layout must not run again"
    flood_draws = r.node._flood.draws
    assert np.array_equal(first, r.tile_map((128, 72)))
    assert r.node._flood.draws == flood_draws
    r.tile_map((128, 72), Region(10, 5, 64, 32))
    assert r.node.runs == 2, "a new region recomputes"
    r.gl.data.release()
    r.gl.data = JourneyTextures(r.gl.ctx, dataclasses.replace(tiles, version=tiles.version + 1))
    r.tile_map((128, 72), Region(10, 5, 64, 32))
    assert r.node.runs == 3, "new data recomputes"


@pytest.mark.parametrize("kind", KINDS)
def test_region_tile_map_is_the_crop_of_the_canvas(rig, festival_data, kind):
    canvas = (480, 270)
    r = rig(festival_data.tiles, kind)
    full = r.tile_map(canvas)
    for x, y, w, h in ((0, 0, 100, 60), (173, 91, 150, 77), (400, 200, 80, 70), (240, 0, 240, 135)):
        part = r.tile_map(canvas, Region(x, y, w, h))
        assert np.array_equal(part, full[y:y + h, x:x + w]), f"region {(x, y, w, h)} differs from the crop"


def test_voronoi_seeds_are_deterministic_per_seed():
    order = np.arange(200, dtype=np.int32)
    a = voronoi_seeds((320, 180), order, 0.04, 7).positions
    assert np.array_equal(a, voronoi_seeds((320, 180), order, 0.04, 7).positions)
    assert not np.array_equal(a, voronoi_seeds((320, 180), order, 0.04, 8).positions)


def test_cluster_islands_are_separated_by_water():
    tiles = fake_tiles(2000, groups=6)
    seeds = cluster_seeds((640, 360), tiles.order, tiles.groups, 0.04, 0.3)
    group = tiles.groups[seeds.journeys]
    for g in np.unique(group):
        mine, others = seeds.positions[group == g], seeds.positions[group != g]
        gaps = np.hypot(*(mine[:, None, :] - others[None, :, :]).transpose(2, 0, 1))
        assert gaps.min() > 2 * seeds.reach, "two islands' cells would touch"
    assert np.all(seeds.positions >= 0) and np.all(seeds.positions <= (640, 360))


@pytest.mark.parametrize("flat", [False, True])
def test_hex_geometry_fits_the_canvas(flat):
    g = hex_geometry((1920, 1080), 5000, 0.04, flat)
    assert g.cols * g.rows >= 5000
    width, height = (1080, 1920) if flat else (1920, 1080)
    assert g.origin[0] - 0.87 * g.size >= 0 and g.origin[1] - g.size >= 0
    assert g.origin[0] + np.sqrt(3) * g.size * (g.cols - 0.5) <= width + 1e-6
    assert g.origin[1] + 1.5 * g.size * (g.rows - 1) + g.size <= height + 1e-6


def test_layout_keys_are_validated_with_their_key_path(tmp_path):
    from lumen.exhibit import load_exhibit
    from lumen.exhibit.load import ExhibitError

    path = tmp_path / "e.toml"
    path.write_text('[data]\npath = "d.jsonl"\n[layout]\nkind = "spirals"\ngroup = "distrct"\n')
    with pytest.raises(ExhibitError) as info:
        load_exhibit(path)
    text = "\n".join(info.value.problems)
    assert "layout.kind" in text and "layout.group" in text and 'did you mean "district"' in text
    path.write_text('[data]\npath = "d.jsonl"\n[layout]\nkind = "clusters"\ngroup = "income_band"\n'
                    '[passes.display]\nkind = "layout"\n')
    assert load_exhibit(path)["layout"]["group"] == "income_band"


@pytest.mark.parametrize("kind", ("hex",) + FLOODED)
def test_whole_frame_region_is_the_crop_for_every_layout(ctx, festival, festival_data, kind):
    from lumen.pipeline.headless import HeadlessRenderer
    from lumen.pipeline.regions import Crop

    renderer = HeadlessRenderer(with_layout(festival, kind=kind), festival_data, ctx=ctx)
    try:
        full = renderer.render(200.0, (480, 270))
        crop = Crop(173, 91, 150, 77)
        part = renderer.render(200.0, (480, 270), crop)
        assert np.array_equal(part, full[crop.y:crop.y + crop.height, crop.x:crop.x + crop.width])
    finally:
        renderer.release()
