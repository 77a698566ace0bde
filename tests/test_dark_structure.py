"""Visible structure: at the malfunction's peak the tiles that go dark sit together, as a wedge in each
district island, so the eye reads a shape and not noise (the share of a dark tile's neighbours that
are dark, measured on the tile map, against the same islands in the records' own order)."""

from __future__ import annotations

import numpy as np

from lumen.encode.story import journey_facts
from lumen.exhibit import load_exhibit
from lumen.pipeline.pipeline import Pipeline
from tests.gl_helpers import read_float

CANVAS = (1920, 1080)


def neighbour_share(pipeline: Pipeline, dark_slot: np.ndarray) -> float:
    """Mean, over dark tiles, of the share of their neighbours (tiles whose pixels touch theirs on
    the tile map) that are dark too."""
    outputs = pipeline.render(pipeline.frame(pipeline.timeline.scene_midpoint("malfunction"), CANVAS))
    ids = read_float(outputs["tiles"])[..., 0].astype(np.int64)
    pairs = np.concatenate([np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], 1),
                            np.stack([ids[:-1].ravel(), ids[1:].ravel()], 1)])
    pairs = pairs[(pairs[:, 0] >= 0) & (pairs[:, 1] >= 0) & (pairs[:, 0] != pairs[:, 1])]
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    both = np.concatenate([pairs, pairs[:, ::-1]])          # each edge from both ends
    mine = both[dark_slot[both[:, 0]]]
    dark_neighbours = np.bincount(mine[:, 0], weights=dark_slot[mine[:, 1]], minlength=len(dark_slot))
    neighbours = np.bincount(mine[:, 0], minlength=len(dark_slot))
    has = dark_slot & (neighbours > 0)
    return float((dark_neighbours[has] / neighbours[has]).mean())


def share_for(gl_context, exhibit, data) -> float:
    from lumen.encode.loader import encode_tiles

    _, tiles = encode_tiles(data.journeys, exhibit)
    lost = journey_facts(data.journeys, tuple(exhibit["data"]["outage_days"])).lost
    pipeline = Pipeline(gl_context, exhibit, tiles)
    try:
        return neighbour_share(pipeline, lost[tiles.order])   # the GPU keeps rows in slot order
    finally:
        pipeline.release()


def test_dark_tiles_sit_together_in_the_festival(gl_context, festival, festival_data, tmp_path):
    arranged = share_for(gl_context, festival, festival_data)
    plain = tmp_path / "plain.toml"
    plain.write_text('extends = "lumen:festival"\n[layout]\norder = ["district"]\narrange = "rings"\n')
    scattered = share_for(gl_context, load_exhibit(plain), festival_data)
    print(f"dark neighbours of dark tiles: festival {arranged:.2f}, records' order {scattered:.2f}")
    assert arranged >= 0.6, f"the festival's dark tiles keep {arranged:.2f} dark neighbours"
    assert scattered < 0.4 and arranged > scattered + 0.25
