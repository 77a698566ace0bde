"""Tile data as the GPU receives it: the packed journey rows decode to what the encodings chose."""

from __future__ import annotations

import dataclasses

import numpy as np

from lumen.encode.features import compute_features
from lumen.encode.tiles import BRIGHTNESS_STEPS, HUE_STRIDE, MAX_IMPACT, build_tile_data, gpu_rows, slot_ordered
from lumen.exhibit import load_exhibit
from lumen.records.synth import synthesize
from tests.conftest import REPO

FESTIVAL = REPO / "exhibits" / "festival.toml"


def decode(rows: np.ndarray) -> dict[str, np.ndarray]:
    """What shaders/passes/simulate/state.frag does with a row, in numpy."""
    code = np.floor(rows[:, 1] / HUE_STRIDE)
    steps = np.floor(rows[:, 2])
    return {"hue": code, "phase0": rows[:, 1] - HUE_STRIDE * code, "brightness": steps / BRIGHTNESS_STEPS,
            "impact": rows[:, 2] - steps, "freq": rows[:, 0], "presence": rows[:, 3]}


def festival_tiles(n: int = 3000):
    exhibit = load_exhibit(FESTIVAL)
    data = synthesize(n, seed=5)
    return build_tile_data(data, compute_features(data, outage_days=tuple(exhibit["data"]["outage_days"])), exhibit)


def test_packed_rows_decode_to_the_encoded_values():
    tiles = festival_tiles()
    got = decode(gpu_rows(tiles))
    assert np.array_equal(got["hue"], tiles.hue)
    assert np.abs(got["phase0"] - tiles.rhythm[:, 1]).max() < 1e-5
    assert np.abs(got["brightness"] - tiles.brightness).max() <= 0.5 / BRIGHTNESS_STEPS + 1e-6
    assert np.abs(got["impact"] - np.minimum(tiles.rhythm[:, 2], MAX_IMPACT)).max() < 1e-4
    assert np.array_equal(got["freq"], tiles.rhythm[:, 0])
    assert np.array_equal(got["presence"], tiles.rhythm[:, 3])
    assert len(np.unique(tiles.hue)) > 2 and tiles.rhythm[:, 2].max() > 0.5, "the sample must exercise the packing"


def test_packing_keeps_its_precision_at_the_brightest_allowed_value():
    tiles = festival_tiles(50)
    rhythm = tiles.rhythm.copy()
    rhythm[:, 2] = np.linspace(0.0, 1.0, tiles.count)
    bright = dataclasses.replace(tiles, brightness=np.full(tiles.count, 100.0, np.float32), rhythm=rhythm)
    got = decode(gpu_rows(bright))
    assert np.allclose(got["brightness"], 100.0)
    assert np.abs(got["impact"] - np.minimum(rhythm[:, 2], MAX_IMPACT)).max() <= 1 / 256


def test_colours_follow_the_palette_per_hue_code_in_slot_order():
    tiles = festival_tiles()
    assert np.array_equal(tiles.colour[:, :3], tiles.palette[tiles.hue])
    assert np.array_equal(tiles.colour[:, 3], tiles.brightness)
    ordered = slot_ordered(tiles)
    assert np.array_equal(ordered.colour, tiles.colour[tiles.order])
    assert not np.array_equal(tiles.palette_b, tiles.palette), "the festival blends toward a second palette"
