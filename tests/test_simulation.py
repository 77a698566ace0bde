"""Simulation behaviour measured from the state texture and rendered frames."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.encode.features import compute_features
from lumen.encode.tiles import build_tile_data
from lumen.passes.simulate import decode_light
from lumen.pipeline.pipeline import Pipeline, read_rgba8
from lumen.records.journeys import Journeys
from lumen.records.schema import CHANNELS, EVENT_KINDS
from lumen.records.synth import synthesize
from tests.gl_helpers import journey_state, luminance, read_float, time_for_day


def journeys_with_events(events_per_journey: list[list[tuple[int, str]]]) -> Journeys:
    """A tiny dataset: journey i has the given (day, kind) events, all through the clinic."""
    n = len(events_per_journey)
    counts = [len(e) for e in events_per_journey]
    start = np.zeros(n + 1, np.int64)
    start[1:] = np.cumsum(counts)
    flat = [ev for evs in events_per_journey for ev in evs]
    return Journeys(
        ids=np.array([f"j-{i:05d}".encode() for i in range(n)]),
        district=np.zeros(n, np.int16), districts=("Riverside",),
        age_band=np.full(n, 2, np.int8), income_band=np.zeros(n, np.int8),
        event_start=start,
        event_day=np.array([d for d, _ in flat], np.int32),
        event_kind=np.array([EVENT_KINDS.index(k) for _, k in flat], np.int8),
        event_channel=np.full(len(flat), CHANNELS.index("clinic"), np.int8),
        event_outcome=np.full(len(flat), -1, np.int8),
    )


def pipeline_for(ctx, exhibit, journeys) -> Pipeline:
    features = compute_features(journeys, outage_days=tuple(exhibit["data"]["outage_days"]))
    return Pipeline(ctx, exhibit, build_tile_data(journeys, features, exhibit))


@pytest.fixture(scope="module")
def city(gl_context, festival):
    p = pipeline_for(gl_context, festival, synthesize(2000, seed=11))
    yield p
    p.release()


def test_event_raises_flare_then_it_decays(ctx, festival):
    p = pipeline_for(ctx, festival, journeys_with_events([[(0, "checkup"), (100, "checkup")], [(0, "checkup")]]))
    try:
        flare = {day: journey_state(p, time_for_day(p, day))[0, 1] for day in (99.5, 101.5, 104, 115, 140)}
        quiet = journey_state(p, time_for_day(p, 101.5))[1, 1]
    finally:
        p.release()
    assert flare[99.5] < 0.01
    assert flare[101.5] > 0.3, flare
    assert flare[101.5] > flare[104] > flare[115] > flare[140]
    assert flare[140] < 0.01
    assert quiet < 0.01, "a journey without an event at that time must not flare"


def test_missed_care_shades_instead_of_lighting(ctx, festival):
    p = pipeline_for(ctx, festival, journeys_with_events([[(0, "checkup"), (50, "missed")]]))
    try:
        before, after = (journey_state(p, time_for_day(p, d))[0] for d in (49, 52))
    finally:
        p.release()
    assert after[2] > before[2] + 0.2, "missed care must dim the tile"
    assert after[1] <= before[1] + 1e-4, "missed care must not flare"


def circular_spread(phase_fraction: np.ndarray) -> float:
    """1 - |mean resultant vector|: 0 when all phases agree, about 1 when scattered."""
    return 1.0 - float(np.abs(np.exp(2j * np.pi * phase_fraction.astype(np.float64)).mean()))


def test_coupling_one_brings_phase_spread_near_zero(ctx, city):
    scattered = circular_spread(journey_state(city, 33.0, overrides={"state": {"coupling": 0.0}})[:, 3])
    locked = circular_spread(journey_state(city, 33.0, overrides={"state": {"coupling": 1.0}})[:, 3])
    assert scattered > 0.8
    assert locked < 1e-3


def test_outage_dims_high_impact_tiles(ctx, city):
    impact = city.gl.data.tiles.rhythm[:, 2]  # outage impact, rows in the GPU's (slot) order
    dim = journey_state(city, 50.0, overrides={"state": {"outage": 1.0}})[:, 2]
    calm = journey_state(city, 50.0, overrides={"state": {"outage": 0.0}})[:, 2]
    extra = dim - calm
    assert np.corrcoef(extra, impact)[0, 1] > 0.9


def test_absent_tiles_stay_dark(ctx, festival):
    # Three journeys on a 2x2 grid: the fourth cell has no journey and must stay as dark as the water.
    p = pipeline_for(ctx, festival, journeys_with_events([[(0, "checkup")]] * 3))
    try:
        outputs = p.render(p.frame(1.0, (200, 200)))
        tiles = read_float(outputs["tiles"])
        cells = read_float(outputs["halo_source"])  # the HDR mosaic at quarter resolution
        step = round(outputs["halo_source"].texel)
        rgb = read_rgba8(outputs["display"])[::-1]  # back to GL row order, like the float targets
    finally:
        p.release()
    empty = tiles[..., 0] < 0
    assert empty.any() and (~empty).any()
    sampled_empty = empty[step // 2::step, step // 2::step]  # the tile-map pixels it point-samples
    water = max(p.gl.palette["background_top"] + p.gl.palette["background_bottom"])
    assert cells[..., :3][sampled_empty].max() <= water + 1e-3, "no light may be drawn where no journey is"
    assert cells[..., :3][~sampled_empty].max() > 0.2
    # Centre of the empty bottom-right cell vs the centre of a lit one, after bloom and tone mapping.
    luma = luminance(rgb)
    assert luma[55, 145] < 0.3 * luma[145, 55]


def test_bloom_never_darkens(ctx, city):
    t = 40.0
    with_bloom = city.render_rgba(city.frame(t, (320, 180))).astype(np.int16)
    without = city.render_rgba(city.frame(t, (320, 180), overrides={"display": {"bloom_strength": 0.0}}))
    assert (with_bloom - without.astype(np.int16)).min() >= -1  # dither may move a value by one step
    assert with_bloom.mean() > without.mean()


@pytest.mark.parametrize("exposure", [-8.0, 0.0, 8.0])
def test_tonemapped_output_stays_in_range_and_ordered(ctx, city, exposure):
    frame = city.render_rgba(city.frame(40.0, (160, 90), overrides={"display": {"exposure": exposure}}))
    brighter = city.render_rgba(city.frame(40.0, (160, 90), overrides={"display": {"exposure": exposure + 1}}))
    assert frame.dtype == np.uint8 and (frame[..., 3] == 255).all()
    assert luminance(brighter).mean() >= luminance(frame).mean()
    if exposure == 8.0:
        assert luminance(frame).max() <= 255 and luminance(frame).mean() > 60, "no NaN holes at high exposure"


def test_event_sums_are_computed_once_per_dataset_day(ctx, festival):
    p = pipeline_for(ctx, festival, journeys_with_events([[(0, "checkup"), (100, "checkup")]]))
    try:
        simulate = next(node for node in p.passes if node.kind == "simulate")
        journey_state(p, time_for_day(p, 100.1))  # a seek: the glow field warms up over earlier days
        runs = simulate.sum_runs
        for day in (100.4, 100.9):  # playing on within the day (glow steps included)
            journey_state(p, time_for_day(p, day))
        assert simulate.sum_runs == runs, "frames within one dataset day reuse the day's sums"
        journey_state(p, time_for_day(p, 101.2))
        assert simulate.sum_runs == runs + 1
    finally:
        p.release()


def test_flare_envelope_is_continuous_across_day_boundaries(ctx, festival):
    # The sums restart each whole day; the flare they give must not jump at midnight.
    p = pipeline_for(ctx, festival, journeys_with_events([[(0, "checkup"), (100, "checkup")]]))
    try:
        before, after = (journey_state(p, time_for_day(p, d))[0, 1] for d in (102.999, 103.001))
    finally:
        p.release()
    assert before > 0.1 and abs(before - after) < 0.01 * before


def light_rgb(pipeline, time, overrides=None) -> np.ndarray:
    outputs = pipeline.render(pipeline.frame(time, (64, 36), overrides=overrides))
    return decode_light(light_texels(outputs["state"]))[: pipeline.gl.data.count]


def light_texels(target) -> np.ndarray:
    """The simulate pass's rgba8 light texels, one row per journey slot."""
    return np.frombuffer(target.texture.read(), np.uint8).reshape(-1, 4)


