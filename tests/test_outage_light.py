"""The malfunction act shows who lost access: a tile whose journey lost care in the outage goes dark,
the others keep their light, and the dimming comes from each journey's own events only (shuffling
income bands across journeys makes the bands' dimming agree)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lumen.encode.loader import scene_data
from lumen.encode.story import journey_facts
from lumen.passes.simulate import decode_light
from lumen.pipeline.pipeline import Pipeline, read_rgba8
from lumen.records.synth import synthesize

LUMA = np.array([0.2126, 0.7152, 0.0722])


def journey_light(pipeline: Pipeline, tiles, time: float, overrides=None) -> np.ndarray:
    """Each journey's light (the simulate pass's output, decoded to luminance), in journey order."""
    name = next(s.name for s in pipeline.order if s.kind == "simulate")
    out = pipeline.render(pipeline.frame(time, (64, 36), overrides=overrides))[name]
    texels = np.frombuffer(out.texture.read(), np.uint8).reshape(-1, 4)[: tiles.count]
    light = np.empty(tiles.count)
    light[tiles.order] = decode_light(texels) @ LUMA   # rows sit in layout-slot order
    return light


def kept_light(gl_context, exhibit, journeys) -> tuple[np.ndarray, np.ndarray]:
    """Per journey: light at the malfunction's peak over light in the same frame without the outage,
    and whether it has any light to lose."""
    scene = scene_data(exhibit, journeys)
    pipeline = Pipeline(gl_context, exhibit, scene.tiles)
    try:
        t = pipeline.timeline.scene_midpoint("malfunction")
        assert pipeline.timeline.at(t).overrides["state"]["outage"] == 1.0, "the act's peak"
        act = journey_light(pipeline, scene.tiles, t)
        calm = journey_light(pipeline, scene.tiles, t, {"state": {"outage": 0.0}})
    finally:
        pipeline.release()
    lit = calm > 1e-3
    return np.divide(act, calm, out=np.ones_like(act), where=lit), lit


def test_lost_care_goes_dark_and_the_rest_keeps_its_light(gl_context, festival, festival_data):
    kept, lit = kept_light(gl_context, festival, festival_data.journeys)
    lost = journey_facts(festival_data.journeys, tuple(festival["data"]["outage_days"])).lost
    assert (lost & lit).sum() > 500 and (~lost & lit).sum() > 2000
    assert kept[lost & lit].max() <= 0.25, "a tile whose journey lost care loses at least 75 % of its light"
    assert kept[~lost & lit].min() >= 0.90, "a tile whose journey did not keeps at least 90 %"


def band_kept(kept: np.ndarray, lit: np.ndarray, bands: np.ndarray) -> np.ndarray:
    return np.array([kept[lit & (bands == b)].mean() for b in range(3)])


@pytest.mark.parametrize("seed", [3, 11])
def test_shuffled_income_bands_dim_alike(gl_context, festival, seed):
    """Dimming follows the records, not the band: with bands shuffled across journeys, the bands'
    dimming ratios agree within 10 %; with the true bands, low income dims far more than high."""
    city = synthesize(6000, seed=seed)
    kept, lit = kept_light(gl_context, festival, city)
    true = band_kept(kept, lit, city.income_band)
    assert true[2] - true[0] > 0.15, f"the disparity is on the wall: {true}"
    shuffled_bands = np.random.default_rng(seed).permutation(city.income_band)
    shuffled = dataclasses.replace(city, income_band=shuffled_bands)
    kept_s, lit_s = kept_light(gl_context, festival, shuffled)
    ratios = band_kept(kept_s, lit_s, shuffled_bands)
    assert ratios.max() / ratios.min() <= 1.10, f"shuffled bands dim alike: {ratios}"


def test_the_frame_darkens_when_the_network_fails(gl_context, festival, festival_data):
    """The whole wall gives off less light at the malfunction's peak than just before the outage."""
    pipeline = Pipeline(gl_context, festival, festival_data.tiles)

    def light(time: float) -> float:
        srgb = read_rgba8(pipeline.render(pipeline.frame(time, (480, 270)))[pipeline.output_name])[..., :3] / 255.0
        linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
        return float((linear @ LUMA).mean())

    try:
        before = light(pipeline.timeline.starts[1] - 1.0)   # the end of the gathering: everyone present
        peak = light(pipeline.timeline.scene_midpoint("malfunction"))
    finally:
        pipeline.release()
    assert peak < 0.9 * before, f"the wall's light goes from {before:.4f} to {peak:.4f}"
