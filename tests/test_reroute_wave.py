"""The rerouting wave: access returns as a front spreading from [story] reroute_origin, so a tile's
recovery time follows its distance from the origin (Spearman >= 0.8), in canvas space (regions stay
exact)."""

from __future__ import annotations

import numpy as np

from lumen.encode.story import journey_facts
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.pipeline import Pipeline
from lumen.pipeline.regions import Crop
from tests.gl_helpers import read_float
from tests.test_outage_light import journey_light

CANVAS = (480, 270)


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing their mean rank (as Spearman's rho needs)."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    ranked = np.empty(len(values))
    start = 0
    for end in np.append(np.flatnonzero(np.diff(sorted_values)) + 1, len(values)):
        ranked[order[start:end]] = (start + end + 1) / 2.0
        start = end
    return ranked


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def test_recovery_follows_distance_from_the_origin(gl_context, festival, festival_data):
    tiles = festival_data.tiles
    lost = journey_facts(festival_data.journeys, tuple(festival["data"]["outage_days"])).lost
    pipeline = Pipeline(gl_context, festival, tiles)
    try:
        start = pipeline.timeline.starts[2]
        length = pipeline.timeline.durations[2]
        assert pipeline.timeline.scenes[2].name == "rerouting"
        # Where each journey's tile sits, from the tile map itself (its pixels' centroid).
        ids = read_float(pipeline.render(pipeline.frame(start, CANVAS))["tiles"])[..., 0].astype(np.int64)
        ys, xs = np.nonzero(ids >= 0)
        slots = ids[ys, xs]
        count = np.bincount(slots, minlength=tiles.count)
        centre = np.stack([np.bincount(slots, xs, tiles.count), np.bincount(slots, ys, tiles.count)], 1)
        centre = centre / np.maximum(count, 1)[:, None]
        journey_centre = np.empty_like(centre)
        journey_centre[tiles.order] = centre            # slots -> journeys
        ox, oy = festival["story"]["reroute_origin"]
        distance = np.hypot(journey_centre[:, 0] - ox * CANVAS[0], journey_centre[:, 1] - (1 - oy) * CANVAS[1])
        recovered = np.full(tiles.count, np.inf)
        for t in np.arange(start + 1.0, start + 0.7 * length, 1.0):
            kept = journey_light(pipeline, tiles, t) / np.maximum(
                journey_light(pipeline, tiles, t, {"state": {"outage": 0.0}}), 1e-6)
            recovered[(kept > 0.5) & np.isinf(recovered)] = t
    finally:
        pipeline.release()
    tracked = lost & (count[np.argsort(tiles.order)] > 0) & np.isfinite(recovered)
    assert tracked.sum() > 500 and np.isfinite(recovered[lost]).all(), "every cut-off tile gets its light back"
    rho = spearman(recovered[tracked], distance[tracked])
    print(f"Spearman {rho:.3f} over {tracked.sum()} cut-off tiles")
    assert rho >= 0.8, f"recovery time vs distance from the origin: Spearman {rho:.2f}"


def test_the_wave_keeps_regions_exact(gl_context, festival, festival_data):
    renderer = HeadlessRenderer(festival, festival_data, ctx=gl_context, captions=False)
    try:
        t = renderer.pipeline.timeline.starts[2] + 0.3 * renderer.pipeline.timeline.durations[2]
        full = renderer.render(t, CANVAS)
        crop = Crop(200, 90, 120, 80)
        part = renderer.render(t, CANVAS, crop)
    finally:
        renderer.release()
    assert np.array_equal(part, full[crop.y: crop.y + crop.height, crop.x: crop.x + crop.width])