def direction(rgb: np.ndarray) -> np.ndarray:
    return rgb / np.maximum(np.linalg.norm(rgb, axis=-1, keepdims=True), 1e-9)


def test_palette_blend_moves_tile_colours_to_the_second_palette(ctx, city):
    tiles = city.gl.data.tiles
    a = light_rgb(city, 420.0, {"state": {"flare_gain": 0.0, "palette_blend": 0.0}})
    b = light_rgb(city, 420.0, {"state": {"flare_gain": 0.0, "palette_blend": 1.0}})
    lit = (np.linalg.norm(a, axis=-1) > 1e-3) & (np.linalg.norm(b, axis=-1) > 1e-3)
    assert lit.sum() > 100
    a, b = a[lit], b[lit]
    assert (direction(a) * direction(tiles.colour[lit, :3])).sum(-1).min() > 0.999
    assert (direction(b) * direction(tiles.colour_b[lit, :3])).sum(-1).min() > 0.99
    assert not np.allclose(direction(a), direction(b), atol=0.05), "the festival blends toward another palette"


def test_flares_take_the_tile_channel_colour_when_tinted(ctx, city):
    assert city.gl.flare_tinted, "the festival tints flares by channel"
    t = 420.0
    flare = light_rgb(city, t, {"state": {"flare_gain": 4.0}}) - light_rgb(city, t, {"state": {"flare_gain": 0.0}})
    strong = np.linalg.norm(flare, axis=-1) > 0.05
    codes = city.gl.data.tiles.colour[:, :3]
    clinic = strong & np.all(np.isclose(codes, codes[strong][0]), axis=-1)
    other = strong & ~clinic
    assert clinic.sum() > 5 and other.sum() > 5
    spread = np.linalg.norm(direction(flare[clinic]).mean(0) - direction(flare[other]).mean(0))
    assert spread > 0.05, "flares of different channels must differ in colour"
    city.gl.flare_tinted = False
    try:
        plain = light_rgb(city, t, {"state": {"flare_gain": 4.0}}) - light_rgb(city, t, {"state": {"flare_gain": 0.0}})
    finally:
        city.gl.flare_tinted = True
    # Light is stored in 8 bits a channel (RGBM): judge the colour of flares well above that step.
    plain_dirs = direction(plain[np.linalg.norm(plain, axis=-1) > 0.3])
    assert len(plain_dirs) > 10
    assert np.abs(plain_dirs - plain_dirs[0]).max() < 0.02, "uniform flares share one colour"


def test_the_state_target_is_written_only_for_analysis_and_leaves_the_light_unchanged(ctx, city):
    frame = city.frame(420.0, (64, 36))
    city.gl.analysis = False
    outputs = city.render(frame)
    assert "state.state" not in outputs
    plain = light_texels(outputs["state"])
    city.gl.analysis = True
    try:
        outputs = city.render(frame)
        assert outputs["state.state"].texture.size == outputs["state"].texture.size
        assert np.array_equal(light_texels(outputs["state"]), plain)
    finally:
        city.gl.analysis = False
