"""Tile data: encodings follow the exhibit (colour from the channel a journey uses most, brightness
from continuity within its range), and the packed GPU rows decode to what the encodings chose."""

from __future__ import annotations

import dataclasses

import numpy as np

from lumen.encode.loader import scene_data
from lumen.exhibit import load_exhibit
from lumen.passes.gpu_contract import ROW_BRIGHTNESS_STEPS, ROW_HUE_STRIDE
from lumen.passes.journey_textures import MAX_IMPACT, gpu_rows
from lumen.records.schema import CHANNELS
from lumen.records.synth import synthesize
from tests.conftest import REPO

FESTIVAL = REPO / "exhibits" / "festival.toml"


def decode(rows: np.ndarray) -> dict[str, np.ndarray]:
    """What shaders/passes/simulate/state.frag does with a row, in numpy."""
    code = np.floor(rows[:, 1] / ROW_HUE_STRIDE)
    steps = np.floor(rows[:, 2])
    return {"hue": code, "phase0": rows[:, 1] - ROW_HUE_STRIDE * code, "brightness": steps / ROW_BRIGHTNESS_STEPS,
            "impact": rows[:, 2] - steps, "freq": rows[:, 0], "presence": rows[:, 3]}


def festival_scene(n: int = 3000):
    return scene_data(load_exhibit(FESTIVAL), synthesize(n, seed=5))


def test_a_tile_takes_the_palette_colour_of_the_channel_its_journey_uses_most():
    exhibit = load_exhibit(FESTIVAL)
    scene = festival_scene()
    j = scene.journeys
    owner = j.event_journey()
    for journey in (0, 1, 7, 42, 1234):
        used = np.bincount(j.event_channel[owner == journey], minlength=len(CHANNELS))
        channel = CHANNELS[int(np.argmax(used))] if used.sum() else "none"
        hex_colour = exhibit["palette"]["channels"][channel]
        srgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
        linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
        assert np.allclose(scene.tiles.colour[journey, :3], linear, atol=1e-6), (journey, channel)


def test_brightness_rises_with_continuity_within_the_exhibit_range():
    exhibit = load_exhibit(FESTIVAL)
    scene = festival_scene()
    lo, hi = exhibit["encodings"]["brightness_range"]
    continuity, brightness = scene.features["continuity"], scene.tiles.brightness
    assert brightness.min() >= lo - 1e-6 and brightness.max() <= hi + 1e-6
    order = np.argsort(continuity, kind="stable")
    assert (np.diff(brightness[order]) >= -1e-6).all(), "more regular check-ups never mean a dimmer tile"
    assert brightness[continuity == continuity.max()].min() > brightness[continuity == continuity.min()].max()


def test_packed_rows_decode_to_the_encoded_values():
    tiles = festival_scene().tiles
    got = decode(gpu_rows(tiles))
    assert np.array_equal(got["hue"], tiles.hue)
    assert np.abs(got["phase0"] - tiles.rhythm[:, 1]).max() < 1e-5
    assert np.abs(got["brightness"] - tiles.brightness).max() <= 0.5 / ROW_BRIGHTNESS_STEPS + 1e-6
    assert np.abs(got["impact"] - np.minimum(tiles.rhythm[:, 2], MAX_IMPACT)).max() < 1e-4
    assert np.array_equal(got["freq"], tiles.rhythm[:, 0])
    assert np.array_equal(got["presence"], tiles.rhythm[:, 3])
    assert len(np.unique(tiles.hue)) > 2 and tiles.rhythm[:, 2].max() > 0.5, "the sample must exercise the packing"


def test_packing_keeps_its_precision_at_the_brightest_allowed_value():
    tiles = festival_scene(50).tiles
    rhythm = tiles.rhythm.copy()
    rhythm[:, 2] = np.linspace(0.0, 1.0, tiles.count)
    bright = dataclasses.replace(tiles, brightness=np.full(tiles.count, 100.0, np.float32), rhythm=rhythm)
    got = decode(gpu_rows(bright))
    assert np.allclose(got["brightness"], 100.0)
    assert np.abs(got["impact"] - np.minimum(rhythm[:, 2], MAX_IMPACT)).max() <= 1 / 256
